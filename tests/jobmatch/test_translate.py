"""Queries in English, Arabic, Somali, Ukrainian and Persian find the Swedish ads (jobmatch.translate).

The wordings here are this file's own, not the benchmark's (tests/languages_data/matching_queries.yml)
nor copied into the names data: they check that the table generalises to how people write.
"""

from __future__ import annotations

import json

import pytest

from jobmatch import translate
from jobmatch.query import SearchQuery
from jobmatch.scripts.build_translated_names import OUT, build, render

from .conftest import NOW

CLEANING = {"9111", "9119", "5151"}
NURSING = {"2221", "2222", "2223", "2225", "2226", "2228", "2235", "2239", "5321", "5323"}
COOKING = {"5120", "9412", "9411", "5131", "3451"}
SOFTWARE = {"2511", "2512", "2513", "2514", "2515", "2516", "2519", "3512", "3514", "3515"}


def test_the_generated_table_is_current():
    """jobmatch reads the JSON; after editing nlu/taxonomy_names run the build script (this says so)."""
    assert json.loads(OUT.read_text("utf-8")) == json.loads(render(build())), \
        "run: .venvs/app/bin/python -m jobmatch.scripts.build_translated_names"


@pytest.mark.parametrize("text, language, swedish", [
    ("cleaner at an office", "en", {"städare", "kontor"}),
    ("nurses in the hospital", "en", {"sjuksköterska", "sjukhus"}),
    ("ابحث عن شغل بالمطبخ", "ar", {"kök"}),                      # glued ب + ال, a function word
    ("عاملة نظافة بالمستشفيات", "ar", {"städare", "sjukhus"}),    # a plural, glued prefixes
    ("kalkaaliso isbitaalka", "so", {"sjuksköterska", "sjukhus"}),  # Somali definite ending
    ("waxaan doonayaa shaqo bakhaarka", "so", {"lagerarbetare"}),
    ("прибиральниця в лікарні", "uk", {"städare", "sjukhus"}),     # locative ending
    ("робота в аптеці", "uk", {"apotek"}),                         # -ка → -ці
    ("آشپز تو رستوران", "fa", {"kock"}),
    ("کار در انبارها", "fa", {"lager"}),                          # plural ها glued
])
def test_words_in_each_script_are_read_as_swedish(text, language, swedish):
    gloss = translate.to_swedish(text)
    assert gloss.language == language and swedish <= set(gloss.swedish.split()), gloss


@pytest.mark.parametrize("text", ["chef i Malmö", "jobba med barn", "lager truck", "undersköterska natt"])
def test_swedish_queries_are_left_alone(text):
    def swedish_words(words: str) -> int:  # the service counts Swedish stop words and words some ad uses
        return len([w for w in words.lower().split() if w in {"chef", "i", "malmö", "jobba", "med", "barn",
                                                                  "lager", "truck", "undersköterska", "natt"}])
    assert translate.to_swedish(text, None, swedish_words).swedish == ""
    assert translate.to_swedish(text, "sv").swedish == ""


def test_the_conversations_language_decides_a_word_both_languages_have():
    assert translate.to_swedish("chef", "en").swedish == "kock"
    assert translate.to_swedish("chef", "sv").swedish == ""


def test_unknown_words_in_any_script_give_no_swedish_words():
    for text in ("كطمنشس بخهثق", "ырвапол джэ", "qwzx plorf"):
        assert translate.to_swedish(text).swedish == "", text


def groups_of(service, result) -> list[str]:
    return [service.get_ad(h.id).ssyk for h in result.hits]


@pytest.mark.parametrize("text, relevant", [
    ("i clean offices and stairwells", CLEANING),
    ("عاملة تنظيف", CLEANING),
    ("shaqo nadiifin xafiis", CLEANING),
    ("прибирання приміщень", CLEANING),
    ("نظافت ساختمان", CLEANING),
    ("registered nurse", NURSING),
    ("ممرضة بمستشفى", NURSING),
    ("kalkaaliye isbitaal", NURSING),
    ("медсестра в лікарні", NURSING),
    ("پرستار بیمارستان", NURSING),
    ("cook in a kitchen", COOKING),
    ("طباخ بمطعم", COOKING),
    ("cunto kariye makhaayad", COOKING),
    ("кухар у ресторані", COOKING),
    ("آشپز رستوران", COOKING),
    ("програміст", SOFTWARE),
    ("مبرمج تطبيقات", SOFTWARE),
    ("برنامه نویس", SOFTWARE),
])
def test_a_query_in_each_script_finds_its_swedish_ads(service, text, relevant):
    result = service.search(SearchQuery(text=text, now=NOW), limit=5)
    found = groups_of(service, result)
    assert found and sum(g in relevant for g in found) / len(found) >= 0.6, (text, found, result.understood)


def test_a_place_in_another_script_filters_the_translated_search(service):
    result = service.search(SearchQuery(text="ممرضة في أوميو", now=NOW), limit=5)
    assert result.understood.place == "Umeå"
    assert result.hits and all(service.get_ad(h.id).municipality == "Umeå" for h in result.hits)
    assert sum(g in NURSING for g in groups_of(service, result)) >= 3


def test_nonsense_in_another_script_still_finds_nothing(service):
    """The Swedish words are only what the table knows; nonsense keeps the strict cut-off."""
    assert service.search(SearchQuery(text="كطمنشس بخهثق زرتقو", now=NOW), limit=5).hits == []


def test_the_api_takes_the_language_of_the_text(service, monkeypatch):
    from fastapi.testclient import TestClient

    from web.match_api import create_match_app

    monkeypatch.setenv("JOBBCOACH_NOW", NOW.isoformat())
    client = TestClient(create_match_app(service))
    english = client.get("/api/match", params={"q": "chef", "lang": "en", "limit": 5}).json()
    assert english["understood"]["occupation"].startswith("Kock")
    swedish = client.get("/api/match", params={"q": "chef", "limit": 5}).json()
    assert not (swedish["understood"]["occupation"] or "").startswith("Kock")
    assert client.get("/api/match", params={"q": "chef", "lang": "en-GB'; drop"}).status_code == 422
