"""Identities nobody can borrow, secrets nobody can read: each finding of issue 14 tried again from
outside, against the real processes."""

from __future__ import annotations

import subprocess

import httpx
import pytest

from tests.support.servers import ACTION_TOKEN_HEADER, TEST_ACTION_TOKEN, TEST_RASA_TOKEN

pytestmark = pytest.mark.e2e

TELEGRAM_CHAT_ID = "123456789"
EVIL_ORIGIN = "https://evil.example"


def rest(stack, body: dict, **kwargs) -> httpx.Response:
    return httpx.post(f"{stack.rasa.url}/webhooks/rest/webhook", json=body, timeout=60, **kwargs)


def test_the_rest_channel_refuses_callers_without_the_token(trust_stack):
    body = {"sender": TELEGRAM_CHAT_ID, "message": "visa mina sjukanmälningar"}
    assert rest(trust_stack, body).status_code == 401
    assert rest(trust_stack, body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert rest(trust_stack, body, headers={"Origin": EVIL_ORIGIN}).status_code == 401
    tracker = httpx.get(f"{trust_stack.rasa.url}/jobbcoach/privacy/history",
                        params={"sender_id": TELEGRAM_CHAT_ID, "token": TEST_RASA_TOKEN}, timeout=30)
    assert tracker.json()["events"] == [], "nothing may have reached that conversation"


def test_rasa_sends_no_cors_allowance_to_other_origins(trust_stack):
    preflight = httpx.options(f"{trust_stack.rasa.url}/webhooks/rest/webhook", timeout=30, headers={
        "Origin": EVIL_ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,authorization"})
    assert "access-control-allow-origin" not in preflight.headers
    answer = rest(trust_stack, {"sender": "x", "message": "hej"},
                  headers={"Origin": EVIL_ORIGIN, "Authorization": f"Bearer {TEST_RASA_TOKEN}"})
    assert "access-control-allow-origin" not in answer.headers
    assert "access-control-allow-credentials" not in answer.headers


def test_the_privacy_endpoints_need_the_token(trust_stack):
    for path, body in (("/jobbcoach/privacy/forget", {"sender_id": TELEGRAM_CHAT_ID}),
                       ("/jobbcoach/privacy/expire", {"before": 4_000_000_000})):
        assert httpx.post(trust_stack.rasa.url + path, json=body, timeout=30).status_code == 401
    assert httpx.get(f"{trust_stack.rasa.url}/jobbcoach/privacy/history", params={"sender_id": "x"},
                     timeout=30).status_code == 401


CALL = {"next_action": "action_export_profile", "sender_id": TELEGRAM_CHAT_ID,
        "tracker": {"sender_id": TELEGRAM_CHAT_ID, "slots": {}, "latest_message": {"text": "ta med min profil"},
                    "events": []}, "domain": {}}


def test_the_action_server_answers_only_rasa(trust_stack):
    url = f"{trust_stack.actions.url}/webhook"
    assert httpx.post(url, json=CALL, timeout=60).status_code == 401
    assert httpx.post(url, json=CALL, headers={ACTION_TOKEN_HEADER: "guess"}, timeout=60).status_code == 401
    assert httpx.post(url, json=CALL, headers={ACTION_TOKEN_HEADER: TEST_ACTION_TOKEN}, timeout=120).status_code == 200


def test_the_widget_api_accepts_only_widget_ids(trust_stack):
    for sender in (TELEGRAM_CHAT_ID, "U0JOBBCOACH", "test-someone"):
        sent = httpx.post(f"{trust_stack.web.url}/api/chat/messages", json={"sender": sender, "text": "hej"},
                          timeout=30)
        assert sent.status_code == 422
        read = httpx.get(f"{trust_stack.web.url}/api/chat/history", headers={"X-Jobbcoach-Sender": sender}, timeout=30)
        assert read.status_code == 422


def test_no_secret_is_on_a_command_line(trust_stack):
    command_lines = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
    assert "bot.rasa_main" in command_lines
    assert TEST_RASA_TOKEN not in command_lines and TEST_ACTION_TOKEN not in command_lines


def test_the_databases_are_private_whoever_created_them(trust_stack):
    from store.db import engine_for

    engine_for(trust_stack.db_url)  # this test process (umask 022) may have been the first to open it
    for name in ("tracker.db", "jobbcoach.db"):  # created by Rasa / by the action server or this process
        mode = (trust_stack.work / name).stat().st_mode
        assert mode & 0o077 == 0, f"{name}: {oct(mode)}"
