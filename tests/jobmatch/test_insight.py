"""Labour-market insight (jobmatch.insight) on a small market written straight into the history
tables (tests/support/insight_market.py), on SQLite (the embedded index's meta.sqlite) and on a
real PostgreSQL, with "now" pinned."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from jobmatch.insight import Area, InsightSQL, clear_cache, period_for, sqlite_runner
from jobmatch.local_index import LocalIndex
from jobmatch.local_store import LocalStore
from jobmatch.query import BadQueryError
from tests.support.databases import PostgresServer
from tests.support.insight_market import (
    KIRUNA,
    LULEA,
    NORRBOTTEN,
    SKANE,
    TRUCK,
    UNDERSKOTERSKA,
    market,
)

from .conftest import NOW


@pytest.fixture(scope="module")
def sqlite_insight(tmp_path_factory) -> InsightSQL:
    directory = tmp_path_factory.mktemp("insight-index")
    store = LocalStore(directory)
    ads, skills = market()
    store.record_history(ads)
    store.record_history_skills(ads, skills)
    store.db.commit()
    store.close()
    return InsightSQL(sqlite_runner(directory / "meta.sqlite"), "history", "history_skills", "?")


@pytest.fixture(scope="module")
def pg_insight():
    from jobmatch.pgvector_store import PgVectorIndex

    server = PostgresServer.start()
    try:
        index = PgVectorIndex(f"postgresql://{server.user}@127.0.0.1:{server.port}/postgres")
        ads, skills = market()
        index.record_history(ads)
        index.record_history_skills(ads, skills)
        yield index.insight()
        index.close()
    finally:
        server.stop()


def by_label(items: list[dict]) -> dict[str, dict]:
    return {item["label"]: item for item in items}


def check_kiruna_quarter(source: InsightSQL) -> None:
    result = source.demand(Area(municipality_code=KIRUNA), period_for("quarter", NOW), top=10)
    assert result["area"]["label"] == "Kiruna"
    assert result["period"]["quarter"] == 4 and result["period"]["year"] == 2026
    assert (result["ads_recent"], result["ads_previous"]) == (21, 13)  # the 30 between the windows: neither
    assert result["few"] is False
    groups = result["occupation_groups"]
    assert [g["ssyk"] for g in groups] == ["5321", "4322", "9331"]
    first = groups[0]
    assert (first["recent"], first["previous"], first["change"], first["change_ratio"]) == (12, 6, 6, 1.0)
    assert by_label(groups)["Lager- och terminalpersonal"]["change_ratio"] == 0.0
    new = by_label(groups)["Hamnarbetare"]
    assert (new["recent"], new["previous"], new["few"], new["change_ratio"]) == (2, 0, True, None)
    skills = result["skills"]
    assert skills[0]["id"] == TRUCK and (skills[0]["recent"], skills[0]["previous"]) == (9, 7)
    assert skills[0]["label"] == "Utbildningsbevis enligt TLP 10 för truckförare"


def check_county_and_country(source: InsightSQL) -> None:
    county = source.demand(Area(region_code=NORRBOTTEN), period_for("quarter", NOW), top=1)
    assert county["area"]["label"] == "Norrbottens län"
    assert county["ads_recent"] == 21 + 25 + 3
    assert [(g["ssyk"], g["recent"]) for g in county["occupation_groups"]] == [("4322", 32)]
    country = source.demand(Area(), period_for("quarter", NOW), top=5)
    assert country["area"]["kind"] == "country" and country["ads_recent"] == 21 + 25 + 3 + 49 + 3
    assert by_label(country["skills"])["MS Excel"]["recent"] == 25 + 9


def check_places(source: InsightSQL) -> None:
    places = source.places("4322", period_for("quarter", NOW), top=3)
    assert [(p["label"], p["recent"]) for p in places["places"]] == [("Malmö", 40), ("Luleå", 25), ("Kiruna", 7)]
    by_occupation = source.places(UNDERSKOTERSKA[0], period_for("quarter", NOW), by="region")
    assert [(p["code"], p["recent"]) for p in by_occupation["places"]] == [(NORRBOTTEN, 15), (SKANE, 9)]
    within = source.places("5321", period_for("quarter", NOW), region_code=NORRBOTTEN)
    assert [(p["label"], p["recent"], p["previous"]) for p in within["places"]] == [("Kiruna", 12, 6), ("Luleå", 3, 0)]


def test_the_quarter_s_top_groups_and_their_change_in_kiruna(sqlite_insight):
    check_kiruna_quarter(sqlite_insight)


def test_a_county_and_the_whole_country(sqlite_insight):
    check_county_and_country(sqlite_insight)


def test_the_places_with_most_ads_for_a_group_or_an_occupation(sqlite_insight):
    check_places(sqlite_insight)


def test_a_small_place_is_flagged_few(sqlite_insight):
    result = sqlite_insight.demand(Area(municipality_code=LULEA), period_for("quarter", NOW))
    assert result["ads_recent"] == 28 and result["few"] is False
    last_30 = sqlite_insight.demand(Area(municipality_code=KIRUNA), period_for("30d", NOW))
    assert last_30["ads_recent"] == 0 and last_30["few"] is True and last_30["occupation_groups"] == []
    ninety = sqlite_insight.demand(Area(municipality_code=KIRUNA), period_for("90d", NOW))
    assert ninety["ads_recent"] == 21 + 30 and ninety["period"]["days"] == 90


def test_the_period_names_itself_and_bad_periods_are_refused():
    assert period_for("quarter", datetime(2026, 2, 3, 8, 45)).previous_start == "2025-10-01T00:00:00"
    assert period_for("quarter", datetime(2026, 2, 3, 8, 45)).end == "2026-02-03T08:00:00"
    with pytest.raises(BadQueryError):
        period_for("year", NOW)


def test_answers_are_cached_per_period(sqlite_insight, monkeypatch):
    from jobmatch import insight

    clear_cache()
    calls = []
    original = InsightSQL.demand
    monkeypatch.setattr(InsightSQL, "demand", lambda self, *a: calls.append(a) or original(self, *a))
    area = Area(municipality_code=KIRUNA)
    first = insight.cached_demand(sqlite_insight, "v1", area, period_for("quarter", NOW), 10)
    first["occupation_groups"].clear()  # a caller's change must not reach the cache
    again = insight.cached_demand(sqlite_insight, "v1", area, period_for("quarter", NOW.replace(minute=40)), 10)
    assert len(calls) == 1 and again["occupation_groups"]
    insight.cached_demand(sqlite_insight, "v2", area, period_for("quarter", NOW), 10)  # a new index version
    insight.cached_demand(sqlite_insight, "v1", area, period_for("30d", NOW), 10)
    assert len(calls) == 3


@pytest.mark.server
def test_postgresql_gives_the_same_answers(pg_insight, sqlite_insight):
    check_kiruna_quarter(pg_insight)
    check_county_and_country(pg_insight)
    check_places(pg_insight)
    period = period_for("quarter", NOW)
    assert pg_insight.demand(Area(region_code=SKANE), period) == sqlite_insight.demand(Area(region_code=SKANE), period)


def test_the_skills_asked_for_in_one_occupation_s_ads_in_a_county(sqlite_insight):
    result = sqlite_insight.demand(Area(region_code=NORRBOTTEN), period_for("quarter", NOW), occupation="4322")
    assert result["occupation"] == "4322" and result["ads_recent"] == 7 + 25
    assert [(s["label"], s["recent"]) for s in result["skills"]] == [
        ("Utbildningsbevis enligt TLP 10 för truckförare", 32), ("MS Excel", 25)]
    nurses = sqlite_insight.demand(Area(region_code=SKANE), period_for("quarter", NOW), occupation=UNDERSKOTERSKA[0])
    assert [(s["label"], s["recent"]) for s in nurses["skills"]] == [("MS Excel", 9)]


def test_a_named_quarter_is_the_whole_quarter_or_so_far():
    q3 = period_for("2026-Q3", NOW)
    assert (q3.start, q3.end, q3.previous_start, q3.previous_end) == (
        "2026-07-01T00:00:00", "2026-10-01T00:00:00", "2026-04-01T00:00:00", "2026-07-01T00:00:00")
    assert period_for("2026-Q4", NOW).end == "2026-11-27T12:00:00"
    with pytest.raises(BadQueryError):
        period_for("2027-Q1", NOW)


def test_an_index_built_before_insight_answers_the_groups_without_skills(tmp_path):
    """No history_skills table yet (the next sync adds it): groups are counted, skills are empty."""
    db = sqlite3.connect(tmp_path / "meta.sqlite")
    db.execute("CREATE TABLE history (id TEXT PRIMARY KEY, publication_date TEXT, occupation_id TEXT, "
               "occupation_label TEXT, group_id TEXT, group_label TEXT, ssyk TEXT, municipality_code TEXT, "
               "region_code TEXT)")
    db.execute("INSERT INTO history VALUES ('1', '2026-10-15T09:00:00', 'o', 'Lagerarbetare', 'g', "
               "'Lager- och terminalpersonal', '4322', ?, ?)", (KIRUNA, NORRBOTTEN))
    db.commit()
    db.close()
    index = object.__new__(LocalIndex)
    index.directory = tmp_path
    result = index.insight().demand(Area(municipality_code=KIRUNA), period_for("quarter", NOW))
    assert [(g["ssyk"], g["recent"]) for g in result["occupation_groups"]] == [("4322", 1)]
    assert result["skills"] == []
