"""Login, sessions, lock-out, rate limiting, roles and account management."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from tests.console.conftest import ADMIN_PASSWORD, CASEWORKER_PASSWORD, console_cli


def _session_cookie(response) -> str:
    return next(h for h in response.headers.get_list("set-cookie") if h.startswith("jobbcoach_console="))


def test_login_sets_a_strict_httponly_session_cookie_and_stores_only_its_hash(accounts, new_console):
    console = new_console()
    response = console.login("admin", ADMIN_PASSWORD)
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/console" in cookie
    assert "Secure" not in cookie  # plain http on loopback by default
    token = console.client.cookies.get("jobbcoach_console")

    from web.console.db import console_db
    from web.console.models import Caseworker, ConsoleSession

    with console_db() as session:
        stored = session.scalars(select(ConsoleSession.token_hash)).all()
        user = session.scalar(select(Caseworker).where(Caseworker.username == "admin"))
    assert token not in stored and len(stored) == 1
    assert user.password_hash.startswith("$argon2id$") and ADMIN_PASSWORD not in user.password_hash


def test_secure_cookie_flag_and_hsts_when_configured(accounts, new_console, monkeypatch):
    monkeypatch.setenv("JOBBCOACH_CONSOLE_SECURE_COOKIES", "true")
    console = new_console()
    page = console.client.get("/console/login")
    assert "Secure" in page.headers["set-cookie"]
    assert page.headers["strict-transport-security"].startswith("max-age=")


def test_wrong_password_and_unknown_user_get_the_same_answer(accounts, new_console):
    console = new_console()
    wrong = console.login("admin", "not the password", expect_ok=False)
    unknown = console.login("nobody", "not the password", expect_ok=False)
    assert wrong.status_code == unknown.status_code == 401
    assert (
        "Fel användarnamn eller lösenord." in wrong.text
        and "Fel användarnamn eller lösenord." in unknown.text
    )
    assert "jobbcoach_console=" not in (wrong.headers.get("set-cookie") or "")


def test_lock_out_after_repeated_failures_even_with_the_right_password(accounts, new_console, monkeypatch):
    monkeypatch.setenv("JOBBCOACH_CONSOLE_MAX_FAILED_LOGINS", "3")
    console = new_console()
    for _ in range(3):
        assert console.login("anna", "fel lösenord", expect_ok=False).status_code == 401
    locked = console.login("anna", CASEWORKER_PASSWORD, expect_ok=False)
    assert locked.status_code == 423 and "låst" in locked.text
    # Other accounts are not affected.
    assert console.login("admin", ADMIN_PASSWORD).status_code == 303


def test_lock_out_ends_after_the_lockout_time(accounts, new_console, monkeypatch):
    monkeypatch.setenv("JOBBCOACH_CONSOLE_MAX_FAILED_LOGINS", "2")
    console = new_console()
    for _ in range(2):
        console.login("anna", "fel lösenord", expect_ok=False)
    assert console.login("anna", CASEWORKER_PASSWORD, expect_ok=False).status_code == 423

    from web.console.db import console_db
    from web.console.models import LoginAttempt

    with console_db() as session:  # the failures happened 16 minutes ago
        session.execute(update(LoginAttempt).values(at=datetime.now(UTC) - timedelta(minutes=16)))
    assert console.login("anna", CASEWORKER_PASSWORD).status_code == 303


def test_admin_can_unlock_a_locked_account(accounts, admin, new_console, monkeypatch):
    monkeypatch.setenv("JOBBCOACH_CONSOLE_MAX_FAILED_LOGINS", "2")
    other = new_console()
    for _ in range(2):
        other.login("anna", "fel lösenord", expect_ok=False)
    page = admin.get("/console/admin/users")
    assert "låst" in page.text
    from web.console.db import console_db
    from web.console.models import Caseworker

    with console_db() as session:
        anna_id = session.scalar(select(Caseworker.id).where(Caseworker.username == "anna"))
    assert admin.post(f"/console/admin/users/{anna_id}", {"action": "unlock"}).status_code == 303
    assert other.login("anna", CASEWORKER_PASSWORD).status_code == 303


def test_login_is_rate_limited_per_address(accounts, new_console, monkeypatch):
    monkeypatch.setenv("JOBBCOACH_CONSOLE_IP_FAILURES", "4")
    monkeypatch.setenv("JOBBCOACH_CONSOLE_MAX_FAILED_LOGINS", "100")
    console = new_console()
    for name in ("a1", "a2", "a3", "a4"):  # spraying different names from one address
        assert console.login(name, "x" * 12, expect_ok=False).status_code == 401
    limited = console.login("admin", ADMIN_PASSWORD, expect_ok=False)
    assert limited.status_code == 429


def test_login_form_needs_its_csrf_token(accounts, new_console):
    console = new_console()
    console.client.get("/console/login")
    response = console.client.post(
        "/console/login",
        data={"username": "admin", "password": ADMIN_PASSWORD, "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert "jobbcoach_console=" not in (response.headers.get("set-cookie") or "")


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/elsewhere", "/\\evil.example"]
)
def test_login_never_redirects_outside_the_console(accounts, new_console, target):
    console = new_console()
    page = console.client.get("/console/login")
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = console.client.post(
        "/console/login",
        data={"username": "admin", "password": ADMIN_PASSWORD, "csrf_token": token, "next": target},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/console/"


def test_logout_ends_the_session_on_the_server(admin):
    token = admin.client.cookies.get("jobbcoach_console")
    assert admin.post("/console/logout").status_code == 303
    admin.client.cookies.set("jobbcoach_console", token, path="/console")  # a stolen copy of the cookie
    assert admin.get("/console/api/me").status_code == 401


def test_idle_session_expires(caseworker, monkeypatch):
    from web.console.db import console_db
    from web.console.models import ConsoleSession

    with console_db() as session:
        session.execute(update(ConsoleSession).values(last_seen_at=datetime.now(UTC) - timedelta(minutes=31)))
    assert caseworker.get("/console/api/me").status_code == 401


def test_caseworker_cannot_reach_admin_pages_or_delete(caseworker):
    assert caseworker.get("/console/admin/users").status_code == 403
    assert caseworker.get("/console/admin/audit").status_code == 403
    assert caseworker.post("/console/admin/users", {"username": "x", "password": "y" * 12}).status_code == 403
    assert (
        caseworker.post("/console/transcript/delete", {"sender": "s", "confirm": "RADERA"}).status_code == 403
    )
    assert caseworker.get("/console/api/me").json() == {"username": "anna", "role": "caseworker"}


def test_admin_creates_a_caseworker_who_can_log_in(admin, new_console):
    response = admin.post(
        "/console/admin/users", {"username": "Bertil", "password": "bertils-lösenord", "role": "caseworker"}
    )
    assert response.status_code == 303
    weak = admin.post("/console/admin/users", {"username": "cesar", "password": "kort", "role": "caseworker"})
    assert weak.status_code == 400 and "minst 12 tecken" in weak.text
    bertil = new_console()
    assert bertil.login("bertil", "bertils-lösenord").status_code == 303
    assert bertil.get("/console/api/me").json()["role"] == "caseworker"


def test_deactivating_or_demoting_a_user_ends_their_sessions(admin, caseworker):
    from web.console.db import console_db
    from web.console.models import Caseworker

    with console_db() as session:
        anna_id = session.scalar(select(Caseworker.id).where(Caseworker.username == "anna"))
    assert caseworker.get("/console/api/me").status_code == 200
    assert admin.post(f"/console/admin/users/{anna_id}", {"action": "deactivate"}).status_code == 303
    assert caseworker.get("/console/api/me").status_code == 401
    assert caseworker.login("anna", CASEWORKER_PASSWORD, expect_ok=False).status_code == 401


def test_admin_cannot_lock_themselves_out(admin):
    from web.console.db import console_db
    from web.console.models import Caseworker

    with console_db() as session:
        admin_id = session.scalar(select(Caseworker.id).where(Caseworker.username == "admin"))
    response = admin.post(f"/console/admin/users/{admin_id}", {"action": "deactivate"})
    assert response.status_code == 400


def test_changing_password_ends_other_sessions_but_not_this_one(accounts, new_console):
    first, second = new_console(), new_console()
    first.login("anna", CASEWORKER_PASSWORD)
    second.login("anna", CASEWORKER_PASSWORD)
    response = first.post(
        "/console/account/password",
        {
            "current_password": CASEWORKER_PASSWORD,
            "new_password": "ett helt nytt lösen",
            "repeat_password": "ett helt nytt lösen",
        },
    )
    assert response.status_code == 303
    assert first.get("/console/api/me").status_code == 200
    assert second.get("/console/api/me").status_code == 401
    third = new_console()
    assert third.login("anna", "ett helt nytt lösen").status_code == 303


def test_cli_creates_the_first_admin_from_stdin(console_env):
    done = console_cli("create-admin", "--username", "Greta", "--password-stdin", stdin="gretas-långa-lösenord\n")
    assert done.returncode == 0, done.stderr
    again = console_cli("create-admin", "--username", "greta", "--password-stdin", stdin="gretas-långa-lösenord\n")
    assert again.returncode == 1 and "redan" in again.stderr

    from web.console.db import console_db
    from web.console.models import AuditEntry, Caseworker

    with console_db() as session:
        user = session.scalar(select(Caseworker).where(Caseworker.username == "greta"))
        assert user.role == "admin" and user.active
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "create_user")).actor == "cli"


def test_login_issues_a_fresh_session_and_drops_the_one_it_came_with(accounts, new_console):
    import re

    planted = new_console()
    planted.login("anna", CASEWORKER_PASSWORD)
    old_token = planted.client.cookies.get("jobbcoach_console")
    victim = new_console()
    page = victim.client.get("/console/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    victim.client.cookies.set("jobbcoach_console", old_token, path="/console")  # a fixed session id
    response = victim.client.post(
        "/console/login",
        data={"username": "admin", "password": ADMIN_PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    new_token = _session_cookie(response).split(";")[0].split("=", 1)[1]
    assert new_token != old_token
    victim.client.cookies.clear()
    victim.client.cookies.set("jobbcoach_console", new_token, path="/console")
    assert victim.get("/console/api/me").json()["username"] == "admin"
    assert planted.get("/console/api/me").status_code == 401
