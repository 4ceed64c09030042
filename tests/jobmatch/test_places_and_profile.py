"""Place names, CV chunking and profile matching, labour demand."""

from __future__ import annotations

import pytest

from jobmatch.places import UnknownPlaceError, municipality, places_in_text, region, strip_places
from jobmatch.profile_text import chunk_text
from jobmatch.query import BadQueryError, SearchQuery

from .conftest import NOW

CV = """Anna Andersson
Undersköterska med sju års erfarenhet från hemtjänst och äldreboende i Umeå kommun.

Erfarenhet
2019–2026 Undersköterska, hemtjänsten Umeå. Omvårdnad, läkemedelsdelegering, dokumentation.
2017–2019 Vårdbiträde på demensboende. Stöd i vardagen, personlig hygien, aktiviteter.

Utbildning
Vård- och omsorgsprogrammet. B-körkort.

Om mig
Jag är lugn, noggrann och tycker om att arbeta med äldre människor.
""" * 3


@pytest.mark.parametrize("name, code", [("Umeå", "2480"), ("umea", "2480"), ("UMEÅ", "2480"), ("2480", "2480"),
                                        ("Sthlm", "0180"), ("goteborg", "1480"), ("Malmö", "1280")])
def test_municipality_names_and_codes(name, code):
    assert municipality(name).code == code


@pytest.mark.parametrize("name, code", [("Västerbottens län", "24"), ("Västerbotten", "24"), ("24", "24"),
                                        ("stockholm", "01"), ("Skåne", "12")])
def test_region_names_and_codes(name, code):
    assert region(name).code == code


def test_unknown_places_are_refused_in_swedish():
    with pytest.raises(UnknownPlaceError, match="okänd kommun"):
        municipality("Narnia")
    with pytest.raises(UnknownPlaceError, match="okänt län"):
        region("Atlantis")


def test_places_in_free_text():
    assert [p.name for p in places_in_text("jag söker jobb som snickare i Umeå")] == ["Umeå"]
    assert places_in_text("jag vill bli snickare") == []
    text, found = strip_places("undersköterska i Västerbotten, helst nära Skellefteå")
    assert {p.name for p in found} == {"Västerbottens län", "Skellefteå"}
    assert "Skellefteå" not in text and "undersköterska" in text


def test_cv_is_chunked_on_sentences_and_bounded():
    chunks = chunk_text(CV)
    assert 2 <= len(chunks) <= 16
    assert all(len(c) <= 300 for c in chunks)
    assert chunk_text("x" * 5000)  # no full stops at all still works


def test_profile_match_finds_care_work(service):
    result = service.match_profile(CV, limit=10, query=SearchQuery(now=NOW))
    care = {"5321", "5330", "5342", "5343", "5323", "2227", "2221", "1530", "5349"}
    found = [service.get_ad(h.id).ssyk for h in result.hits]
    assert sum(s in care for s in found) >= 5, found
    assert all(h.reason.startswith("Matchar: ") for h in result.hits)
    local = service.match_profile(CV, limit=5, query=SearchQuery(municipality_code="2480", now=NOW))
    assert local.hits and all(h.municipality == "Umeå" for h in local.hits)


def test_profile_input_limits(service):
    with pytest.raises(BadQueryError, match="tom"):
        service.match_profile("   ")
    with pytest.raises(BadQueryError, match="för lång"):
        service.match_profile("a" * 20_001)


def test_demand_counts_last_90_days_against_the_90_before(service, built_index):
    import sqlite3
    from datetime import timedelta

    result = service.demand(municipality_code="2480", now=NOW, top=5)
    db = sqlite3.connect(built_index / "meta.sqlite")
    start = (NOW - timedelta(days=90)).isoformat()
    expected_recent = db.execute("SELECT COUNT(*) FROM history WHERE municipality_code='2480' AND publication_date >= ? "
                                 "AND publication_date < ?", (start, NOW.isoformat())).fetchone()[0]
    assert result["ads_recent"] == expected_recent > 0
    groups = result["occupation_groups"]
    assert 0 < len(groups) <= 5
    assert [g["recent"] for g in groups] == sorted((g["recent"] for g in groups), reverse=True)
    top = groups[0]
    counted = db.execute("SELECT COUNT(*) FROM history WHERE municipality_code='2480' AND ssyk=? "
                         "AND publication_date >= ? AND publication_date < ?",
                         (top["ssyk"], start, NOW.isoformat())).fetchone()[0]
    assert top["recent"] == counted and top["change"] == top["recent"] - top["previous"]
    region_result = service.demand(region_code="25", now=NOW)
    assert region_result["ads_recent"] > 0 and region_result["occupations"]
    with pytest.raises(BadQueryError):
        service.demand(top=0)


def test_a_very_short_text_is_still_one_chunk():
    """Found by the schemathesis fuzzer: a one-letter profile text used to give no chunk and a 500."""
    from jobmatch.profile_text import chunk_text

    for text in ("a", "0", " x ", "!"):
        assert chunk_text(text) == [text.strip()]
    assert chunk_text("   ") == []
