"""Rasa graph component: fold token lemmas to lower case without diacritics.

Why: jobseekers on foreign keyboards write "soker jobb i goteborg". If the featurizers see the
folded lemma ("soker", "goteborg") for both that and "söker jobb i Göteborg", the two share all
word and character n-gram features, so the model doesn't need every spelling in its training
data. Runs after any tokenizer; with spaCy it folds spaCy's lookup lemma, otherwise the token text.
CountVectorsFeaturizer must keep ``use_lemma: true`` (its default) to benefit. Offsets and token
text are untouched, so entity spans still point into the original message.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import ACTION_TEXT, RESPONSE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.textnorm import fold

_ATTRIBUTES = (TEXT, RESPONSE, ACTION_TEXT)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class DiacriticFolder(GraphComponent):
    """Replaces each token's lemma by its folded form (``Göteborgs`` -> ``goteborgs``)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "DiacriticFolder":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._fold(message)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._fold(message)
        return messages

    @staticmethod
    def _fold(message: Message) -> None:
        for attribute in _ATTRIBUTES:
            for token in message.get(TOKENS_NAMES[attribute], None) or []:
                token.lemma = fold(token.lemma or token.text)
