"""Administration (admins only): caseworker accounts and the audit log."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from web.console import audit, auth, queues
from web.console.db import console_db
from web.console.models import ROLES, Caseworker
from web.console.security import Admin, ConsoleRoute, client_ip, csrf_protect
from web.console.templating import render

router = APIRouter(route_class=ConsoleRoute)


def _users_page(request: Request, error: str | None = None, status: int = 200):
    with console_db() as session:
        users = list(session.scalars(select(Caseworker).order_by(Caseworker.username)))
        locked = {u.username for u in users if auth.is_locked(session, u.username)}
    return render(
        request, "users.html", status_code=status, users=users, locked=locked, roles=ROLES, error=error
    )


@router.get("/admin/users")
def users(identity: Admin, request: Request):
    return _users_page(request)


@router.post("/admin/users", dependencies=[Depends(csrf_protect)])
def create_user(
    identity: Admin,
    request: Request,
    username: str = Form(..., max_length=80),
    password: str = Form(..., max_length=1000),
    role: str = Form("caseworker"),
):
    try:
        with console_db() as session:
            user = auth.create_user(session, username, password, role)
            audit.record(
                session,
                identity.username,
                "create_user",
                target=user.username,
                detail=f"roll={role}",
                ip=client_ip(request),
            )
    except auth.AccountError as error:
        return _users_page(request, str(error), status=400)
    return RedirectResponse("/console/admin/users?msg=user_created", status_code=303)


@router.post("/admin/users/{user_id}", dependencies=[Depends(csrf_protect)])
def update_user(
    identity: Admin,
    request: Request,
    user_id: int,
    action: str = Form(...),
    role: str = Form(""),
    password: str = Form("", max_length=1000),
    team: str = Form("", max_length=40),
):
    try:
        with console_db() as session:
            user = session.get(Caseworker, user_id)
            if user is None:
                raise HTTPException(status_code=404, detail="Kontot finns inte.")
            if user.id == identity.user_id and action in ("deactivate", "role"):
                raise auth.AccountError("Du kan inte ändra roll på eller inaktivera ditt eget konto.")
            if action == "role":
                if role not in ROLES:
                    raise auth.AccountError("Okänd roll.")
                user.role = role
                auth.end_sessions(session, user.id)
            elif action == "deactivate":
                user.active = False
                auth.end_sessions(session, user.id)
            elif action == "activate":
                user.active = True
            elif action == "unlock":
                auth.unlock(session, user.username)
            elif action == "reset_password":
                auth.set_password(session, user, password)
            elif action == "team":  # the inbox's "Mitt team" and the team a taken case gets
                user.team = queues.normalise_team(team)
            else:
                raise auth.AccountError("Okänd åtgärd.")
            audit.record(
                session,
                identity.username,
                "update_user",
                target=user.username,
                detail=action + (f"={role}" if action == "role" else f"={user.team or '–'}" if action == "team" else ""),
                ip=client_ip(request),
            )
    except auth.AccountError as error:
        return _users_page(request, str(error), status=400)
    return RedirectResponse("/console/admin/users?msg=user_updated", status_code=303)


@router.get("/admin/audit")
def audit_log(
    identity: Admin,
    request: Request,
    actor: str | None = Query(None, max_length=80),
    action: str | None = Query(None, max_length=40),
    target: str | None = Query(None, max_length=255),
    page: int = Query(1, ge=1, le=100000),
):
    page_size = 100
    with console_db() as session:
        entries = audit.recent(
            session,
            limit=page_size + 1,
            offset=(page - 1) * page_size,
            actor=actor or None,
            action=action or None,
            target=target or None,
        )
    has_more = len(entries) > page_size
    return render(
        request,
        "audit.html",
        entries=entries[:page_size],
        page=page,
        has_more=has_more,
        params={"actor": actor, "action": action, "target": target},
    )
