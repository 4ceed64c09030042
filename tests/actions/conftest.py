"""Fixtures for action unit tests: a fresh SQLite store per test, the pinned clock, the test index."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.conftest import PINNED_NOW
from tests.support.store_db import fresh_store_url
from tests.support.trackers import tracker_for


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


def after_question(question: str, text: str, intent: str, entities=None, slots=None, sender="unit-test-user"):
    """A tracker where the bot just asked `question` and the user answered with `text`."""
    events = [{"event": "slot", "name": "pending_question", "value": question},
              {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}]
    return tracker_for(text, intent=intent, entities=entities, sender=sender,
                       slots={"pending_question": question, **(slots or {})}, events=events)
