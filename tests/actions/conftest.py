"""Fixtures for action unit tests: a fresh SQLite store per test, the pinned clock, the test index.

The base action (JobbcoachAction) turns any exception into a polite apology, so an action that
crashes still "answers": every test here fails when an action logged an exception, unless it is
marked `action_may_fail` (it provokes the failure on purpose and checks the apology).
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.conftest import PINNED_NOW
from tests.support.store_db import fresh_store_url
from tests.support.trackers import tracker_for


@pytest.fixture(autouse=True)
def no_action_crashed(request, caplog):
    """Fail a test whose actions logged an exception (which the jobseeker saw as an apology)."""
    caplog.set_level(logging.ERROR, logger="actions")
    yield
    if request.node.get_closest_marker("action_may_fail"):
        return
    crashes = [r for r in caplog.get_records("call")
               if r.name.startswith("actions") and r.levelno >= logging.ERROR]
    if crashes:
        pytest.fail("an action failed and apologised instead of answering:\n"
                    + "\n".join(f"{r.name}: {r.getMessage()}\n{caplog.text[-2000:] if r.exc_info else ''}"
                                 for r in crashes[:3]), pytrace=False)


@pytest.fixture(autouse=True)
def store_url(tmp_path, monkeypatch) -> str:
    """Every test gets its own store and the pinned 'now' (Friday 27 Nov 2026, 12:00)."""
    url = fresh_store_url(tmp_path)
    monkeypatch.setenv("JOBBCOACH_DB_URL", url)
    monkeypatch.setenv("JOBBCOACH_NOW", PINNED_NOW)
    return url


@pytest.fixture
def matcher(test_index, monkeypatch):
    """The real matching service on the session's test index."""
    monkeypatch.setenv("JOBBCOACH_INDEX", str(test_index))
    import jobmatch.service

    jobmatch.service.reset_service(None)
    yield jobmatch.service.get_service()
    jobmatch.service.reset_service(None)


async def run(action, tracker: Tracker, domain: dict | None = None) -> tuple[list[dict[str, Any]], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain or {})
    return dispatcher.messages, events


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def slot(events: list[dict], name: str, default: Any = "<unset>") -> Any:
    """The last value an action set for a slot."""
    value = default
    for event in events:
        if event.get("event") == "slot" and event.get("name") == name:
            value = event.get("value")
    return value


def said(messages: list[dict[str, Any]]) -> list[str]:
    """The response names the action chose, in order (actions send responses, not text)."""
    return [m.get("response") for m in messages if m.get("response")]


def values_of(messages: list[dict[str, Any]], response: str) -> dict[str, Any]:
    """The values an action filled into one of its responses ({} when it did not send it)."""
    for message in messages:
        if message.get("response") == response:
            return message
    return {}


def custom_payloads(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m["custom"] for m in messages if isinstance(m.get("custom"), dict) and m["custom"].get("type")]


def after_offer(offer: str, text: str, intent: str, entities=None, slots=None, sender="unit-test-user"):
    """A tracker where the bot just made `offer` and the user answered with `text`."""
    return tracker_for(text, intent=intent, entities=entities, sender=sender, slots={"offer": offer, **(slots or {})})
