"""ActionSearchJobs against a real index built from the shared sample."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from tests.support.trackers import tracker_for


@pytest.fixture
def search_action(test_index, monkeypatch):
    monkeypatch.setenv("JOBBCOACH_INDEX", str(test_index))
    import jobmatch.service

    jobmatch.service.reset_service(None)
    from actions.job_search import ActionSearchJobs

    return ActionSearchJobs()


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return dispatcher.messages, events


async def test_search_with_occupation_and_place_lists_ads_there(search_action):
    # The shared sample's carpenter ads in the test index are in Stockholm.
    tracker = tracker_for("jag söker jobb som snickare i Stockholm", entities=[
        {"entity": "occupation", "value": "snickare"}, {"entity": "location", "value": "Stockholm"}])
    messages, events = await run(search_action, tracker)
    text = messages[0]["text"]
    assert "i Stockholm" in text
    assert text.count("https://arbetsformedlingen.se/platsbanken/annonser/") >= 1
    assert "Stockholm" in text.split("\n\n", 1)[1]
    assert {"event": "slot", "name": "location", "value": "Stockholm", "timestamp": None} in events


async def test_occupation_missing_in_the_place_widens_instead_of_showing_other_jobs(search_action):
    # No carpenter ads in Umeå (nor in Västerbotten) in the sample: say so, and show the whole country.
    tracker = tracker_for("jag söker jobb som snickare i Umeå", entities=[
        {"entity": "occupation", "value": "snickare"}, {"entity": "location", "value": "Umeå"}])
    messages, _ = await run(search_action, tracker)
    text = messages[0]["text"]
    assert text.startswith("Jag hittade inga lediga jobb som") and "i hela landet" in text
    assert "nickare" in text.split("\n\n", 1)[1]


async def test_unknown_place_still_answers_politely(search_action):
    tracker = tracker_for("jobb som astronaut på månen", entities=[{"entity": "occupation", "value": "astronaut"}])
    messages, _ = await run(search_action, tracker)
    assert messages and messages[0]["text"]
