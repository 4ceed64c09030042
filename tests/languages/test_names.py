"""Occupations and places in other languages and scripts resolve to the same taxonomy concepts."""

from __future__ import annotations

import pytest

from nlu import multilingual_values, taxonomy, translated_names


@pytest.mark.parametrize("name", ["ممرضة", "nurse", "kalkaaliso", "медсестрою", "پرستار", "للممرضة"])
def test_nurse_in_every_language_is_sjukskoterska(name):
    found = translated_names.find_occupation(name, translated_first=True)
    assert found is not None and found.concept_id == taxonomy.find_occupation("sjuksköterska").concept_id


@pytest.mark.parametrize("name", ["Стокгольм", "Стокгольмі", "ستوكهولم", "استکهلم", "Stockholm"])
def test_stockholm_in_every_script(name):
    place = translated_names.find_place(name)
    assert place is not None and place.label == "Stockholm" and place.municipality_code == "0180"


@pytest.mark.parametrize("name, swedish", [
    ("warehouse worker", "lagerarbetare"), ("بمستودع", "lagerarbetare"), ("انبار", "lagerarbetare"),
    ("водієм автобуса", "bussförare"), ("cunto kariye", "kock"), ("عامل نظافة", "städare"),
])
def test_other_occupations(name, swedish):
    assert translated_names.find_occupation(name, True) == taxonomy.find_occupation(swedish)


def test_english_chef_is_a_cook_but_swedish_text_keeps_swedish_meaning():
    assert "Kock" in translated_names.find_occupation("chef", translated_first=True).label


def test_gothenburg_names():
    for name in ("Gothenburg", "يوتبوري", "Гетеборзі", "یوتبوری"):
        assert translated_names.find_place(name).label == "Göteborg", name


def test_unknown_names_stay_unknown():
    assert translated_names.find_occupation("كلمة غريبة جدا", True) is None
    assert translated_names.find_place("Нарнія") is None


@pytest.mark.parametrize("text, number", [("٣", "3"), ("three", "3"), ("التانية", "2"), ("другу", "2"),
                                          ("سومی", "3"), ("saddexaad", "3"), ("۴", "4"), ("first", "1")])
def test_numbers_in_other_languages(text, number):
    assert multilingual_values.canonical_number(text) == number


@pytest.mark.parametrize("text, extent", [("full time", "heltid"), ("دوام كامل", "heltid"),
                                          ("part-time", "deltid"), ("پاره وقت", "deltid"),
                                          ("неповний день", "deltid"), ("waqti buuxa", "heltid")])
def test_extent_in_other_languages(text, extent):
    assert multilingual_values.canonical_extent(text) == extent
