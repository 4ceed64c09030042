"""Every console route refuses anonymous requests; every state-changing route needs the CSRF token;
every console response carries the security headers. The routes are enumerated from the app
itself, so a route added later is covered without editing this file."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import iter_route_contexts

from web.app import create_app

# The only console routes anyone may reach without logging in: the login form and its stylesheet/script.
PUBLIC = {("GET", "/console/login"), ("POST", "/console/login"), ("GET", "/console/static/{name}")}


def console_routes() -> list[tuple[str, str]]:
    routes = set()
    for route in iter_route_contexts(create_app().routes):
        path = route.path or ""
        if path.startswith("/console"):
            for method in route.methods or ():
                if method != "HEAD":
                    routes.add((method, path))
    return sorted(routes)


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path) + ("?sender=someone" if "transcript" in path else "")


def test_the_enumeration_finds_the_console():
    routes = console_routes()
    assert len(routes) > 25
    assert ("GET", "/console/conversations") in routes and ("POST", "/console/transcript/delete") in routes


@pytest.mark.parametrize(("method", "path"), [r for r in console_routes() if r not in PUBLIC])
def test_anonymous_requests_are_refused(client, method, path):
    response = client.request(
        method,
        concrete(path),
        follow_redirects=False,
        data={"sender": "x", "text": "x"} if method == "POST" else None,
    )
    if path.startswith("/console/api"):
        assert response.status_code == 401, response.text
        assert response.json() == {"detail": "Inloggning krävs."}
    else:
        assert response.status_code == 303, response.text
        assert response.headers["location"].startswith("/console/login?next=")
    assert "content-security-policy" in response.headers


def test_a_forged_session_cookie_is_refused(client):
    client.cookies.set("jobbcoach_console", "made-up-token", path="/console")
    assert client.get("/console/api/me").status_code == 401


@pytest.mark.parametrize(
    ("method", "path"), [r for r in console_routes() if r[0] == "POST" and r not in PUBLIC]
)
def test_state_changing_requests_without_csrf_token_are_refused(admin, method, path):
    response = admin.client.post(
        concrete(path),
        data={"sender": "x", "text": "x", "tag": "x", "confirm": "RADERA", "action": "unlock"},
        follow_redirects=False,
    )
    assert response.status_code == 403, response.text
    wrong = admin.client.post(
        concrete(path), data={"csrf_token": "wrong", "sender": "x"}, follow_redirects=False
    )
    assert wrong.status_code == 403


def test_csrf_token_from_another_origin_is_refused(admin):
    response = admin.post(
        "/console/transcript/notes",
        {"sender": "x", "text": "hej"},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    same = admin.post(
        "/console/transcript/notes", {"sender": "x", "text": "hej"}, headers={"Origin": "http://testserver"}
    )
    assert same.status_code == 303


def test_json_api_writes_need_the_csrf_header(admin):
    body = {"sender": "x", "text": "via api"}
    assert admin.client.post("/console/api/notes", json=body).status_code == 403
    ok = admin.client.post("/console/api/notes", json=body, headers={"X-CSRF-Token": admin.csrf})
    assert ok.status_code == 201 and ok.json()["text"] == "via api"


@pytest.mark.parametrize(
    "path",
    [
        "/console/login",
        "/console/conversations",
        "/console/insight",
        "/console/transcript?sender=nobody",
        "/console/api/me",
        "/console/static/console.css",
    ],
)
def test_security_headers_on_pages_errors_and_api(admin, path):
    response = admin.get(path)
    headers = response.headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"


def test_pages_with_personal_data_are_not_cached(admin):
    assert admin.get("/console/conversations").headers["cache-control"] == "no-store"


def test_no_inline_scripts_or_styles_in_any_page(admin):
    for path in (
        "/console/login",
        "/console/conversations",
        "/console/inbox",
        "/console/inbox/list",
        "/console/sick-reports",
        "/console/insight",
        "/console/admin/users",
        "/console/admin/audit",
        "/console/account",
    ):
        html = admin.get(path).text
        assert re.findall(r"<script(?![^>]*\bsrc=)", html) == [], path
        assert " style=" not in html and "<style" not in html, path
        assert not re.search(r"<[^>]*\son[a-z]+\s*=", html), path  # no inline event handlers


def test_the_console_root_leads_to_the_login_page(client):
    response = client.get("/console", follow_redirects=True)
    assert response.url.path == "/console/login" and response.status_code == 200


def test_invalid_input_gets_a_422_with_the_security_headers(admin):
    page = admin.get("/console/transcript", params={"sender": "x" * 300})
    assert page.status_code == 422 and "Ogiltiga uppgifter" in page.text
    assert "content-security-policy" in page.headers
    api = admin.get("/console/api/conversations", params={"page": "nan"})
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["query", "page"]
    assert "content-security-policy" in api.headers
    assert admin.post("/console/handoffs/not-a-number/take").status_code == 422
