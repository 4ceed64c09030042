"""Limits, bad input, headers and proxy addresses on a real web app (uvicorn as the run command
starts it), with low rate limits of its own so the shared stack is not throttled."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select

from store.db import session_scope
from tests.support.servers import TEST_RASA_TOKEN, ServerProcess
from tests.support.web import start_web_app
from tests.trust.conftest import ADMIN, ConsoleUser, TrustStack

pytestmark = pytest.mark.e2e

SECURITY_HEADERS = ("x-content-type-options", "x-frame-options", "referrer-policy",
                    "content-security-policy", "cross-origin-opener-policy", "permissions-policy")


@pytest.fixture(scope="module")
def limited_web(trust_stack: TrustStack, admin) -> Iterator[ServerProcess]:
    env = {**trust_stack.env, "JOBBCOACH_RATE_CHAT": "5/minute", "JOBBCOACH_RATE_PROFILE": "2/minute",
           "JOBBCOACH_RATE_MATCH": "1000/minute"}
    env.pop("JOBBCOACH_TRUSTED_PROXIES", None)
    web = start_web_app(trust_stack.work, env, trust_stack.rasa.url, TEST_RASA_TOKEN, name="web-limited")
    yield web
    web.stop()


def test_profile_matching_is_rate_limited_per_client(limited_web):
    body = {"text": "Jag är snickare och har jobbat med husbyggen i tio år. " * 10}
    answers = [httpx.post(f"{limited_web.url}/api/match/profile", json=body, timeout=120) for _ in range(3)]
    assert [a.status_code for a in answers[:2]] == [200, 200], answers[0].text
    assert answers[2].status_code == 429 and int(answers[2].headers["retry-after"]) >= 1
    assert "För många" in answers[2].json()["detail"]
    assert httpx.get(f"{limited_web.url}/api/match", params={"q": "snickare"}, timeout=60).status_code == 200


def test_the_chat_endpoint_is_rate_limited_per_client(limited_web):
    sender = secrets.token_hex(16)
    codes = [httpx.get(f"{limited_web.url}/api/chat/history", headers={"X-Jobbcoach-Sender": sender}, timeout=30).status_code
             for _ in range(6)]
    assert codes[-1] == 429 and 429 not in codes[:5], codes


def test_a_forged_forwarded_for_is_not_believed(limited_web, trust_stack):
    from web.console.models import AuditEntry, LoginAttempt

    user = ConsoleUser(limited_web.url)
    page = user.http.get("/console/login")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    answer = user.http.post("/console/login", headers={"X-Forwarded-For": "203.0.113.66"},
                            data={"username": ADMIN[0], "password": "fel-lösenord", "csrf_token": token,
                                  "next": "/console/"})
    assert answer.status_code in (200, 400, 401, 429)
    with session_scope(trust_stack.db_url) as session:
        addresses = set(session.scalars(select(LoginAttempt.ip)))
        audited = set(session.scalars(select(AuditEntry.ip).where(AuditEntry.action == "login_failed")))
    assert "203.0.113.66" not in addresses | audited
    assert "127.0.0.1" in addresses


def test_odd_unicode_and_huge_bodies_get_small_clear_422s(trust_stack):
    limited_web = trust_stack.web  # the limited app's profile allowance is spent by the test above
    sender = secrets.token_hex(16)
    lone = b'{"sender": "%s", "text": "hej \\ud800 d\\u00e5"}' % sender.encode()
    answer = httpx.post(f"{limited_web.url}/api/match/profile", content=b'{"text": "snickare \\udfff"}',
                        headers={"Content-Type": "application/json"}, timeout=60)
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["body", "text"]
    answer = httpx.post(f"{limited_web.url}/api/chat/messages", content=lone,
                        headers={"Content-Type": "application/json"}, timeout=60)
    assert answer.status_code in (422, 200), answer.text
    big = json.dumps({"sender": sender, "text": "å" * 25_000})  # 150 KB as JSON: over the text limit
    answer = httpx.post(f"{limited_web.url}/api/chat/messages", content=big,
                        headers={"Content-Type": "application/json"}, timeout=60)
    assert answer.status_code == 422 and len(answer.content) < 1000 and "ååå" not in answer.text
    huge = json.dumps({"text": "x" * 1_000_000})
    answer = httpx.post(f"{limited_web.url}/api/match/profile", content=huge,
                        headers={"Content-Type": "application/json"}, timeout=60)
    assert answer.status_code in (413, 422) and len(answer.content) < 1000


@pytest.mark.parametrize("method, path", [("GET", "/no-such-page"), ("DELETE", "/api/match"), ("GET", "/docs"),
                                          ("GET", "/openapi.json"), ("GET", "/api/health"), ("GET", "/")])
def test_every_response_carries_the_security_headers(limited_web, method, path):
    answer = httpx.request(method, limited_web.url + path, timeout=30)
    missing = [name for name in SECURITY_HEADERS if name not in answer.headers]
    assert not missing, f"{method} {path} → {answer.status_code} lacks {missing}"


def test_personal_data_is_never_cached(limited_web):
    answer = httpx.get(f"{limited_web.url}/api/chat/history", headers={"X-Jobbcoach-Sender": "0" * 32}, timeout=30)
    assert answer.headers["cache-control"] == "no-store"
    assert httpx.get(f"{limited_web.url}/console/login", timeout=30).headers["cache-control"] == "no-store"


def test_bidi_overrides_are_shown_not_obeyed_in_the_console(trust_stack, admin):
    sender = secrets.token_hex(16)
    httpx.post(f"{trust_stack.web.url}/api/chat/messages", json={"sender": sender, "text": "hej"}, timeout=120)
    spoof = "faktura\u202egpj.exe"
    answer = admin.post("/console/transcript/notes", {"sender": sender, "text": spoof})
    assert answer.status_code == 303, answer.text
    page = admin.http.get("/console/transcript", params={"sender": sender}).text
    assert "faktura[U+202E]gpj.exe" in page and "\u202e" not in page


def test_the_message_guard_drops_bidi_overrides_before_the_bot(trust_stack):
    sender = secrets.token_hex(16)
    sent = httpx.post(f"{trust_stack.web.url}/api/chat/messages",
                      json={"sender": sender, "text": "jag söker jobb\u202e\u2066 i Umeå"}, timeout=120)
    assert sent.status_code == 200
    history = httpx.get(f"{trust_stack.web.url}/api/chat/history", headers={"X-Jobbcoach-Sender": sender}, timeout=30).json()
    said = [m["text"] for m in history["messages"] if m["sender"] == "user"]
    assert said == ["jag söker jobb i Umeå"]
