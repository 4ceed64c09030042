"""Rasa policy: while a caseworker holds the conversation, the bot listens and says nothing.

The live handoff (docs/handoff.md): when a caseworker takes a case in the console, the console sets
the slot `caseworker` through Rasa's HTTP API; the jobseeker's messages still reach the tracker (the
console shows them live) but the bot must not answer them as well: two voices answering one person,
one of them a bot that does not know what the human just said, is worse than either. So after a user
message this policy predicts `action_listen` with full confidence, as a "no user" prediction (which
overrules the rules and an active form, whose state is kept for when the bot takes over again).

One exception, on purpose: a crisis message is still answered at once, because SafetyPolicy has the
higher priority (8 against 7 here); its answer also marks the case urgent in the caseworker's queue.
Giving the conversation back (the console sets the slot to None) ends the silence. Nothing to learn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from nlu.components.safety import right_after_a_user_message

CASEWORKER_SLOT = "caseworker"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class CaseworkerPolicy(Policy):
    """Predicts `action_listen` after a user message while the slot `caseworker` is set."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": 7}

    def train(self, training_trackers: list[TrackerWithCachedStates], domain: Domain,
              **kwargs: Any) -> Resource:
        with self._model_storage.write_to(self._resource) as directory:
            (Path(directory) / "caseworker_policy.txt").write_text("stateless\n", encoding="utf-8")
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: dict[str, Any] | None = None,
                                     **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        if tracker.get_slot(CASEWORKER_SLOT) and right_after_a_user_message(tracker):
            probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
            return self._prediction(probabilities, is_no_user_prediction=True)
        return self._prediction(probabilities)
