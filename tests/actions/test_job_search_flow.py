"""Job search beyond the first page: asking for what is missing, paging, refinements, widening, saving."""

from __future__ import annotations

import pytest

from actions.job_search import (
    ActionRefineSearch,
    ActionSaveJob,
    ActionSearchJobs,
    ActionShowMore,
    ActionShowSavedJobs,
)
from actions.labour_demand import ActionLabourDemand
from store.saved_jobs import saved_jobs
from tests.actions.conftest import after_offer, custom_payloads, run, said, slot, values_of
from tests.support.trackers import tracker_for

ADS_URL = "https://arbetsformedlingen.se/platsbanken/annonser/"


def ads_of(messages):
    return [ad for payload in custom_payloads(messages) for ad in payload.get("ads", [])]


def with_slots(events: list[dict], base: dict | None = None) -> dict:
    """The slots after the action's events, to feed the next turn."""
    slots = dict(base or {})
    for event in events:
        if event.get("event") == "slot":
            slots[event["name"]] = event["value"]
        if event.get("event") == "reset_slots":
            slots = {}
    return slots


async def search(text, entities=(), slots=None, sender="searcher"):
    return await run(ActionSearchJobs(), tracker_for(text, entities=list(entities), slots=slots, sender=sender))


async def test_a_search_without_what_asks_and_the_answer_searches(matcher):
    messages, events = await search("jag söker jobb")
    assert said(messages) == ["utter_ask_search_what"] and slot(events, "pending_offer") == "search_what"
    answer = after_offer("search_what", "undersköterska", "inform",
                         entities=[{"entity": "occupation", "value": "undersköterska"}],
                         slots=with_slots(events))
    messages, _ = await run(ActionSearchJobs(), answer)
    assert ads_of(messages) and all(ad["url"].startswith(ADS_URL) for ad in ads_of(messages))


async def test_visa_fler_continues_the_numbering(matcher):
    messages, events = await search("jobb i Stockholm", [{"entity": "location", "value": "Stockholm"}])
    assert [ad["n"] for ad in ads_of(messages)] == [1, 2, 3, 4, 5]
    slots = with_slots(events)
    messages, events = await run(ActionShowMore(), tracker_for("visa fler", intent="show_more", slots=slots))
    assert values_of(messages, "utter_hits_next_page")["first"] == 6 and ads_of(messages)[0]["n"] == 6
    numbers = [entry["n"] for entry in slot(events, "shown_jobs")]
    assert numbers == list(range(1, 11))


async def test_a_refinement_keeps_the_rest_of_the_search(matcher):
    messages, events = await search("jobb som undersköterska i Umeå",
                                    [{"entity": "occupation", "value": "undersköterska"},
                                     {"entity": "location", "value": "Umeå"}])
    slots = with_slots(events)
    messages, events = await run(ActionRefineSearch(), tracker_for(
        "i Malmö istället", intent="refine_search", entities=[{"entity": "location", "value": "Malmö"}], slots=slots))
    last = slot(events, "last_search")
    assert last["location"] == "Malmö" and "sköterska" in (last["occupation"] or "").lower()
    intro = next(m for m in messages if m.get("response", "").startswith(("utter_hits", "utter_widened")))
    assert "i Malmö" in intro["search"]
    messages, events = await run(ActionRefineSearch(), tracker_for(
        "bara heltid", intent="refine_search", entities=[{"entity": "employment_extent", "value": "heltid"}],
        slots=with_slots(events, slots)))
    assert slot(events, "last_search")["extent"] == "heltid" and slot(events, "last_search")["location"] == "Malmö"


async def test_no_hits_in_a_small_place_widens_to_the_region_or_suggests(matcher):
    messages, _ = await search("jobb som astronaut i Vindeln",
                               [{"entity": "occupation", "value": "astronaut"},
                                {"entity": "location", "value": "Vindeln"}])
    assert said(messages)[0] in ("utter_widened", "utter_no_hits")


async def test_save_number_two_and_show_saved_jobs_from_the_store(matcher):
    _, events = await search("jobb i Linköping", [{"entity": "location", "value": "Linköping"}], sender="saver")
    shown = slot(events, "shown_jobs")
    tracker = tracker_for("spara nummer 2", intent="save_job", entities=[{"entity": "number", "value": "2"}],
                          slots=with_slots(events), sender="saver")
    messages, _ = await run(ActionSaveJob(), tracker)
    assert said(messages) == ["utter_job_saved"]
    assert saved_jobs("saver")[0]["id"] == shown[1]["id"]
    messages, _ = await run(ActionShowSavedJobs(), tracker_for("visa mina sparade jobb", intent="show_saved_jobs",
                                                               sender="saver"))
    assert ads_of(messages)[0]["title"] == shown[1]["headline"]


async def test_save_without_a_list_or_with_a_wrong_number_is_polite(matcher):
    messages, _ = await run(ActionSaveJob(), tracker_for("spara nummer 2", intent="save_job"))
    assert said(messages) == ["utter_no_list_yet"]
    messages, _ = await run(ActionSaveJob(), tracker_for(
        "spara nummer 9", intent="save_job", entities=[{"entity": "number", "value": "9"}],
        slots={"shown_jobs": [{"n": 1, "id": "a", "headline": "A"}]}))
    assert values_of(messages, "utter_no_such_number")["number"] == 9


async def test_labour_demand_lists_occupation_groups_and_skills_on_the_real_index(matcher):
    messages, _ = await run(ActionLabourDemand(), tracker_for(
        "vilka yrken söks i Linköping", intent="labour_demand", entities=[{"entity": "location", "value": "Linköping"}]))
    listed = values_of(messages, "utter_insight_overview")
    assert listed["place"] == "Linköping" and listed["groups"].startswith("1. ") and listed["ads"] > 0


async def test_labour_demand_without_place_asks_where(matcher):
    messages, events = await run(ActionLabourDemand(), tracker_for("vilka yrken söks", intent="labour_demand"))
    assert said(messages) == ["utter_ask_demand_place"] and slot(events, "pending_offer") == "demand_place"


@pytest.mark.action_may_fail
async def test_a_broken_matcher_gives_a_polite_answer(monkeypatch):
    import jobmatch.service

    class Broken:
        def search(self, *args, **kwargs):
            raise RuntimeError("index gone")

    jobmatch.service.reset_service(Broken())
    try:
        messages, _ = await search("jobb som snickare", [{"entity": "occupation", "value": "snickare"}])
    finally:
        jobmatch.service.reset_service(None)
    assert said(messages) == ["utter_sorry_error"]


async def test_a_refinement_after_widening_builds_on_what_was_asked(matcher):
    _, events = await search("jobb som snickare i Umeå", [{"entity": "occupation", "value": "snickare"},
                                                          {"entity": "location", "value": "Umeå"}])
    widened = slot(events, "last_search")
    assert widened["location"] is None and widened["asked"]["location"] == "Umeå"
    _, events = await run(ActionRefineSearch(), tracker_for(
        "bara heltid", intent="refine_search", entities=[{"entity": "employment_extent", "value": "heltid"}],
        slots=with_slots(events)))
    last = slot(events, "last_search")
    assert (last.get("asked") or last)["location"] == "Umeå" and (last.get("asked") or last)["extent"] == "heltid"


def test_the_widening_ladder_goes_place_first_then_breadth():
    from actions.job_search import wider_searches
    from actions.search_state import Search

    steps = wider_searches(Search(occupation="Träarbetare/Snickare", location="Umeå", extent="heltid"))
    said = [where for _, where in steps]
    assert said == ["i närliggande yrken i Umeå", "i hela Västerbottens län", "i närliggande yrken i hela Västerbottens län",
                    "i hela landet", "i närliggande yrken i hela landet", "utan kravet på heltid"]
    assert steps[0][0].related and steps[0][0].location == "Umeå"
    assert steps[3][0].location is None and not steps[3][0].related
    # A general word ("kock" -> "Kock, à la carte") already searches the whole group: no related steps.
    assert all(not s.related for s, _ in wider_searches(Search(occupation="Kock", location="Malmö")))


@pytest.mark.parametrize("language", ["en", "ar", "so", "uk", "fa"])
def test_the_search_is_named_back_in_the_conversations_language_not_in_swedish(language):
    """"I found no open jobs som kock i Göteborg … i närliggande yrken" was said to an English speaker."""
    from actions.job_search import wider_searches
    from actions.search_state import Search

    search = Search(occupation="Träarbetare/Snickare", location="Umeå", extent="heltid", remote=True)
    said = [search.describe(language), *(where for _, where in wider_searches(search, language))]
    swedish = [search.describe("sv"), *(where for _, where in wider_searches(search, "sv"))]
    assert len(said) == len(swedish) == 7
    for ours, theirs in zip(said, swedish, strict=True):
        assert ours != theirs
        for word in ("som", "hela", "landet", "närliggande", "yrken", "utan", "kravet", "heltid", "distans"):
            assert word not in ours.split(), (language, ours)
    assert "Umeå" in said[0]  # places keep the Swedish names the ads use


def test_every_search_phrase_exists_in_every_language():
    import yaml

    from actions.search_state import SEARCH_WORDS_PATH
    from nlu import languages

    phrases = yaml.safe_load(SEARCH_WORDS_PATH.read_text(encoding="utf-8"))
    for key, by_language in phrases.items():
        assert set(by_language) == set(languages.codes()), key
