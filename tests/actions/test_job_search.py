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
    intro = next(m for m in messages if m.get("response", "").startswith("utter_hits"))
    assert "i Stockholm" in intro["search"]
    [payload] = [m["custom"] for m in messages if m.get("custom")]
    assert payload["type"] == "job_ads" and payload["ads"]
    assert all(ad["url"].startswith("https://arbetsformedlingen.se/platsbanken/annonser/") for ad in payload["ads"])
    assert all(ad["place"] == "Stockholm" for ad in payload["ads"])
    assert {"event": "slot", "name": "location", "value": "Stockholm", "timestamp": None} in events
    assert {"event": "slot", "name": "topic", "value": "search", "timestamp": None} in events


async def test_occupation_missing_in_the_place_widens_instead_of_showing_other_jobs(search_action):
    # No carpenter ads in Umeå (nor in Västerbotten) in the sample: say so, and show the whole country.
    tracker = tracker_for("jag söker jobb som snickare i Umeå", entities=[
        {"entity": "occupation", "value": "snickare"}, {"entity": "location", "value": "Umeå"}])
    messages, _ = await run(search_action, tracker)
    assert messages[0]["response"] == "utter_widened" and messages[0]["where"] == "i hela landet"
    [payload] = [m["custom"] for m in messages if m.get("custom")]
    assert any("nickare" in ad["title"].lower() for ad in payload["ads"])


async def test_unknown_place_still_answers_politely(search_action):
    tracker = tracker_for("jobb som astronaut på månen", entities=[{"entity": "occupation", "value": "astronaut"}])
    messages, _ = await run(search_action, tracker)
    assert messages and messages[0]["response"] in ("utter_no_hits", "utter_widened", "utter_hits_some",
                                                    "utter_hits_all", "utter_hits_only_one")


async def test_ads_in_another_language_come_once_with_the_note_that_they_stay_swedish(search_action):
    entities = [{"entity": "occupation", "value": "snickare"}, {"entity": "location", "value": "Stockholm"}]
    english = tracker_for("I am looking for work as a carpenter in Stockholm", entities=entities,
                          slots={"language": "en"})
    messages, events = await run(search_action, english)
    kinds = [m.get("response") or m["custom"]["type"] for m in messages if m.get("response") or m.get("custom")]
    assert kinds.index("utter_ads_stay_swedish") == kinds.index("job_ads") - 1, kinds
    assert {"event": "slot", "name": "ads_language_note_shown", "value": True, "timestamp": None} in events
    again = tracker_for("more in Stockholm", entities=entities, slots={"language": "en", "ads_language_note_shown": True})
    messages, _ = await run(search_action, again)
    assert not [m for m in messages if m.get("response") == "utter_ads_stay_swedish"]
    swedish, _ = await run(search_action, tracker_for("snickare i Stockholm", entities=entities, slots={"language": "sv"}))
    assert not [m for m in swedish if m.get("response") == "utter_ads_stay_swedish"]


@pytest.mark.parametrize("text, language, groups", [
    ("прибирання офісів і сходів", "uk", {"9111", "9119", "5151"}),
    ("آشپز تو رستوران", "fa", {"5120", "9411", "9412", "5131", "3451"}),
])
async def test_free_words_in_another_language_find_swedish_ads_of_that_kind(search_action, text, language, groups):
    """No occupation entity: the free words themselves are read as Swedish (jobmatch.translate)."""
    from jobmatch.service import get_service

    _, events = await run(search_action, tracker_for(text, slots={"language": language}))
    [shown] = [e["value"] for e in events if e.get("name") == "shown_jobs"]
    found = [get_service().get_ad(entry["id"]).ssyk for entry in shown]
    assert found and sum(g in groups for g in found) / len(found) >= 0.8, (text, found)


def test_questions_about_an_ad_in_other_languages_name_the_ad_and_the_field():
    from actions.job_questions import asked_field
    from actions.job_search import ad_number

    shown = [{"n": 1}, {"n": 2}, {"n": 3}]
    for text, number, field in [("آخرین مهلت شماره ۲ کی هست؟", 2, "deadline"),
                                ("what is the deadline for the second one", 2, "deadline"),
                                ("من هو صاحب العمل في الثالث", 3, "employer"),
                                ("як подати на номер 3?", 3, "apply"),
                                ("maxaa looga baahan yahay lambarka 1?", 1, "requirements")]:
        tracker = tracker_for(text, intent="ask_about_job")
        assert (ad_number(tracker, shown), asked_field(tracker)) == (number, field), text


async def test_spara_den_saves_the_ad_talked_about_last():
    from actions.job_search import ActionSaveJob
    from store.saved_jobs import saved_jobs

    shown = [{"n": 1, "id": "a1", "headline": "Kock"}, {"n": 2, "id": "a2", "headline": "Kallskänka"}]
    tracker = tracker_for("spara den", intent="save_job", sender="focus-saver",
                          slots={"shown_jobs": shown, "ad_in_focus": 2.0})
    messages, _ = await run(ActionSaveJob(), tracker)
    assert [m.get("response") for m in messages] == ["utter_job_saved"], messages
    assert [job["id"] for job in saved_jobs("focus-saver")] == ["a2"]
    no_focus = tracker_for("spara den", intent="save_job", sender="focus-saver", slots={"shown_jobs": shown})
    messages, _ = await run(ActionSaveJob(), no_focus)
    assert [m.get("response") for m in messages] == ["utter_which_number_save"]
