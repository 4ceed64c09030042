"""The insight page: server-rendered SVG charts over recent conversations."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from web.console import insight
from web.console.security import ConsoleRoute, LoggedIn
from web.console.templating import render

router = APIRouter(route_class=ConsoleRoute)


@router.get("/insight")
def insight_page(identity: LoggedIn, request: Request, days: int = Query(30, ge=1, le=365)):
    return render(request, "insight.html", data=insight.compute(days))
