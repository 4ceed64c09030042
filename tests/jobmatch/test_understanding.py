"""Query understanding: typos, missing diacritics, slang, licences and places read as taxonomy concepts.

No index needed: these run on the committed taxonomy and synonym tables alone.
"""

from __future__ import annotations

import pytest

from jobmatch.skills import skills_in
from jobmatch.understand import understand
from jobmatch.vocab import vocabulary


@pytest.mark.parametrize("text, occupation, group", [
    ("sjuksköterksa", "Sjuksköterska, grundutbildad", "2221"),
    ("sjukskoterska", "Sjuksköterska, grundutbildad", "2221"),
    ("elektiker", "Installationselektriker", "7411"),
    ("snickre", "Träarbetare/Snickare", "7111"),
    ("undersköterskor", None, "5321"),
    ("lagerjobb", "Lagerarbetare", "4322"),
    ("programerare", "Systemutvecklare/Programmerare", "2512"),
    ("busschauffor", "Bussförare/Busschaufför", "8331"),
])
def test_occupations_through_typos_inflections_and_slang(text, occupation, group):
    u = understand(text)
    assert group in u.group_codes, (text, u)
    if occupation:
        assert u.occupation == occupation
    assert u.query_type == "occupation"


def test_place_with_typos_becomes_the_place_and_leaves_the_words():
    u = understand("elektiker i götebrog")
    assert (u.place, u.place_code, u.place_kind) == ("Göteborg", "1480", "municipality")
    assert u.occupation == "Installationselektriker"
    assert ("elektiker", "elektriker") in u.corrections
    assert u.describe() == "installationselektriker i Göteborg"


def test_licences_and_truck_card_point_to_the_trades_that_need_them():
    ce = understand("jag har CE-körkort")
    assert ce.licences == ["CE"] and ce.group_codes == ["8332"]
    truck = understand("truckkort")
    assert "8344" in truck.group_codes and truck.skills


def test_skills_are_read_exactly_and_everyday_words_are_not_skills():
    u = understand("kan excel och SAP")
    assert u.query_type == "skill" and "MS Excel" in u.skills
    assert understand("jobba med barn").skills == []          # "Barn/ungdom" is not read from "barn"
    assert understand("astronaut på månen").skills == []      # no inflected guesses for skills
    assert understand("fixa bilar").query_type == "free"      # left to the embeddings


def test_words_that_are_not_occupations_are_not_corrected_into_one():
    for text in ("jag vill jobba med äldre", "hjälpa sjuka människor på sjukhus", "personer med behov"):
        u = understand(text)
        assert not u.occupation_ids and not u.corrections, (text, u)


def test_skills_in_a_cv_and_a_boilerplate_word_that_is_never_one():
    found = {vocabulary().concepts[c].label for c in skills_in(
        "Har C-körkort, truckkort och HLR. Vi har kollektivavtal. Kan MIG-svetsning.")}
    assert {"C", "Hjärt- och lungräddning", "MIG-svetsning"} <= found
    assert "Kollektivavtal" not in found


def test_understood_as_data_for_the_chat():
    data = understand("systemutvecklare i Stockholm").to_dict()
    assert data["text"] == "systemutvecklare i Stockholm"
    assert data["place_code"] == "0180" and data["group_code"] == "2512"
    assert understand("").describe() == ""
