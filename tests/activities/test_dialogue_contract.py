"""The co-pilot's pieces agree: every response the actions send is a Swedish domain response, every
rule's intent and action is declared, and the scheduler's check-in kinds have their EXTERNAL_ intent
(web/check_ins.py fires EXTERNAL_<kind>)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from actions import activity_log

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "bot" / "domain" / "activities.yml").read_text(encoding="utf-8"))
RULES = yaml.safe_load((ROOT / "bot" / "data" / "rules_activities.yml").read_text(encoding="utf-8"))


def test_every_response_the_actions_send_is_in_the_domain():
    source = Path(activity_log.__file__).read_text(encoding="utf-8")
    sent = set(re.findall(r'"(utter_[a-z_]+)"', source))
    assert sent and sent <= set(DOMAIN["responses"]), sent - set(DOMAIN["responses"])


def test_the_rules_use_declared_intents_and_actions():
    for rule in RULES["rules"]:
        intents = [step["intent"] for step in rule["steps"] if "intent" in step]
        actions = [step["action"] for step in rule["steps"] if "action" in step]
        assert set(intents) <= set(DOMAIN["intents"]), rule["rule"]
        assert set(actions) <= set(DOMAIN["actions"]), rule["rule"]


def test_each_scheduled_kind_has_its_external_intent_and_a_rule():
    for kind in (activity_log.DRAFT, activity_log.REMINDER):
        intent = f"EXTERNAL_{kind}"
        assert intent in DOMAIN["intents"]
        assert any(step.get("intent") == intent for rule in RULES["rules"] for step in rule["steps"])


def test_no_slot_or_form_that_could_swallow_a_crisis_message():
    assert not DOMAIN.get("slots") and not DOMAIN.get("forms")
