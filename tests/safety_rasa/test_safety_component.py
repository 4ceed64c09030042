"""The safety component in Rasa's runtime: what it marks, what it leaves alone, in every language,
and that training stores everything the loaded component needs.

The sentences here are the issue's own examples and plain cases; the broad measurement is
`make bench-safety` on tests/safety_data/."""

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.components.safety import CRISIS, NONE, UNCERTAIN, SafetyClassifier, SafetyScorer, normalise


@pytest.fixture(scope="module")
def lexicon() -> SafetyScorer:
    return SafetyScorer.from_dir(use_embedding=False)


@pytest.fixture(scope="module")
def full() -> SafetyScorer:
    scorer = SafetyScorer.from_dir()
    scorer.exemplars.load()
    return scorer


@pytest.mark.parametrize("text", [
    "jag tänker skada mig själv",
    "det vore lättare om jag inte fanns",
    "jag orkar inte finnas",
    "jag har skrivit ett avskedsbrev",
    "det är ingen idé längre, jag har bestämt mig",
    "ja vill ta livet av mej",
    "JAG VILL DÖÖÖÖ",
    "I want to kill myself",
    "أريد أن أنتحر",
    "bdi mout",
    "Хочу померти",
    "хочу покончить с собой",
    "می‌خواهم بمیرم",
    "میخوام خودمو بکشم",
    "khodkoshi",
    "waxaan rabaa inaan is dilo",
])
def test_clear_risk_is_crisis_in_every_language(lexicon, text):
    assert lexicon.assess(text).level == CRISIS, text


@pytest.mark.parametrize("text", [
    "jag dör av skratt",
    "det här cv:t är ett självmordsuppdrag haha",
    "jobb inom psykiatrisk vård?",
    "jag bröt benet förra året",
    "jag skar mig i fingret när jag lagade mat",
    "jag jobbar med suicidprevention",
    "I'm dying to get this job",
    "this deadline is killing me",
    "أموت من الضحك",
    "я помираю від сміху",
    "از خنده مردم",
    "jag får bara nej",
    "avbryt",
])
def test_dramatic_but_ordinary_is_left_alone(lexicon, text):
    assert lexicon.assess(text).level == NONE, text


def test_a_joke_marker_turns_a_clear_phrase_into_a_gentle_question(lexicon):
    assert lexicon.assess("jag vill dö haha").level == UNCERTAIN
    assert lexicon.assess("jag orkar inte mer").level == UNCERTAIN


def test_normalisation_folds_scripts_and_squeezes_repeats():
    assert normalise("Jag vill DÖÖÖÖ!!!").split() == ["jag", "vill", "do"]
    assert normalise("می‌خواهم") == normalise("می خواهم")
    assert normalise("أريد") == normalise("اريد")


def test_the_embedding_catches_what_no_pattern_names(full):
    lexicon_only = SafetyScorer(full.lexicons, None)
    text = "snart slipper ni mig för alltid"  # no pattern names it (the first example here now has one)
    assert lexicon_only.assess(text).level == NONE
    found = full.assess(text)
    assert found.level in (CRISIS, UNCERTAIN) and any(s.startswith("embedding") for s in found.signals)
    assert full.assess("kan du visa jobb som snickare i Umeå").level == NONE


def _message(text: str, intent: str = "search_jobs") -> Message:
    return Message(data={"text": text, "intent": {"name": intent, "confidence": 0.91},
                         "intent_ranking": [{"name": intent, "confidence": 0.91}, {"name": "inform", "confidence": 0.05}]})


def _trained(tmp_path: Path) -> SafetyClassifier:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("safety")
    context = ExecutionContext(graph_schema=None, model_id="test")
    component = SafetyClassifier.create(SafetyClassifier.get_default_config(), storage, resource, context)
    component.train(TrainingData())
    return SafetyClassifier.load(SafetyClassifier.get_default_config(), storage, resource, context)


def test_trained_component_sets_crisis_and_keeps_the_original_ranking(tmp_path):
    component = _trained(tmp_path)
    crisis, ordinary, button = _message("jag vill inte leva längre"), _message("jobb i Umeå"), _message("/affirm")
    component.process([crisis, ordinary, button])
    assert crisis.get("intent") == {"name": "crisis", "confidence": 1.0}
    assert crisis.get("intent_ranking")[0]["name"] == "crisis"
    safety = crisis.get("safety")
    assert safety["level"] == "crisis" and safety["original_intent"] == "search_jobs"
    assert safety["original_ranking"][0] == {"name": "search_jobs", "confidence": 0.91}
    assert "text" not in safety  # the text is not copied into the logs a second time
    assert ordinary.get("intent")["name"] == "search_jobs" and ordinary.get("safety")["level"] == "none"
    assert button.get("safety") is None


def test_the_pipeline_s_e5_vector_is_reused_not_encoded_again(full, monkeypatch):
    """The e5 featurizer's vector of the message judges it: the same verdict, no second embedding."""
    from nlu.components import e5_featurizer

    text = "snart slipper ni mig för alltid"
    expected = full.assess(text)
    vector = e5_featurizer.encode([text])[0]
    monkeypatch.setattr(full.exemplars, "embed", lambda segment: pytest.fail(f"embedded again: {segment}"))
    reused = full.assess(text, text_vector=vector)
    assert reused.level == expected.level
    assert reused.crisis_similarity == pytest.approx(expected.crisis_similarity, abs=1e-3)


def test_the_model_carries_its_own_lexicons_and_vectors(tmp_path):
    _trained(tmp_path)
    stored = {p.name for p in tmp_path.rglob("*") if p.is_file()}
    assert {"sv.yml", "en.yml", "ar.yml", "so.yml", "uk.yml", "fa.yml", "exemplars.yml",
            "crisis.npy", "ordinary.npy"} <= stored


def test_the_policy_answers_a_crisis_message_before_an_active_form(tmp_path):
    from rasa.core.policies.policy import PolicyPrediction
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from nlu.components.safety import SafetyPolicy

    domain = Domain.from_directory(str(Path(__file__).resolve().parents[2] / "bot" / "domain"))
    storage = LocalModelStorage(tmp_path)
    policy = SafetyPolicy.create({**SafetyPolicy.get_default_config()}, storage, Resource("policy"),
                                 ExecutionContext(graph_schema=None, model_id="test"))

    def tracker_after(intent: str) -> DialogueStateTracker:
        return DialogueStateTracker.from_events("s", [
            ActionExecuted("action_listen"), UserUttered("jag är sjuk", {"name": "report_sick"}),
            ActionExecuted("sick_report_form"), ActiveLoop("sick_report_form"),
            SlotSet("requested_slot", "sick_expected_back"), ActionExecuted("action_listen"),
            UserUttered("...", {"name": intent, "confidence": 1.0})], domain.slots)

    crisis: PolicyPrediction = policy.predict_action_probabilities(tracker_after("crisis"), domain)
    assert domain.action_names_or_texts[crisis.max_confidence_index] == "action_safety_crisis"
    assert crisis.max_confidence == 1.0 and crisis.is_no_user_prediction and crisis.policy_priority == 8
    unsure = policy.predict_action_probabilities(tracker_after("crisis_uncertain"), domain)
    assert domain.action_names_or_texts[unsure.max_confidence_index] == "action_safety_check"
    assert policy.predict_action_probabilities(tracker_after("inform"), domain).max_confidence == 0.0
