"""The console's own CSS and JavaScript (no CDN). Public, like any login page's stylesheet: they
contain no data. Only files that exist in static/ with a known type are served."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from web.console.security import ConsoleRoute

router = APIRouter(route_class=ConsoleRoute)
STATIC = Path(__file__).parent / "static"
TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}


@router.get("/static/{name}")
def static_file(name: str):
    path = STATIC / name
    if "/" in name or "\\" in name or name.startswith(".") or path.suffix not in TYPES or not path.is_file():
        raise HTTPException(status_code=404, detail="Filen finns inte.")
    return Response(
        path.read_bytes(), media_type=TYPES[path.suffix], headers={"Cache-Control": "private, max-age=300"}
    )
