"""nlu.taxonomy: free Swedish text -> JobTech concepts (stdlib only, runs under 3.10 and 3.11)."""

import pytest

from nlu.taxonomy import find_occupation, find_place, get_occupation, related_occupations


@pytest.mark.parametrize(
    "text, ssyk",
    [
        ("snickare", "7111"),
        ("Snickare", "7111"),
        ("snickarjobb", "7111"),
        ("lagerjobb", "4322"),
        ("lagerjobben", "4322"),
        ("lager", "4322"),
        ("elektrikerjobb", "7411"),
        ("elektriker", "7411"),
        ("undersköterskor", "5321"),
        ("underskoterska", "5321"),
        ("Undersköterska, hemtjänst och äldreboende", "5321"),
        ("sjuksköterska", "2221"),
        ("sjukskoterskejobb", "2221"),
        ("programmerare", "2512"),
        ("utvecklare", "2512"),
        ("systemutvecklare", "2512"),
        ("busschaufför", "8331"),
        ("förskollärare", "2343"),
        ("forskollarare", "2343"),
        ("städjobb", "9111"),
        ("truckförare", "8344"),
        ("jobb som kock i malmö", "5120"),
        ("jag vill jobba som barnskötare", "5311"),
        ("personlig assistent", "5343"),
    ],
)
def test_find_occupation_colloquial_and_inflected(text, ssyk):
    occ = find_occupation(text)
    assert occ is not None, text
    assert occ.ssyk_code == ssyk
    assert occ.concept_id and occ.group_concept_id and occ.group_label and occ.field_label


@pytest.mark.parametrize("text", ["", "hej", "jag söker jobb", "tänd lampan i köket", "vad blir vädret"])
def test_find_occupation_none_for_non_occupations(text):
    assert find_occupation(text) is None


def test_exact_label_keeps_its_concept():
    occ = find_occupation("Lagerarbetare")
    assert occ.label == "Lagerarbetare"
    assert get_occupation(occ.concept_id) == occ


def test_related_occupations_share_ssyk_group():
    occ = find_occupation("lagerarbetare")
    related = related_occupations(occ.concept_id)
    assert related, "Lager- och terminalpersonal has more than one occupation"
    assert all(r.group_concept_id == occ.group_concept_id for r in related)
    assert occ not in related
    assert related_occupations("no-such-id") == []


@pytest.mark.parametrize(
    "text, label, kind",
    [
        ("Sthlm", "Stockholm", "municipality"),
        ("stockholm", "Stockholm", "municipality"),
        ("Gbg", "Göteborg", "municipality"),
        ("Göteborg", "Göteborg", "municipality"),
        ("Goteborg", "Göteborg", "municipality"),
        ("i Goteborg", "Göteborg", "municipality"),
        ("Umea", "Umeå", "municipality"),
        ("Umeås", "Umeå", "municipality"),
        ("Malmö", "Malmö", "municipality"),
        ("Skåne", "Skåne län", "region"),
        ("skane", "Skåne län", "region"),
        ("Västra Götaland", "Västra Götalands län", "region"),
        ("Stockholms län", "Stockholms län", "region"),
        ("jobb i Luleå", "Luleå", "municipality"),
    ],
)
def test_find_place(text, label, kind):
    place = find_place(text)
    assert place is not None, text
    assert (place.label, place.kind) == (label, kind)
    assert place.region_code and place.region_label
    if kind == "municipality":
        assert len(place.municipality_code) == 4
    else:
        assert place.municipality_code is None


def test_place_codes():
    assert find_place("Göteborg").municipality_code == "1480"
    assert find_place("Göteborg").region_code == "14"
    assert find_place("Umeå").municipality_code == "2480"


def test_ambiguous_place_words_need_a_preposition():
    # "vara" is a verb and a municipality: only "i Vara" means the place
    assert find_place("jag vill vara snickare i Malmö").label == "Malmö"
    assert find_place("jag vill jobba i Vara").label == "Vara"


@pytest.mark.parametrize("text", ["", "hej", "jag söker jobb som snickare"])
def test_find_place_none(text):
    assert find_place(text) is None
