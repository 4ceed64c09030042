"""ActionSearchJobs against a real index built from the shared sample."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from tests.support.trackers import tracker_for


@pytest.fixture
def search_action(test_index, monkeypatch):
    monkeypatch.setenv("JOBBCOACH_INDEX", str(test_index))
    import jobmatch.service

    jobmatch.service.get_service.cache_clear() if hasattr(jobmatch.service.get_service, "cache_clear") else None
    from actions.job_search import ActionSearchJobs

    return ActionSearchJobs()


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return dispatcher.messages, events


async def test_search_with_occupation_and_place_lists_ads_there(search_action):
    tracker = tracker_for("jag söker jobb som snickare i Umeå", entities=[
        {"entity": "occupation", "value": "snickare"}, {"entity": "location", "value": "Umeå"}])
    messages, events = await run(search_action, tracker)
    text = messages[0]["text"]
    assert "i Umeå" in text
    assert text.count("https://arbetsformedlingen.se/platsbanken/annonser/") >= 1
    assert "Umeå" in text.split("\n\n", 1)[1]
    assert {"event": "slot", "name": "location", "value": "Umeå", "timestamp": None} in events


async def test_unknown_place_still_answers_politely(search_action):
    tracker = tracker_for("jobb som astronaut på månen", entities=[{"entity": "occupation", "value": "astronaut"}])
    messages, _ = await run(search_action, tracker)
    assert messages and messages[0]["text"]
