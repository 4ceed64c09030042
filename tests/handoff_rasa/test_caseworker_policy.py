"""While a caseworker holds the conversation the bot is silent, except that a crisis is answered."""

import pytest
from rasa.core.policies.ensemble import DefaultPolicyPredictionEnsemble
from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.caseworker_policy import CaseworkerPolicy
from nlu.components.safety import SafetyPolicy

from .conftest import ROOT


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.from_directory(str(ROOT / "bot" / "domain"))


def _policy(cls, tmp_path):
    return cls.create({**cls.get_default_config()}, LocalModelStorage(tmp_path), Resource(cls.__name__),
                      ExecutionContext(graph_schema=None, model_id="test"))


def _tracker(domain, intent: str, caseworker: str | None, last_action: str = "action_listen", form=False):
    events = [ActionExecuted("action_listen"), UserUttered("jag är sjuk", {"name": "report_sick"})]
    if form:
        events += [ActionExecuted("sick_report_form"), ActiveLoop("sick_report_form"),
                   SlotSet("requested_slot", "sick_expected_back")]
    events += [SlotSet("caseworker", caseworker), BotUttered("Hej! Nu är Anna här."),
               ActionExecuted("action_listen"), UserUttered("...", {"name": intent, "confidence": 1.0})]
    if last_action != "action_listen":
        events.append(ActionExecuted(last_action))
    return DialogueStateTracker.from_events("s", events, domain.slots)


def _action(domain, prediction: PolicyPrediction) -> str:
    return domain.action_names_or_texts[prediction.max_confidence_index]


def test_listens_while_a_caseworker_holds_the_conversation(tmp_path, domain):
    policy = _policy(CaseworkerPolicy, tmp_path)
    held = policy.predict_action_probabilities(_tracker(domain, "search_jobs", "anna"), domain)
    assert _action(domain, held) == "action_listen"
    assert held.max_confidence == 1.0 and held.is_no_user_prediction and held.policy_priority == 7


@pytest.mark.parametrize("caseworker,last_action", [(None, "action_listen"), ("anna", "action_safety_crisis")])
def test_abstains_when_the_bot_has_the_conversation_or_has_already_acted(tmp_path, domain, caseworker, last_action):
    policy = _policy(CaseworkerPolicy, tmp_path)
    prediction = policy.predict_action_probabilities(_tracker(domain, "search_jobs", caseworker, last_action), domain)
    assert prediction.max_confidence == 0.0


@pytest.mark.parametrize("intent,expected", [("crisis", "action_safety_crisis"), ("inform", "action_listen"),
                                             ("search_jobs", "action_listen")])
def test_inside_a_form_the_crisis_answer_still_wins_and_everything_else_waits(tmp_path, domain, intent, expected):
    """The ensemble as Rasa runs it: the form's own "no user" prediction (RulePolicy, priority 6),
    the silence (7) and the safety net (8)."""
    tracker = _tracker(domain, intent, "anna", form=True)
    form = [0.0] * len(domain.action_names_or_texts)
    form[domain.index_for_action("sick_report_form")] = 1.0
    predictions = [
        _policy(SafetyPolicy, tmp_path / "s").predict_action_probabilities(tracker, domain),
        _policy(CaseworkerPolicy, tmp_path / "c").predict_action_probabilities(tracker, domain),
        PolicyPrediction(form, "RulePolicy", policy_priority=6, is_no_user_prediction=True),
    ]
    best = DefaultPolicyPredictionEnsemble._pick_best_policy(predictions)
    assert _action(domain, best) == expected


@pytest.mark.parametrize("intent,expected", [("crisis", "action_safety_crisis"), ("affirm", "action_listen")])
def test_the_first_message_after_the_consoles_announcement_is_met_too(tmp_path, domain, intent, expected):
    """The console announces the caseworker through Rasa's /execute, which leaves the announcement as
    the latest action (no action_listen after it): the next message is still a fresh user turn."""
    tracker = DialogueStateTracker.from_events("s", [
        ActionExecuted("action_listen"), UserUttered("koppla mig", {"name": "human_handoff"}),
        ActionExecuted("action_request_handoff"), ActionExecuted("action_listen"),
        SlotSet("caseworker", "anna"), ActionExecuted("utter_caseworker_joined"), BotUttered("Hej! Nu är anna här."),
        UserUttered("...", {"name": intent, "confidence": 1.0})], domain.slots)
    predictions = [
        _policy(SafetyPolicy, tmp_path / "s").predict_action_probabilities(tracker, domain),
        _policy(CaseworkerPolicy, tmp_path / "c").predict_action_probabilities(tracker, domain),
    ]
    best = DefaultPolicyPredictionEnsemble._pick_best_policy(predictions)
    assert _action(domain, best) == expected and best.max_confidence == 1.0
