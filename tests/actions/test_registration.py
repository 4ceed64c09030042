"""The action server registers every action module, and the domain names exactly those actions."""

from __future__ import annotations

from pathlib import Path

import yaml
from rasa_sdk.executor import ActionExecutor

REPO = Path(__file__).resolve().parents[2]


def registered_actions() -> set[str]:
    executor = ActionExecutor()
    executor.register_package("actions")
    return set(executor.actions)


def domain_actions() -> set[str]:
    names: set[str] = set()
    for path in (REPO / "bot" / "domain").glob("*.yml"):
        names.update((yaml.safe_load(path.read_text()) or {}).get("actions") or [])
    return names


def test_every_domain_action_is_served_and_every_served_action_is_in_the_domain():
    served = registered_actions()
    assert domain_actions() <= served, domain_actions() - served
    assert served <= domain_actions(), served - domain_actions()


def test_every_action_can_be_pickled_for_the_spawned_workers():
    import pickle

    executor = ActionExecutor()
    executor.register_package("actions")
    for name, function in executor.actions.items():
        pickle.dumps(function), name
