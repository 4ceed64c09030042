"""The insight page: server-rendered SVG charts over recent conversations."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from web.console import auth, insight
from web.console.security import ConsoleRoute, current_identity
from web.console.templating import render

router = APIRouter(route_class=ConsoleRoute)


@router.get("/insight")
def insight_page(request: Request, days: int = Query(30, ge=1, le=365),
                 identity: auth.Identity = Depends(current_identity)):
    return render(request, "insight.html", data=insight.compute(days))
