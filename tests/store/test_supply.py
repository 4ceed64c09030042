"""Anonymous supply counts (store.supply) on a real migrated SQLite store: the k-anonymity cut,
searches against consented profiles, and the rows' erasure and export with the jobseeker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from store import jobseekers, privacy, profiles, supply
from store.db import session_scope
from store.models import SupplySignal
from tests.support.store_db import fresh_store_url

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
QUARTER = (datetime(2026, 10, 1, tzinfo=UTC), NOW)
KIRUNA, LULEA, NORRBOTTEN = "2584", "2580", "25"
LAGER_GROUP, LAGERARBETARE, TRUCK = "4322", "sizv_uPq_nWf", "CiMi_7ax_tXs"


@pytest.fixture
def url(tmp_path) -> str:
    return fresh_store_url(tmp_path)


def searchers(url: str, count: int, municipality: str, prefix: str, at: datetime = NOW - timedelta(days=3),
              searches_each: int = 1) -> None:
    for person in range(count):
        for _ in range(searches_each):
            supply.record_search(f"{prefix}{person}", at, occupation_id=LAGERARBETARE, group_code=LAGER_GROUP,
                                 skill_ids=[TRUCK], municipality_code=municipality, region_code=NORRBOTTEN, url=url)


def test_nine_jobseekers_are_hidden_and_ten_are_shown(url):
    searchers(url, 9, KIRUNA, "kiruna-", searches_each=3)  # 27 searches, but only 9 people
    searchers(url, 10, LULEA, "lulea-")
    shown = supply.jobseekers_by_place("group", LAGER_GROUP, *QUARTER, url=url)
    assert shown == [(LULEA, 10)]
    searchers(url, 1, KIRUNA, "kiruna-new-")
    shown = supply.jobseekers_by_place("group", LAGER_GROUP, *QUARTER, url=url)
    assert shown == [(LULEA, 10), (KIRUNA, 10)]  # a tie: by code
    assert supply.jobseekers_by_place("skill", TRUCK, *QUARTER, by="region", url=url) == [(NORRBOTTEN, 20)]


def test_the_tightness_denominator_is_k_anonymous_too(url):
    searchers(url, 9, KIRUNA, "kiruna-")
    assert supply.jobseekers_per_concept("group", [LAGER_GROUP], *QUARTER, municipality_code=KIRUNA, url=url) == {}
    searchers(url, 1, KIRUNA, "tenth-")
    assert supply.jobseekers_per_concept("group", [LAGER_GROUP, "5321"], *QUARTER, municipality_code=KIRUNA,
                                         url=url) == {LAGER_GROUP: 10}
    assert supply.jobseekers_per_concept("group", [LAGER_GROUP], *QUARTER, region_code=NORRBOTTEN,
                                         url=url) == {LAGER_GROUP: 10}


def test_searches_count_in_their_period_and_profiles_while_they_exist(url):
    searchers(url, 10, KIRUNA, "summer-", at=datetime(2026, 7, 10, tzinfo=UTC))
    assert supply.jobseekers_by_place("group", LAGER_GROUP, *QUARTER, url=url) == []
    occupations = [{"concept_id": LAGERARBETARE, "label": "Lagerarbetare", "ssyk_code": LAGER_GROUP}]
    for person in range(10):
        profiles.save_profile(f"profile-{person}", "Jag har jobbat på lager", occupations, "Kiruna",
                              datetime(2026, 6, 1, tzinfo=UTC), url=url)
    assert supply.jobseekers_by_place("occupation", LAGERARBETARE, *QUARTER, url=url) == [(KIRUNA, 10)]
    profiles.save_profile("profile-0", "Nu vill jag bli kock", [], "Kiruna", NOW, url=url)  # replaced
    assert supply.jobseekers_by_place("occupation", LAGERARBETARE, *QUARTER, url=url) == []
    profiles.delete_profile("profile-1", url=url)
    with session_scope(url) as session:
        left = session.scalar(select(func.count()).select_from(SupplySignal)
                              .where(SupplySignal.sender_id == "profile-1"))
    assert left == 0


def test_a_search_with_only_a_place_still_counts_the_jobseeker(url):
    assert supply.record_search("anna", NOW, municipality_code=KIRUNA, region_code=NORRBOTTEN, url=url) == 1
    assert supply.record_search("anna", NOW, occupation_id=LAGERARBETARE, group_code=LAGER_GROUP,
                                skill_ids=[TRUCK, TRUCK], url=url) == 3
    with pytest.raises(ValueError):
        supply.jobseekers_by_place("sender_id", "anna", *QUARTER, url=url)


def test_the_rows_are_exported_and_erased_with_the_jobseeker(url, tmp_path, monkeypatch):
    monkeypatch.setenv("JOBBCOACH_RASA_URL", "http://127.0.0.1:9")  # no Rasa: the history is deleted directly
    supply.record_search("anna", NOW, occupation_id=LAGERARBETARE, group_code=LAGER_GROUP,
                         municipality_code=KIRUNA, region_code=NORRBOTTEN, url=url)
    supply.record_search("bertil", NOW, group_code=LAGER_GROUP, url=url)
    exported = jobseekers.export_everything("anna", url=url)["searches_counted"]
    assert [(row["kind"], row["concept"], row["municipality_code"]) for row in exported] == [
        ("occupation", LAGERARBETARE, KIRUNA), ("group", LAGER_GROUP, KIRUNA)]
    counts = privacy.forget("anna", url=url, tracker_url=f"sqlite:///{tmp_path / 'no-tracker.db'}")
    assert counts["supply_signals"] == 2
    with session_scope(url) as session:
        assert session.scalars(select(SupplySignal.sender_id)).all() == ["bertil"]
