"""The labour-demand action on trackers, over a small market index (tests/support/insight_market.py)
with "now" pinned to Friday 27 Nov 2026 12:00: the three questions, small numbers said plainly,
and follow-ups that keep the place or the occupation."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from actions.labour_demand import ActionLabourDemand
from actions.supply_signals import note_search
from jobmatch.understand import Understood
from store.db import session_scope
from store.models import SupplySignal
from tests.actions.conftest import run, said, slot, values_of
from tests.support.insight_market import write_index
from tests.support.trackers import tracker_for

TRUCK_LABEL = "Utbildningsbevis enligt TLP 10 för truckförare"


@pytest.fixture(scope="module")
def market_index(tmp_path_factory):
    return write_index(tmp_path_factory.mktemp("market") / "index")


@pytest.fixture(autouse=True)
def market(market_index, monkeypatch):
    import jobmatch.service

    monkeypatch.setenv("JOBBCOACH_INDEX", str(market_index))
    jobmatch.service.reset_service(None)
    yield
    jobmatch.service.reset_service(None)


def ask(text: str, intent: str = "labour_demand", entities: dict | None = None, slots: dict | None = None):
    return run(ActionLabourDemand(), tracker_for(text, intent=intent, slots=slots, entities=[
        {"entity": name, "value": value} for name, value in (entities or {}).items()]))


async def test_what_employers_in_kiruna_look_for_this_quarter():
    messages, events = await ask("vad söker arbetsgivare i Kiruna just nu?", entities={"location": "Kiruna"})
    answer = values_of(messages, "utter_insight_overview")
    assert (answer["place"], answer["quarter"], answer["year"], answer["ads"]) == ("Kiruna", 4, 2026, 21)
    assert answer["groups"].splitlines() == [
        "1. Undersköterskor, hemtjänst, äldreboende m.fl. – 12 (↑ 100 %)",
        "2. Lager- och terminalpersonal – 7 (→)",
        "3. Hamnarbetare – 2 (+2)"]
    assert answer["skills"] == f"1. {TRUCK_LABEL} – 9 (↑ 29 %)"
    assert {"type": "bar_chart", "bars": [{"label": "Undersköterskor, hemtjänst, äldreboende m.fl.", "value": 12},
                                          {"label": "Lager- och terminalpersonal", "value": 7},
                                          {"label": "Hamnarbetare", "value": 2}]} in [m.get("custom") for m in messages]
    assert slot(events, "demand_place") == "Kiruna" and slot(events, "demand_occupation") is None
    assert slot(events, "topic") == "demand" and slot(events, "pending_offer") == "search_suggested"
    assert slot(events, "suggested_search") == {"occupation": "Undersköterskor, hemtjänst, äldreboende m.fl.",
                                                "location": "Kiruna"}


async def test_where_most_jobs_as_lagerarbetare_are_then_a_place_keeps_the_occupation():
    messages, events = await ask("var finns det flest jobb som lagerarbetare?", entities={"occupation": "lagerarbetare"})
    answer = values_of(messages, "utter_insight_places")
    assert answer["occupation"] == "lager- och terminalpersonal"
    assert answer["places"].splitlines() == ["1. Malmö – 40 (+40)", "2. Luleå – 25 (+25)", "3. Kiruna – 7 (→)"]
    assert answer["skills"] == f"{TRUCK_LABEL} (72), MS Excel (25)" and answer["first"] == "Malmö"
    assert [m["custom"]["bars"][0] for m in messages if m.get("custom")] == [{"label": "Malmö", "value": 40}]
    assert slot(events, "demand_occupation") == "Lagerarbetare" and slot(events, "demand_place") is None
    messages, events = await ask("och i Luleå då?", intent="refine_search", entities={"location": "Luleå"},
                                 slots={"topic": "demand", "demand_occupation": "Lagerarbetare"})
    answer = values_of(messages, "utter_insight_skills")
    assert (answer["occupation"], answer["place"], answer["ads"]) == ("lager- och terminalpersonal", "Luleå", 25)
    assert answer["skills"].splitlines() == ["1. MS Excel – 25 (+25)", f"2. {TRUCK_LABEL} – 25 (+25)"]
    assert slot(events, "demand_place") == "Luleå" and slot(events, "demand_occupation") == "Lagerarbetare"


async def test_the_skills_for_undersköterskor_in_skåne_then_another_occupation_keeps_the_place():
    messages, events = await ask("vilka kompetenser efterfrågas för undersköterskor i Skåne?",
                                 entities={"occupation": "undersköterskor", "location": "Skåne"})
    answer = values_of(messages, "utter_insight_skills")
    assert (answer["place"], answer["ads"], answer["skills"]) == ("Skåne län", 9, "1. MS Excel – 9 (+9)")
    messages, _ = await ask("och för lagerarbetare?", intent="inform", entities={"occupation": "lagerarbetare"},
                            slots={"topic": "demand", "demand_place": slot(events, "demand_place"),
                                   "demand_occupation": slot(events, "demand_occupation")})
    answer = values_of(messages, "utter_insight_skills")
    assert (answer["place"], answer["occupation"], answer["skills"]) == (
        "Skåne län", "lager- och terminalpersonal", f"1. {TRUCK_LABEL} – 40 (+40)")


async def test_a_bare_place_after_an_overview_asks_about_that_place():
    messages, _ = await ask("malmö", intent="inform", entities={"location": "Malmö"},
                            slots={"topic": "demand", "demand_place": "Kiruna"})
    answer = values_of(messages, "utter_insight_overview")
    assert answer["place"] == "Malmö" and answer["groups"].startswith("1. Lager- och terminalpersonal – 40")


async def test_a_small_place_is_said_plainly_not_ranked():
    messages, _ = await ask("vad söks i Bjurholm?", entities={"location": "Bjurholm"})
    assert said(messages) == ["utter_insight_few"]
    answer = values_of(messages, "utter_insight_few")
    assert (answer["ads"], answer["groups"], answer["region"]) == (3, "1. Hamnarbetare – 3", "Västerbottens län")


async def test_a_fresh_question_forgets_the_old_occupation_and_an_unknown_one_is_said():
    messages, events = await ask("vad söker arbetsgivare i Luleå?", entities={"location": "Luleå"},
                                 slots={"demand_occupation": "Lagerarbetare", "demand_place": "Kiruna"})
    assert said(messages)[0] == "utter_insight_overview" and slot(events, "demand_occupation") is None
    messages, _ = await ask("var finns jobb som drakfångare?", entities={"occupation": "drakfångare"})
    assert values_of(messages, "utter_insight_unknown_occupation")["occupation"] == "drakfångare"
    messages, events = await ask("vad söks just nu?")
    assert said(messages) == ["utter_ask_demand_place"] and slot(events, "pending_offer") == "demand_place"


async def test_a_search_is_counted_for_the_supply_figures(store_url):
    understood = Understood(occupation_id="sizv_uPq_nWf", group_code="4322", place_code="2584",
                            place_kind="municipality", skill_ids=["CiMi_7ax_tXs"])
    note_search(tracker_for("lagerjobb i Kiruna", sender="counted"), SimpleNamespace(understood=understood))
    note_search(tracker_for("lagerjobb", slots={"location": "Skåne"}, sender="counted"),
                SimpleNamespace(understood=Understood(group_code="4322")))
    with session_scope(store_url) as session:
        rows = session.execute(select(SupplySignal.kind, SupplySignal.concept, SupplySignal.municipality_code,
                                      SupplySignal.region_code).order_by(SupplySignal.id)).all()
    assert [tuple(r) for r in rows] == [("occupation", "sizv_uPq_nWf", "2584", "25"), ("group", "4322", "2584", "25"),
                                        ("skill", "CiMi_7ax_tXs", "2584", "25"), ("group", "4322", None, "12")]
