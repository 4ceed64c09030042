"""The insight API over real HTTP: the web app (uvicorn) on a small market index and a store with
jobseekers' searches, "now" pinned to Friday 27 Nov 2026 12:00."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import PINNED_NOW
from tests.support.insight_market import (
    KIRUNA,
    LAGERARBETARE,
    LULEA,
    MALMO,
    NORRBOTTEN,
    SKANE,
    TRUCK,
    searchers,
    write_index,
)
from tests.support.servers import base_env
from tests.support.store_db import fresh_store_url
from tests.support.web import start_web_app

pytestmark = pytest.mark.server
LAGER_GROUP = LAGERARBETARE[2]


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    work = tmp_path_factory.mktemp("insight-web")
    index = write_index(work / "index")
    url = fresh_store_url(work, "jobbcoach.db")
    searchers(url, 9, KIRUNA, NORRBOTTEN, "kiruna-", occupation_id=LAGERARBETARE[0], group_code=LAGER_GROUP,
              skill_ids=(TRUCK,))
    searchers(url, 10, LULEA, NORRBOTTEN, "lulea-", occupation_id=LAGERARBETARE[0], group_code=LAGER_GROUP,
              skill_ids=(TRUCK,))
    searchers(url, 20, MALMO, SKANE, "malmo-", occupation_id=LAGERARBETARE[0], group_code=LAGER_GROUP)
    env = base_env(JOBBCOACH_VAR=str(work), JOBBCOACH_DB_URL=url, JOBBCOACH_INDEX=str(index),
                   JOBBCOACH_NOW=PINNED_NOW, JOBBCOACH_TRACKER_DB=str(work / "tracker.db"))
    server = start_web_app(work, env, "http://127.0.0.1:9", None, name="insight-web")
    yield server.url
    server.stop()


def get(api: str, path: str, **params) -> httpx.Response:
    return httpx.get(f"{api}/api/insight/{path}", params=params, timeout=30)


def test_demand_in_kiruna_this_quarter_with_the_change(api):
    response = get(api, "demand", municipality="Kiruna")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["area"] == {"kind": "municipality", "municipality_code": KIRUNA, "region_code": None,
                            "label": "Kiruna"}
    assert (body["period"]["quarter"], body["period"]["year"], body["ads_recent"], body["ads_previous"]) == (4, 2026, 21, 13)
    first = body["occupation_groups"][0]
    assert (first["ssyk"], first["recent"], first["previous"], first["change"], first["change_ratio"]) == (
        "5321", 12, 6, 6, 1.0)
    lager = next(g for g in body["occupation_groups"] if g["ssyk"] == LAGER_GROUP)
    assert lager["jobseekers"] is None and lager["tightness"] is None  # 9 jobseekers in Kiruna: hidden
    assert body["k"] == 10 and body["places"] == []


def test_tightness_where_ten_jobseekers_stand_behind_it(api):
    body = get(api, "demand", municipality="Luleå").json()
    lager = next(g for g in body["occupation_groups"] if g["ssyk"] == LAGER_GROUP)
    assert (lager["recent"], lager["jobseekers"], lager["tightness"]) == (25, 10, 2.5)
    truck = next(s for s in body["skills"] if s["id"] == TRUCK)
    assert (truck["recent"], truck["jobseekers"], truck["tightness"]) == (25, 10, 2.5)


def test_an_occupation_gives_its_skills_and_the_places_with_most_ads(api):
    body = get(api, "demand", occupation="lagerarbetare", region="Norrbotten").json()
    assert body["occupation"] == {"kind": "occupation", "code": LAGERARBETARE[0], "label": "Lagerarbetare"}
    assert [(p["label"], p["recent"]) for p in body["places"]] == [("Luleå", 25), ("Kiruna", 7)]
    assert body["skills"][0]["id"] == TRUCK and body["skills"][0]["recent"] == 32
    country = get(api, "demand", occupation=LAGER_GROUP).json()
    assert [p["label"] for p in country["places"]] == ["Malmö", "Luleå", "Kiruna"]


def test_supply_ranks_municipalities_by_jobseekers_and_hides_those_under_ten(api):
    response = get(api, "supply", occupation=LAGER_GROUP)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["concept"]["kind"] == "group" and body["k"] == 10
    assert [(p["label"], p["jobseekers"], p["ads_recent"], p["tightness"]) for p in body["places"]] == [
        ("Malmö", 20, 40, 2.0), ("Luleå", 10, 25, 2.5)]  # Kiruna's 9: not shown, not even as "under 10"
    by_county = get(api, "supply", skill="Utbildningsbevis enligt TLP 10 för truckförare", by="region").json()
    assert [(p["code"], p["jobseekers"]) for p in by_county["places"]] == [(NORRBOTTEN, 19)]


@pytest.mark.parametrize(("path", "params", "says"), [
    ("demand", {"municipality": "Atlantis"}, "Atlantis"),
    ("demand", {"period": "year"}, "period"),
    ("demand", {"period": "2027-Q1"}, "2027-Q1"),
    ("demand", {"occupation": "drakfångare"}, "drakfångare"),
    ("demand", {"top": "0"}, "top"),
    ("supply", {}, "occupation eller skill"),
    ("supply", {"occupation": "4322", "skill": "truckkort"}, "occupation eller skill"),
    ("supply", {"skill": "flygande mattor"}, "flygande mattor"),
    ("supply", {"occupation": "4322", "by": "street"}, "by"),
])
def test_bad_input_is_a_clear_422(api, path, params, says):
    response = get(api, path, **params)
    assert response.status_code == 422
    assert says in response.text


def test_the_openapi_documents_both(api):
    spec = httpx.get(f"{api}/openapi.json", timeout=30).json()
    assert {"/api/insight/demand", "/api/insight/supply"} <= set(spec["paths"])
    assert "DemandInsight" in spec["components"]["schemas"] and "SupplyInsight" in spec["components"]["schemas"]
