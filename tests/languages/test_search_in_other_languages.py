"""The search action's reading of messages in other languages: the occupation and place resolve to
the taxonomy (so the matching gets an occupation_id and a municipality filter), not to raw Arabic
or Cyrillic words that no Swedish ad contains."""

from __future__ import annotations

from actions.job_search import build_query
from actions.search_state import Search, from_message
from tests.support.trackers import tracker_for


def test_arabic_entities_become_taxonomy_concepts():
    text = "ابحث عن عمل ممرضة في ستوكهولم"
    tracker = tracker_for(text, entities=[{"entity": "occupation", "value": "ممرضة"},
                                          {"entity": "location", "value": "ستوكهولم"}])
    search = from_message(tracker, text)
    assert search.occupation.startswith("Sjuksköterska") and search.location == "Stockholm"
    query = build_query(search)
    assert query.occupation_id and query.municipality_code == "0180"


def test_a_place_in_cyrillic_without_an_entity_is_still_the_filter():
    text = "шукаю роботу в Стокгольмі"
    search = from_message(tracker_for(text), text)
    assert search.location == "Stockholm"


def test_free_words_are_searched_in_the_conversations_language():
    """English "chef" is a cook: the search says which language its free words are in; a resolved
    occupation is a Swedish taxonomy label and is never read as another language."""
    assert build_query(Search(text="chef in a hotel"), "en").language == "en"
    assert build_query(Search(occupation="Kock, à la carte"), "en").language is None
