"""The multilingual NLG answers from the catalogue of the `language` slot, with Swedish as fallback.

Runs Rasa's own Domain and tracker (Python 3.10 venv), the real bot/domain and bot/languages.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.nlg import MultilingualNLG, load_catalogues

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "bot" / "domain"))


def tracker(language: str | None) -> DialogueStateTracker:
    t = DialogueStateTracker.from_events("test", [], slots=DOMAIN.slots)
    if language:
        t.update(SlotSet("language", language))
    return t


def generate(nlg: MultilingualNLG, name: str, slot_language: str | None, **kwargs) -> dict:
    return asyncio.run(nlg.generate(name, tracker(slot_language), "rest", **kwargs))


def test_language_slot_picks_the_catalogue():
    nlg = MultilingualNLG(domain=DOMAIN)
    swedish = generate(nlg, "utter_language_changed", "sv")["text"]
    arabic = generate(nlg, "utter_language_changed", "ar")["text"]
    english = generate(nlg, "utter_language_changed", "en")["text"]
    assert "svenska" in swedish
    assert "العربية" in arabic or "بالعربية" in arabic
    assert "English" in english


def test_default_and_unknown_languages_answer_in_swedish():
    nlg = MultilingualNLG(domain=DOMAIN)
    assert generate(nlg, "utter_language_changed", None)["text"] == generate(nlg, "utter_language_changed", "sv")["text"]
    assert generate(nlg, "utter_language_changed", "de")["text"] == generate(nlg, "utter_language_changed", "sv")["text"]


def test_missing_translation_falls_back_to_swedish_and_interpolates():
    catalogues = {"en": {"utter_x": [{"text": "Hello {name}"}]}}
    domain = Domain.from_dict({"responses": {"utter_x": [{"text": "Hej {name}"}],
                                             "utter_only_sv": [{"text": "Bara svenska"}]},
                               "slots": {"language": {"type": "text", "mappings": [{"type": "custom"}]}}})
    nlg = MultilingualNLG(domain=domain, catalogues=catalogues)
    t = DialogueStateTracker.from_events("t", [SlotSet("language", "en")], slots=domain.slots)
    assert asyncio.run(nlg.generate("utter_x", t, "rest", name="Amal"))["text"] == "Hello Amal"
    assert asyncio.run(nlg.generate("utter_only_sv", t, "rest"))["text"] == "Bara svenska"
    assert asyncio.run(nlg.generate("utter_missing", t, "rest")) is None


def test_language_keyword_overrides_the_slot_right_after_a_switch():
    nlg = MultilingualNLG(domain=DOMAIN)
    assert generate(nlg, "utter_language_changed", "sv", language="en")["text"] == \
        generate(nlg, "utter_language_changed", "en")["text"]


def test_catalogues_load_for_every_language():
    catalogues = load_catalogues()
    assert set(catalogues) == {"en", "ar", "so", "uk", "fa"}
    assert all("utter_language_changed" in responses for responses in catalogues.values())
