"""The insight pages: server-rendered SVG charts over recent conversations, and the labour market
per county and quarter (web/console/market.py)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from jobmatch.local_index import IndexNotFoundError
from jobmatch.service import get_service
from web.console import insight, market
from web.console.security import ConsoleRoute, LoggedIn
from web.console.templating import render

router = APIRouter(route_class=ConsoleRoute)


@router.get("/insight")
def insight_page(identity: LoggedIn, request: Request, days: int = Query(30, ge=1, le=365)):
    return render(request, "insight.html", data=insight.compute(days))


@router.get("/insight/market")
def market_page(identity: LoggedIn, request: Request,
                region: str = Query("", pattern=r"^(\d{2})?$", description="county code; empty: the whole country"),
                quarter: str = Query("", pattern=r"^(20\d\d-Q[1-4])?$")):
    try:
        data = market.compute(get_service(), region or None, quarter or None)
    except IndexNotFoundError:
        data = None  # no job index yet: the page says so instead of failing
    return render(request, "market.html", data=data)
