"""The embeddable chat widget: its static files and the Swedish demo page at `/`.

The files are plain JavaScript and CSS served from this package, so the widget needs no build step,
no framework and no CDN; the conversation itself goes through web.chat_api.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
I18N = HERE / "i18n"
# The interface languages; each has i18n/<code>.json with every string of the widget.
LANGUAGES = ("sv", "en", "ar", "so", "uk", "fa")
# Only these files are served: nothing else in the package can be fetched by name.
ASSETS = {
    "jobbcoach-widget.js": "text/javascript; charset=utf-8",
    "jobbcoach-widget.css": "text/css; charset=utf-8",
}
# Short cache: a deploy reaches browsers within minutes, yet a page of chat is not refetching them.
CACHE = "public, max-age=300"

router = APIRouter(tags=["chattwidget"])


@cache
def demo_csp() -> str:
    """A Content-Security-Policy allowing only this page's own inline config script and style.

    The widget never inserts markup from text, but if that ever broke, an injected <script> or
    onerror handler would still not run: defence in depth for the page we ship.
    """
    page = (HERE / "demo.html").read_text(encoding="utf-8")

    def hashes(tag: str) -> str:
        bodies = re.findall(rf"<{tag}>(.*?)</{tag}>", page, flags=re.DOTALL)
        return " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'"
                        for b in bodies)

    return (f"default-src 'self'; script-src 'self' {hashes('script')}; style-src 'self' {hashes('style')}; "
            "img-src 'self' https: data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'self'; object-src 'none'")


@router.get("/", include_in_schema=False)
async def demo_page() -> FileResponse:
    """The demo page the run command prints: a Swedish page with the widget open."""
    return FileResponse(HERE / "demo.html", media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-cache", "Content-Security-Policy": demo_csp()})


@router.get("/widget/{name}", include_in_schema=False)
async def widget_asset(name: str) -> FileResponse:
    if name not in ASSETS:
        raise HTTPException(status_code=404)
    return FileResponse(STATIC / name, media_type=ASSETS[name],
                        headers={"Cache-Control": CACHE, "X-Content-Type-Options": "nosniff"})


@router.get("/widget/i18n/{code}.json", include_in_schema=False)
async def widget_strings(code: str) -> FileResponse:
    """The widget's interface strings in one language (data, not code: a language is one file)."""
    if code not in LANGUAGES:
        raise HTTPException(status_code=404)
    return FileResponse(I18N / f"{code}.json", media_type="application/json; charset=utf-8",
                        headers={"Cache-Control": CACHE, "X-Content-Type-Options": "nosniff"})
