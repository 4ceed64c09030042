"""Honest results: reasons that name only what matched, skills per hit, no hits when nothing fits
(with real alternatives instead), and the CV path finding the jobseeker's own trade."""

from __future__ import annotations

from jobmatch.query import SearchQuery
from jobmatch.vocab import vocabulary

from .conftest import NOW


def _ssyk(service, hit):
    return service.get_ad(hit.id).ssyk


def test_misspelt_occupation_and_city_find_that_occupation_there(service):
    result = service.search(SearchQuery(text="sjuksköterksa i umea", now=NOW), limit=10)
    assert result.understood.describe() == "sjuksköterska i Umeå"
    assert result.hits and all(h.municipality == "Umeå" for h in result.hits)
    groups = [_ssyk(service, h) for h in result.hits]
    assert groups[0] == "2221" and result.hits[0].reasons[0]["kind"] in ("occupation", "group")
    first_other = next((i for i, g in enumerate(groups) if g != "2221"), len(groups))
    assert all(g != "2221" for g in groups[first_other:])  # the named group first, then neighbours
    for hit in result.hits[first_other:]:                  # ... which say they are only alike
        assert [r["kind"] for r in hit.reasons][0] == "meaning" and "liknar" in hit.reason


def test_liknande_yrke_only_for_an_occupation_of_the_same_group(service):
    result = service.search(SearchQuery(text="elektriker", now=NOW), limit=20)
    named = set(result.understood.occupation_groups)  # Installationselektriker: 7411
    assert set(result.understood.group_codes) > named   # "elektriker" also names the other electricians
    assert result.hits
    for hit in result.hits:
        if "liknande yrke" in hit.reason:
            assert _ssyk(service, hit) in named, hit
        kinds = [r["kind"] for r in hit.reasons]
        assert "meaning" not in kinds or not ({"occupation", "group"} & set(kinds))
        assert hit.reason.startswith("Matchar: ")


def test_nothing_fits_means_no_hits_and_real_alternatives(service):
    result = service.search(SearchQuery(text="kock i Arjeplog", now=NOW), limit=10)
    assert result.hits == [] and result.total == 0
    assert result.understood.occupation and result.understood.place == "Arjeplog"
    places = [a for a in result.alternatives if a.kind == "place"]
    assert places and all(a.count > 0 for a in places)
    for alt in places:  # the alternative really has that work there
        there = service.search(SearchQuery(text="kock", municipality_code=alt.code, now=NOW), limit=50)
        assert len(there.hits) >= 1


def test_nonsense_gets_no_hits(service):
    for text in ("asdfgh qwerty", "jag vill bli astronaut"):
        result = service.search(SearchQuery(text=text, now=NOW), limit=10)
        assert result.hits == [], (text, [h.headline for h in result.hits])


def test_skills_per_hit_matched_and_missing(service):
    result = service.search(SearchQuery(text="jag har C-körkort", now=NOW), limit=10)
    assert result.hits and all(_ssyk(service, h) == "8332" for h in result.hits)
    with_skills = [h for h in result.hits if h.skills]
    assert with_skills
    for hit in with_skills:
        assert set(hit.matched_skills) | set(hit.missing_skills) == set(hit.skills)
        assert not set(hit.matched_skills) & set(hit.missing_skills)


def test_cv_finds_its_own_trade_first_and_names_what_it_recognised(service):
    cv = ("Jag har jobbat som lastbilschaufför i tio år med CE-körkort och YKB. Fjärrtrafik och "
          "distribution, lastsäkring och kyl/frys. Söker heltid.")
    result = service.match_profile(cv, limit=10, query=SearchQuery(now=NOW))
    assert result.understood.query_type == "cv" and "CE" in result.understood.licences
    groups = [_ssyk(service, h) for h in result.hits]
    assert groups[:3] == ["8332"] * 3 and sum(g == "8332" for g in groups) >= 0.6 * len(groups), groups
    assert any(h.matched_skills for h in result.hits)


def test_named_occupation_id_from_the_nlu_is_understood(service):
    nurse = next(c for c in vocabulary().concepts.values() if c.label == "Sjuksköterska, grundutbildad")
    result = service.search(SearchQuery(text="jobb", occupation_id=nurse.id, now=NOW), limit=10)
    assert result.understood.occupation == nurse.label
    assert result.hits and all(_ssyk(service, h) == "2221" for h in result.hits)
