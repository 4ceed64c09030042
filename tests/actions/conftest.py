"""Fixtures for action unit tests: a fresh SQLite store per test, the pinned clock, the test index."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.conftest import PINNED_NOW
from tests.support.trackers import tracker_for


@pytest.fixture(autouse=True)
def store_url(tmp_path, monkeypatch) -> str:
    """Every test gets its own store and the pinned 'now' (Friday 27 Nov 2026, 12:00)."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
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
    return [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]


def after_offer(offer: str, text: str, intent: str, entities=None, slots=None, sender="unit-test-user"):
    """A tracker where the bot just made `offer` and the user answered with `text`."""
    return tracker_for(text, intent=intent, entities=entities, sender=sender, slots={"offer": offer, **(slots or {})})
