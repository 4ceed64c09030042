"""The NLU components of the languages feature on real messages (Rasa 3.6 runtime)."""

from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from nlu.components.entity_normaliser import normalise_entity
from nlu.components.language_detector import LanguageDetector


def test_detector_reports_language_script_and_length():
    detector = LanguageDetector()
    messages = [Message(data={"text": t}) for t in ("ابحث عن عمل", "шукаю роботу", "/greet", "👍")]
    detector.process(messages)
    arabic, ukrainian, payload, emoji = (m.get("language_detection") for m in messages)
    assert arabic["language"] == "ar" and arabic["script"] == "arabic" and arabic["words"] == 3
    assert ukrainian["language"] == "uk" and ukrainian["script"] == "cyrillic"
    assert payload is None and emoji is None
    assert "language_detection" in messages[0].as_dict(only_output_properties=True)


def test_normaliser_grounds_other_scripts_in_the_taxonomy():
    nurse = normalise_entity({"entity": "occupation", "value": "ممرضة"}, "بدي شغل ممرضة", "ar")
    assert nurse["value"].startswith("Sjuksköterska") and nurse["raw_value"] == "ممرضة" and nurse["concept_id"]
    city = normalise_entity({"entity": "location", "value": "Стокгольмі"}, "", "uk")
    assert city["value"] == "Stockholm" and city["taxonomy"]["municipality_code"] == "0180"
    number = normalise_entity({"entity": "number", "value": "التانية"}, "", "ar")
    assert number["value"] == "2"
    child = normalise_entity({"entity": "sick_type", "value": "مريض"}, "ابني مريض", "ar")
    assert child["value"] == "vab"
