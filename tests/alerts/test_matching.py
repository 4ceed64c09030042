"""jobmatch.alerts on its own: what an alert's words name, what counts as new, what fits."""

from __future__ import annotations

from jobmatch.ads import Ad
from jobmatch.alerts import AlertQuery, ArrivalLedger, Arrivals, describe_alert, match_alerts, read_alert


def ad(ad_id: str, occupation_id: str = "sizv_uPq_nWf", ssyk: str = "4322", municipality_code: str = "0680",
       region_code: str = "06", headline: str = "Lagerarbetare", description: str = "") -> Ad:
    return Ad(id=ad_id, headline=headline, occupation_id=occupation_id, ssyk=ssyk, municipality_code=municipality_code,
              region_code=region_code, description=description, publication_date=f"2026-11-2{ad_id[-1]}T08:00:00",
              deadline="2026-12-31T23:59:59")


def test_an_alert_reads_its_occupation_group_and_place() -> None:
    reading = read_alert("bevaka lagerjobb i Jönköping")
    assert reading.group_codes == {"4322"} and reading.municipality_code == "0680"
    assert read_alert("x", "Kock", "Skåne").region_code == "12"
    assert read_alert("bevaka jobb med hundar").words == ("hund",)
    assert not read_alert("bevaka nya jobb").names_anything  # would be every ad in Sweden
    assert describe_alert("bevaka lagerjobb i Jönköping") == "lagerarbetare i Jönköping"


def test_only_new_unsent_fitting_ads_count_newest_first() -> None:
    ads = [ad("1"), ad("2"), ad("3", municipality_code="1280", region_code="12"),
           ad("4", occupation_id="other", ssyk="5120", headline="Kock"), ad("5", description="Vi har hundar på lagret")]
    seen = [0.0, 100.0, 100.0, 100.0, 100.0]  # ad 1 was there before the alert
    alerts = [AlertQuery(1, read_alert("lagerjobb i Jönköping"), since=50.0),
              AlertQuery(2, read_alert("lagerjobb i Jönköping"), since=50.0, sent=frozenset({"2"})),
              AlertQuery(3, read_alert("jobb med hundar"), since=50.0),
              AlertQuery(4, read_alert("kock i Umeå"), since=50.0)]
    found = match_alerts(alerts, Arrivals(ads, seen))
    assert [a.id for a in found[1]] == ["5", "2"]
    assert [a.id for a in found[2]] == ["5"]
    assert [a.id for a in found[3]] == ["5"]
    assert 4 not in found


def test_the_ledger_takes_its_first_snapshot_as_the_baseline(tmp_path) -> None:
    with ArrivalLedger(tmp_path / "arrivals.sqlite") as ledger:
        assert ledger.observe(["a", "b"], now=10.0) == [0.0, 0.0]
        assert ledger.observe(["b", "c"], now=20.0) == [0.0, 20.0]
        assert ledger.observe(["a", "c"], now=30.0) == [30.0, 20.0]  # "a" left and came back: new again
    with ArrivalLedger(tmp_path / "arrivals.sqlite") as reopened:  # after a restart of the web app
        assert reopened.observe(["c", "d"], now=40.0) == [20.0, 40.0]
