"""Login, logout and changing one's own password.

The login form has its own CSRF protection (login CSRF would let another site log a caseworker into
an attacker's account): a random value in a SameSite=Strict cookie that the form must echo back.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from web.console import audit, auth, passwords
from web.console.config import settings
from web.console.db import console_db
from web.console.models import Caseworker
from web.console.security import (
    COOKIE_PATH,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    ConsoleRoute,
    CsrfChecked,
    LoggedIn,
    clear_session_cookie,
    client_ip,
    safe_next,
    same_origin,
    set_session_cookie,
)
from web.console.templating import render

router = APIRouter(route_class=ConsoleRoute)


def _login_page(request: Request, next_url: str, error: str | None = None, status: int = 200):
    token = secrets.token_urlsafe(32)
    response = render(
        request, "login.html", status_code=status, login_csrf=token, next_url=safe_next(next_url), error=error
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=settings().console_secure_cookies,
    )
    return response


@router.get("/login")
def login_form(request: Request, next: str = "/console/"):  # noqa: A002 - the query parameter's name
    with console_db() as session:
        if auth.resolve_session(session, request.cookies.get(SESSION_COOKIE)):
            return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, next)


@router.post("/login")
def login_submit(
    request: Request,
    username: str = Form("", max_length=200),
    password: str = Form("", max_length=1000),
    csrf_token: str = Form(""),
    next: str = Form("/console/"),
):  # noqa: A002
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if (
        not expected
        or not csrf_token
        or not hmac.compare_digest(expected.encode(), csrf_token.encode())
        or not same_origin(request)
    ):
        return _login_page(request, next, "Formuläret har gått ut. Försök igen.", status=403)
    with console_db() as session:
        # Whatever session cookie came with the request is dropped: a login always gets a fresh id.
        auth.logout(session, request.cookies.get(SESSION_COOKIE))
        result = auth.login(session, username, password, client_ip(request))
    if result.token is None:
        return _login_page(request, next, result.error, status=result.status)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookie(response, result.token)
    response.delete_cookie(
        LOGIN_CSRF_COOKIE, path=COOKIE_PATH, httponly=True, samesite="strict", secure=settings().console_secure_cookies
    )
    return response


@router.post("/logout")
def logout(identity: CsrfChecked, request: Request):
    with console_db() as session:
        auth.logout(session, request.cookies.get(SESSION_COOKIE))
        audit.record(session, identity.username, "logout", ip=client_ip(request))
    response = RedirectResponse("/console/login?msg=logged_out", status_code=303)
    clear_session_cookie(response)
    return response


@router.get("/account")
def account(identity: LoggedIn, request: Request):
    return render(request, "account.html", error=None)


@router.post("/account/password")
def change_password(
    identity: CsrfChecked,
    request: Request,
    current_password: str = Form(..., max_length=1000),
    new_password: str = Form(..., max_length=1000),
    repeat_password: str = Form(..., max_length=1000),
):
    error = None
    with console_db() as session:
        user = session.get(Caseworker, identity.user_id)
        if not passwords.verify(user.password_hash, current_password):
            error = "Nuvarande lösenord stämmer inte."
        elif new_password != repeat_password:
            error = "De nya lösenorden är inte lika."
        else:
            try:
                user.password_hash = passwords.hash_password(new_password)
            except passwords.WeakPassword as weak:
                error = str(weak)
            else:
                # Other sessions of this account end; this one stays.
                auth.end_sessions(session, user.id, keep_token_hash=identity.token_hash)
                audit.record(
                    session,
                    identity.username,
                    "change_password",
                    target=identity.username,
                    ip=client_ip(request),
                )
    if error:
        return render(request, "account.html", status_code=400, error=error)
    return RedirectResponse("/console/account?msg=password_changed", status_code=303)
