"""What every response of the web app gets, whichever router (or none: 404, 405) answered it.

- The security headers docs/threat-model.md promises, on every response, errors and /docs included.
  A router that sets its own (the console's strict CSP, the demo page's hashes) keeps them.
- `Cache-Control: no-store` on everything that carries personal data (chat, console).
- Validation errors (422) that say where and what, never echo the input: the input may be 1 MB,
  or hold a lone surrogate that cannot even be encoded as UTF-8 (which made the default handler
  answer 500).
- Bodies over MAX_BODY_BYTES are refused with 413 before anyone parses them (file uploads cap
  their own bodies: OWN_LIMIT_PATHS).

Pure ASGI middleware (not BaseHTTPMiddleware), so streamed responses (SSE) pass through untouched.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# A 20,000-character CV is at most ~120 KB as JSON (\uXXXX escapes); four times that is refused.
MAX_BODY_BYTES = 512 * 1024
# Routes that take a file as their body and cap it themselves, at the file's own limit and with a
# kind answer in the chat instead of a bare 413 (web.cv_upload.read_body_capped).
OWN_LIMIT_PATHS = frozenset({"/api/chat/cv", "/internal/cv", "/api/profile/parse"})  # the last: web.cv_api
MAX_ERRORS = 20
MAX_ERROR_TEXT = 200

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
# JSON and errors need nothing from the page they might be shown in.
DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# FastAPI's /docs and /redoc pages load their viewer from jsdelivr and start it with an inline script.
DOCS_CSP = ("default-src 'none'; script-src https://cdn.jsdelivr.net 'unsafe-inline'; "
            "style-src https://cdn.jsdelivr.net https://fonts.googleapis.com 'unsafe-inline'; "
            "font-src https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com; "
            "connect-src 'self'; worker-src blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
DOCS_PATHS = ("/docs", "/redoc")
PERSONAL_DATA_PREFIXES = ("/api/chat", "/console")
# The widget's script and style are loaded by pages on other origins (docs/channels.md).
CROSS_ORIGIN_PREFIXES = ("/widget/",)


def headers_for(path: str) -> dict[str, str]:
    """The headers a response to `path` must carry unless its route set them itself."""
    headers = dict(SECURITY_HEADERS)
    headers["content-security-policy"] = DOCS_CSP if path.startswith(DOCS_PATHS) else DEFAULT_CSP
    if path.startswith(CROSS_ORIGIN_PREFIXES):
        headers["cross-origin-resource-policy"] = "cross-origin"
    if path.startswith(PERSONAL_DATA_PREFIXES):
        headers["cache-control"] = "no-store"
    return headers


class SecurityHeaders:
    """Adds headers_for(path) to every HTTP response, keeping any the route set."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = headers_for(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name.encode(), value.encode()) for name, value in wanted.items()
                         if name.encode() not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodySizeLimit:
    """413 for a request whose declared or actual body exceeds MAX_BODY_BYTES."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in OWN_LIMIT_PATHS:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.limit:
            await too_large(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, counting_receive, send)
        except BodyTooLarge:
            await too_large(scope, receive, send)


class BodyTooLarge(HTTPException):
    """An HTTPException, so FastAPI's body reading passes it on as a 413 (not "error parsing")."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail=f"Förfrågan är för stor (högst {MAX_BODY_BYTES // 1024} KB).")


async def too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse({"detail": f"Förfrågan är för stor (högst {MAX_BODY_BYTES // 1024} KB)."},
                            status_code=413)
    await response(scope, receive, send)


def printable(value: Any, limit: int = MAX_ERROR_TEXT) -> str:
    """Short, and encodable as UTF-8 whatever it held (lone surrogates become '?')."""
    return str(value)[:limit].encode("utf-8", "replace").decode("utf-8")


async def validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
    """Where and what for each problem (at most MAX_ERRORS), never the submitted value."""
    detail = [{"loc": [printable(part, 60) for part in problem.get("loc", ())][:10],
               "msg": printable(problem.get("msg", "")), "type": printable(problem.get("type", ""), 60)}
              for problem in error.errors()[:MAX_ERRORS]]
    return JSONResponse({"detail": detail}, status_code=422)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_middleware(BodySizeLimit)
    app.add_middleware(SecurityHeaders)  # added last = outermost: it sees the 413s too
