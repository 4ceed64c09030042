"""The two custom graph components, exercised without training a model."""

from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components.diacritic_folder import DiacriticFolder
from nlu.components.entity_normaliser import JobTechEntityNormaliser, normalise_entity


def _tokenised(text: str) -> Message:
    message = Message(data={TEXT: text})
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    tokenizer.process([message])
    return message


def test_folder_folds_lemmas_but_keeps_text_and_offsets():
    message = _tokenised("Söker jobb i Göteborg")
    before = [(t.text, t.start, t.end) for t in message.get(TOKENS_NAMES[TEXT])]
    DiacriticFolder().process([message])
    tokens = message.get(TOKENS_NAMES[TEXT])
    assert [t.lemma for t in tokens] == ["soker", "jobb", "i", "goteborg"]
    assert [(t.text, t.start, t.end) for t in tokens] == before


def test_normaliser_grounds_occupation_and_location():
    text = "lagerjobb i Gbg på heltid"
    message = Message(data={TEXT: text, ENTITIES: [
        {"entity": "occupation", "value": "lagerjobb", "start": 0, "end": 9, "extractor": "DIETClassifier"},
        {"entity": "location", "value": "Gbg", "start": 12, "end": 15, "extractor": "DIETClassifier"},
        {"entity": "employment_extent", "value": "heltid", "start": 19, "end": 25, "extractor": "DIETClassifier"},
    ]})
    JobTechEntityNormaliser().process([message])
    occ, loc, ext = message.get(ENTITIES)
    assert occ["value"] == "Lagerarbetare" and occ["raw_value"] == "lagerjobb"
    assert occ["taxonomy"]["ssyk_code"] == "4322" and occ["concept_id"]
    assert loc["value"] == "Göteborg" and loc["taxonomy"]["municipality_code"] == "1480"
    assert ext["value"] == "heltid" and "raw_value" not in ext
    assert (occ["start"], occ["end"]) == (0, 9)


def test_normaliser_closed_values_and_unknowns():
    assert normalise_entity({"entity": "number", "value": "fem"})["value"] == "5"
    assert normalise_entity({"entity": "remote", "value": "hemifrån"})["value"] == "distans"
    assert normalise_entity({"entity": "sick_type", "value": "sjukt"}, "mitt barn är sjukt")["value"] == "vab"
    unknown = normalise_entity({"entity": "location", "value": "Thailand"})
    assert unknown["value"] == "Thailand" and "concept_id" not in unknown
