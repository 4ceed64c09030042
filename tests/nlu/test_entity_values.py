"""nlu.entity_values: canonical values of the closed entities (contract with the dialogue)."""

import pytest

from nlu.entity_values import canonical_extent, canonical_number, canonical_remote, canonical_sick_type
from nlu.textnorm import fold, normalise


@pytest.mark.parametrize("text, value", [("heltid", "heltid"), ("Heltidsjobb", "heltid"),
                                         ("deltid", "deltid"), ("deltidstjänst", "deltid"),
                                         ("halvtid", "deltid"), ("kul", None)])
def test_extent(text, value):
    assert canonical_extent(text) == value


@pytest.mark.parametrize("text", ["distans", "på distans", "hemifrån", "remote", "distansjobb"])
def test_remote(text):
    assert canonical_remote(text) == "distans"


@pytest.mark.parametrize("text, value", [("5", "5"), ("fem", "5"), ("två", "2"), ("tva", "2"),
                                         ("10", "10"), ("tredje", "3"), ("första", "1"), ("hej", None)])
def test_number(text, value):
    assert canonical_number(text) == value


@pytest.mark.parametrize("entity, message, value", [
    ("vab", "", "vab"), ("vård av barn", "", "vab"), ("vabbar", "jag vabbar idag", "vab"),
    ("sjuk själv", "", "egen_sjukdom"), ("sjuk", "jag är sjuk", "egen_sjukdom"),
    ("sjukt", "mitt barn är sjukt", "vab"), ("feber", "dottern har feber", "vab"),
    ("egen sjukdom", "", "egen_sjukdom"),
])
def test_sick_type(entity, message, value):
    assert canonical_sick_type(entity, message) == value


def test_fold_keeps_length_for_offsets():
    text = "Söker jobb i Göteborg, Umeå"
    assert len(fold(text)) == len(text)
    assert fold(text) == "soker jobb i goteborg, umea"
    assert normalise("IT-tekniker/Datatekniker") == "it tekniker datatekniker"
