"""The intent blender in Rasa's runtime: trained, saved and loaded through Rasa's model storage,
on real e5 vectors of real sentences (the featurizer the pipeline uses)."""

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.components.e5_featurizer import E5SentenceFeaturizer
from nlu.components.intent_blend import E5IntentBlender, blend

TRAINING = {
    "goodbye": ["hej då", "vi hörs", "tack och hej", "bye", "see you later", "ok bye for now"],
    "search_jobs": ["jag söker jobb som lärare", "finns det lediga jobb i Umeå", "looking for a job as a driver",
                    "any cleaning jobs in Malmö", "visa jobb som kock", "i want work as a nurse"],
}


def featurized(texts: list[str], intents: list[str] | None = None) -> list[Message]:
    messages = [Message(data={TEXT: t, **({INTENT: i} if intents else {})})
                for t, i in zip(texts, intents or [None] * len(texts), strict=True)]
    E5SentenceFeaturizer({"alias": "e5"}, "e5").process(messages)
    return messages


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    resource = Resource("blend")
    context = ExecutionContext(graph_schema=None, node_name="blend")
    blender = E5IntentBlender.create({"C": 100.0}, storage, resource, context)
    texts = [t for ts in TRAINING.values() for t in ts]
    intents = [i for i, ts in TRAINING.items() for _ in ts]
    blender.train(TrainingData(featurized(texts, intents)))
    return E5IntentBlender.load({"C": 100.0}, storage, resource, context)


def diet_says(message: Message, ranking: dict[str, float]) -> Message:
    message.set(INTENT_RANKING_KEY, [{"name": n, "confidence": c} for n, c in ranking.items()])
    message.set(INTENT, {"name": next(iter(ranking)), "confidence": next(iter(ranking.values()))})
    return message


def test_an_unsure_diet_is_decided_by_the_sentence_vector_in_another_language(trained):
    # DIET, with few English examples, leans the wrong way; the e5 vector lies near "hej då"
    message = diet_says(featurized(["goodbye, see you tomorrow"])[0], {"search_jobs": 0.55, "goodbye": 0.45})
    trained.process([message])
    assert message.get(INTENT)["name"] == "goodbye"
    ranking = message.get(INTENT_RANKING_KEY)
    assert [r["name"] for r in ranking] == ["goodbye", "search_jobs"]
    assert ranking[0]["confidence"] == message.get(INTENT)["confidence"]
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0, abs=1e-6)


def test_a_sure_diet_keeps_its_intent(trained):
    message = diet_says(featurized(["jobb som busschaufför i Kiruna"])[0], {"search_jobs": 0.98, "goodbye": 0.02})
    trained.process([message])
    assert message.get(INTENT)["name"] == "search_jobs"


def test_without_an_e5_vector_diet_decides_alone(trained):
    message = diet_says(Message(data={TEXT: "/affirm"}), {"affirm": 0.9, "goodbye": 0.1})
    trained.process([message])
    assert message.get(INTENT) == {"name": "affirm", "confidence": 0.9}


def test_an_intent_only_diet_knows_keeps_its_share():
    ranking = blend([{"name": "affirm", "confidence": 0.6}, {"name": "deny", "confidence": 0.2}],
                    ["affirm"], np.array([1.0]), weight=0.5, ranking_length=10)
    assert ranking == [{"name": "affirm", "confidence": pytest.approx(0.5 + 0.5 * 0.75)},
                       {"name": "deny", "confidence": pytest.approx(0.5 * 0.25)}]
