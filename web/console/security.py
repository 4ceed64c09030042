"""What every console route shares: login required, roles, CSRF, and security headers.

FastAPI cannot add middleware from a router, and the console must not change how the rest of the
web app behaves, so these live in a route class (`ConsoleRoute`) that wraps each console handler:
it turns "not logged in" into a redirect to the login page (pages) or 401 (API), renders errors
itself, and sets the security headers on every response, errors included.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.routing import APIRoute

from web.client_address import client_address
from web.console import auth
from web.console.config import settings
from web.console.db import console_db
from web.console.templating import render_error

SESSION_COOKIE = "jobbcoach_console"
LOGIN_CSRF_COOKIE = "jobbcoach_console_login"
COOKIE_PATH = "/console"
API_PREFIX = "/console/api"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class LoginRequired(Exception):
    """No valid session: pages redirect to the login page, the API answers 401."""


class Forbidden(Exception):
    def __init__(self, message: str = "Du har inte behörighet till detta.") -> None:
        super().__init__(message)
        self.message = message


def security_headers(response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"  # "no-referrer" would make Chrome send Origin: null
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if "cache-control" not in headers:
        # Transcripts are personal data: not in the browser's cache or any proxy's.
        headers["Cache-Control"] = "no-store"
    if settings().console_secure_cookies:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


def is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def safe_next(target: str | None) -> str:
    """Only a path inside the console: never an absolute URL (open redirect)."""
    if not target:
        return "/console/"
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not parts.path.startswith("/console")
        or target.startswith("//")
        or "\\" in target
    ):
        return "/console/"
    return target


def jsonable_errors(error: RequestValidationError) -> list[dict]:
    """Where and what, without echoing the submitted values back."""
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in error.errors()]


def _error_page(status: int, message: str) -> HTMLResponse:
    return render_error(status, message)


class ConsoleRoute(APIRoute):
    def get_route_handler(self) -> Callable:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                response = await original(request)
            except LoginRequired:
                if is_api(request):
                    response = JSONResponse({"detail": "Inloggning krävs."}, status_code=401)
                else:
                    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                    response = RedirectResponse(
                        f"/console/login?next={quote(safe_next(target))}", status_code=303
                    )
            except Forbidden as error:
                response = (
                    JSONResponse({"detail": error.message}, status_code=403)
                    if is_api(request)
                    else _error_page(403, error.message)
                )
            except RequestValidationError as error:
                response = (
                    JSONResponse({"detail": jsonable_errors(error)}, status_code=422)
                    if is_api(request)
                    else _error_page(422, "Ogiltiga uppgifter i begäran.")
                )
            except HTTPException as error:
                detail = error.detail if isinstance(error.detail, str) else json.dumps(error.detail)
                response = (
                    JSONResponse({"detail": error.detail}, status_code=error.status_code)
                    if is_api(request)
                    else _error_page(error.status_code, detail)
                )
            return security_headers(response)

        return handler


# --- dependencies --------------------------------------------------------------------------------


def client_ip(request: Request) -> str:
    """The caller's address for login limits and the audit log: proxy headers count only from
    JOBBCOACH_TRUSTED_PROXIES (web.client_address)."""
    return client_address(request)


def current_identity(request: Request) -> auth.Identity:
    """The logged-in caseworker; every console route but login and static files depends on it."""
    cached = getattr(request.state, "identity", None)
    if cached is not None:
        return cached
    with console_db() as session:
        identity = auth.resolve_session(session, request.cookies.get(SESSION_COOKIE))
    if identity is None:
        raise LoginRequired()
    request.state.identity = identity
    return identity


LoggedIn = Annotated[auth.Identity, Depends(current_identity)]


def watching_identity(request: Request) -> auth.Identity:
    """The logged-in caseworker, for requests a page's script makes on its own (polling): they do
    not count as activity, so the idle timeout still ends the session of a forgotten tab."""
    with console_db() as session:
        identity = auth.resolve_session(session, request.cookies.get(SESSION_COOKIE), touch=False)
    if identity is None:
        raise LoginRequired()
    request.state.identity = identity
    return identity


Watching = Annotated[auth.Identity, Depends(watching_identity)]


def require_admin(identity: LoggedIn) -> auth.Identity:
    if not identity.is_admin:
        raise Forbidden("Endast administratörer får göra detta.")
    return identity


def same_origin(request: Request) -> bool:
    """Browsers send Origin on POST; when present it must be this server (defence in depth)."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    host = request.headers.get("host", "")
    return urlsplit(origin).netloc == host


Admin = Annotated[auth.Identity, Depends(require_admin)]


async def csrf_protect(request: Request, identity: LoggedIn) -> auth.Identity:
    """Synchroniser token: the session's secret token must come back in the form field
    `csrf_token` or the `X-CSRF-Token` header of every state-changing request."""
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if (
        not sent
        or not hmac.compare_digest(sent.encode(), identity.csrf_token.encode())
        or not same_origin(request)
    ):
        raise HTTPException(
            status_code=403, detail="Ogiltig eller saknad CSRF-token. Ladda om sidan och försök igen."
        )
    return identity


CsrfChecked = Annotated[auth.Identity, Depends(csrf_protect)]


def set_session_cookie(response: Response, token: str) -> None:
    cfg = settings()
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=cfg.console_session_max_hours * 3600,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=cfg.console_secure_cookies,
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path=COOKIE_PATH, httponly=True, samesite="strict", secure=settings().console_secure_cookies
    )
