"""Fuzz the web app (matching API, chat proxy, widget, console) from its own OpenAPI schema.

Schemathesis generates valid and invalid requests for every operation; whatever it sends, the app
must not answer with a 5xx. The app runs in-process over ASGI with a real index and a real SQLite
store; the chat proxy talks to the session's real Rasa server, so every 5xx is a real fault.
"""

from __future__ import annotations

import importlib
import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

# Imported here, not lazily by from_asgi inside a test: CPython 3.11.7's compiler can fail with
# "AST constructor recursion depth mismatch" when pytest rewrites a plugin module deep in a test's
# stack (seen once in a clean-clone run), and at collection time the stack is shallow.
from schemathesis.specs.openapi import schemas as _openapi_schemas  # noqa: F401
from starlette.testclient import TestClient

from tests.support.store_db import fresh_store_url

pytestmark = pytest.mark.e2e



@pytest.fixture(scope="module")
def web_app(test_index, stack, tmp_path_factory):
    work = tmp_path_factory.mktemp("fuzz-web")
    patch = pytest.MonkeyPatch()
    for name, value in {
        "JOBBCOACH_INDEX": str(test_index), "JOBBCOACH_VAR": str(work),
        "JOBBCOACH_DB_URL": fresh_store_url(work, "jobbcoach.db"),
        "JOBBCOACH_TRACKER_DB": str(work / "tracker.db"),
        "JOBBCOACH_RASA_URL": stack.rasa_url, "JOBBCOACH_RASA_TOKEN": stack.rasa_token,
        "JOBBCOACH_NOW": "2026-11-27T12:00:00",
        # Fuzzing sends hundreds of requests from one address: the rate limits are tested elsewhere.
        "JOBBCOACH_RATE_CHAT": "100000/minute", "JOBBCOACH_RATE_MATCH": "100000/minute",
        "JOBBCOACH_RATE_PROFILE": "100000/minute",
    }.items():
        patch.setenv(name, value)
    import web.app

    yield importlib.reload(web.app).create_app()
    patch.undo()


def test_no_request_makes_the_web_app_fail(web_app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", web_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    # The console's pages are HTML behind a login and stay out of the schema; they have their own tests.
    assert len(operations) >= 6, "the schema should list the matching API and the chat proxy"
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def no_server_error(case):
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])

        try:
            no_server_error()
        except Exception as error:
            raise AssertionError(f"{operation.method.upper()} {operation.path}: {error}") from error


# Every kind of character, lone surrogates (valid JSON escapes, not text), bidi overrides, controls,
# emoji and combining marks included: json.dumps writes what cannot be UTF-8 as \\uXXXX escapes.
ODD_UNICODE = st.text(alphabet=st.characters(codec=None, exclude_categories=()), min_size=1, max_size=300) | \
    st.sampled_from(["\ud800", "a\udfffb", "\u202egpj.exe", "\u2066\u2069", "\x00\x1b[31m", "\ufeff", "😀\u0301" * 50])


@pytest.fixture(scope="module")
def chat_client(web_app):
    with TestClient(web_app, raise_server_exceptions=False) as client:
        yield client


@given(text=ODD_UNICODE)
@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_the_chat_api_answers_odd_unicode_politely(chat_client, text):
    """Whatever the text, a real answer from the real bot or a short 422; never a 5xx, never an echo."""
    sender = "f" * 32
    body = json.dumps({"sender": sender, "text": text}).encode()
    answer = chat_client.post("/api/chat/messages", content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code in (200, 422), answer.text[:500]
    if answer.status_code == 200:
        assert isinstance(answer.json()["messages"], list)
    else:
        assert len(answer.content) < 1000
    assert answer.headers["cache-control"] == "no-store"


@given(sender=st.text(alphabet=st.characters(codec=None), max_size=80))
@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_a_history_for_any_odd_sender_is_a_clear_refusal_or_empty(chat_client, sender):
    odd = sender.encode("utf-8", "replace").replace(b"\r", b"").replace(b"\n", b"")  # a header carries bytes, no line breaks
    answer = chat_client.get("/api/chat/history", headers={"X-Jobbcoach-Sender": odd})
    assert answer.status_code in (200, 422), answer.text[:500]
    assert len(answer.content) < 2000
