"""The CV file's rules as Rasa's RulePolicy learns them (bot/config.yml: RulePolicy alone decides),
trained here on the whole domain and every rule, no NLU model needed: the external events run their
actions, and after the summary "ja", "nej", a correction and "avbryt" go where they should, while a
"nej" with no CV offer keeps its old answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.generator import TrainingDataGenerator
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.importers.importer import TrainingDataImporter

from .conftest import ROOT


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    importer = TrainingDataImporter.load_from_config(
        config_path=str(ROOT / "bot" / "config.yml"), domain_path=str(ROOT / "bot" / "domain"),
        training_data_paths=[str(ROOT / "bot" / "data"), str(ROOT / "nlu" / "data")])
    domain = importer.get_domain()
    trackers = TrainingDataGenerator(importer.get_stories(), domain, augmentation_factor=0,
                                     use_story_concatenation=False).generate()
    settings = next(p for p in importer.get_config()["policies"] if p["name"] == "RulePolicy")
    config = {**RulePolicy.get_default_config(), **{k: v for k, v in settings.items() if k != "name"}}
    policy = RulePolicy.create(config, LocalModelStorage(Path(tmp_path_factory.mktemp("rules"))), Resource("rules"),
                               ExecutionContext(graph_schema=None, model_id="cv-rules"))
    policy.train(trackers, domain)
    return policy, domain


def user(intent: str, text: str = "", entities: list | None = None) -> UserUttered:
    return UserUttered(text or f"/{intent}", {"name": intent, "confidence": 1.0}, entities or [])


RECEIVED = [ActionExecuted("action_listen"),
            user("EXTERNAL_cv_received", "EXTERNAL: EXTERNAL_cv_received",
                 [{"entity": "cv_profile", "value": {"occupations": [{"label": "Lagerarbetare"}]}}])]


def after_summary(offer: str, intent: str, text: str = "") -> list:
    """The summary was shown with `offer`; the jobseeker answers (action_read_offer has set `offer`)."""
    return [*RECEIVED, ActionExecuted("action_show_cv_profile"), SlotSet("pending_offer", offer),
            ActionExecuted("action_listen"), user(intent, text), SlotSet("offer", offer)]


def next_action(trained, events: list) -> str:
    policy, domain = trained
    tracker = DialogueStateTracker.from_events("cv-rules", events, domain.slots)
    prediction = policy.predict_action_probabilities(tracker, domain)
    return domain.action_names_or_texts[prediction.max_confidence_index]


def test_a_read_file_shows_its_summary_then_listens(trained):
    assert next_action(trained, RECEIVED) == "action_show_cv_profile"
    assert next_action(trained, [*RECEIVED, ActionExecuted("action_show_cv_profile")]) == "action_listen"


def test_a_bad_file_gets_its_explanation(trained):
    events = [ActionExecuted("action_listen"),
              user("EXTERNAL_cv_file_problem", "EXTERNAL: EXTERNAL_cv_file_problem",
                   [{"entity": "cv_file_problem", "value": "no_text"}])]
    assert next_action(trained, events) == "action_explain_cv_file_problem"


@pytest.mark.parametrize(("offer", "intent", "action"), [
    ("confirm_cv_profile", "affirm", "action_confirm_cv_profile"),
    ("confirm_cv_profile", "deny", "action_correct_cv_profile"),
    ("confirm_cv_profile", "inform", "action_correct_cv_profile"),
    ("confirm_cv_profile", "match_profile", "action_correct_cv_profile"),
    ("confirm_cv_profile", "search_jobs", "action_correct_cv_profile"),
    ("confirm_cv_profile", "stop", "action_drop_cv_profile"),
    ("correct_cv_profile", "deny", "action_correct_cv_profile"),
    ("correct_cv_profile", "inform", "action_correct_cv_profile"),
    ("correct_cv_profile", "affirm", "action_confirm_cv_profile"),
    ("correct_cv_profile", "stop", "action_drop_cv_profile"),
])
def test_the_answer_to_the_summary_goes_to_its_action(trained, offer, intent, action):
    assert next_action(trained, after_summary(offer, intent)) == action


def test_a_no_without_the_cv_offer_keeps_its_old_answer(trained):
    events = [ActionExecuted("action_listen"), user("deny", "nej")]
    assert next_action(trained, events) == "utter_ok_anything_else"
