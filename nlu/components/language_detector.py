"""Rasa graph component: which of our languages a message looks like (lingua, offline).

It only *reports*; it does not decide. Stickiness ("one Swedish word in an Arabic conversation does
not switch it") needs the conversation's current language, which the NLU graph does not see (no
tracker, and channels do not know the slot), so the decision is taken by the slot's custom mapping
``action_detect_language`` (actions/language.py). The report travels in the parse data:

    "language_detection": {"language": "ar", "confidence": 0.93, "margin": 0.86, "words": 4,
                           "script": "arabic", "ranking": [{"language": "ar", "confidence": 0.93}, …]}

The detector only considers the languages of ``bot/languages/languages.yml``: Norwegian reads as
Swedish, Russian as Ukrainian and Dari as Persian, which is what we want.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.language_reader import DETECTION, LanguageReader


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class LanguageDetector(GraphComponent):
    """Adds ``language_detection`` to every parsed message (not used for training)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def __init__(self) -> None:
        self.reader = LanguageReader()

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LanguageDetector:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text and not text.startswith("/"):
                report = self.reader.read(text)
                if report:
                    message.set(DETECTION, report, add_to_output=True)
        return messages
