"""Rasa graph component: ground extracted entities in the JobTech taxonomy and closed value sets.

Why: DIET only finds *where* an occupation or a place is mentioned ("lagerjobb", "Gbg"); the
dialogue and the matching service need the concept ("Lagerarbetare", concept id, SSYK group;
"Göteborg", municipality code 1480). Doing it here, once, means every slot filled from an entity
already holds the taxonomy label, and the ids travel with the entity:

    {"entity": "occupation", "value": "Lagerarbetare", "concept_id": "...",
     "taxonomy": {"ssyk_code": "4322", "group_concept_id": "...", ...}, "raw_value": "lagerjobb"}

Unknown occupations/places keep their text as value. Closed entities get canonical values from
``nlu.entity_values``. Place this last in the pipeline (after EntitySynonymMapper).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu import entity_values, multilingual_values, translated_names

# closed entities whose canonical value is read from the words themselves
CLOSED_FROM_TEXT = ("employment_extent", "remote")


def _spans(entity: Dict[Text, Any], text: str) -> bool:
    start, end = entity.get("start"), entity.get("end")
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)


def normalise_entity(entity: Dict[Text, Any], message_text: str = "", language: str = "sv") -> Dict[Text, Any]:
    """Return a copy of one Rasa entity dict with a canonical value (and taxonomy ids).

    ``language`` is the detector's guess for the message: names in other languages and scripts
    ("ممرضة", "Стокгольм") resolve through nlu.translated_names to the same concepts.
    """
    ent = dict(entity)
    raw = str(ent.get("value", ""))
    kind = ent.get("entity")
    if kind in CLOSED_FROM_TEXT and _spans(ent, message_text):
        # the words as written: EntitySynonymMapper maps by text, whatever the entity type, so a
        # synonym of another entity ("heltid" as the ad field "extent") must not decide this value
        raw = message_text[ent["start"]:ent["end"]]
    new_value: Optional[str] = None
    if kind == "occupation":
        occ = translated_names.find_occupation(raw, translated_first=language != "sv")
        if occ:
            new_value = occ.label
            ent["concept_id"] = occ.concept_id
            ent["taxonomy"] = asdict(occ)
    elif kind == "location":
        place = translated_names.find_place(raw)
        if place:
            new_value = place.label
            ent["concept_id"] = place.concept_id
            ent["taxonomy"] = asdict(place)
    elif kind == "employment_extent":
        new_value = entity_values.canonical_extent(raw) or multilingual_values.canonical_extent(raw)
    elif kind == "remote":
        new_value = entity_values.canonical_remote(raw) or "distans"
    elif kind == "number":
        new_value = entity_values.canonical_number(raw) or multilingual_values.canonical_number(raw)
    elif kind == "sick_type":
        new_value = entity_values.canonical_sick_type(raw, message_text)
        if new_value != "vab" and multilingual_values.mentions_child(f"{raw} {message_text}"):
            new_value = "vab"
    if new_value is not None and new_value != ent.get("value"):
        ent["raw_value"] = raw
        ent["value"] = new_value
        ent["processors"] = list(ent.get("processors", [])) + ["JobTechEntityNormaliser"]
    return ent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class JobTechEntityNormaliser(GraphComponent):
    """Rewrites entity values to taxonomy labels / canonical values; adds concept ids."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "JobTechEntityNormaliser":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            entities = message.get(ENTITIES, []) or []
            if entities:
                text = message.get(TEXT) or ""
                language = (message.get("language_detection") or {}).get("language") or "sv"
                message.set(ENTITIES, [normalise_entity(e, text, language) for e in entities], add_to_output=True)
        return messages
