"""Build rasa-sdk trackers as the action server receives them, for action unit tests."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def tracker_for(text: str, intent: str = "search_jobs", entities: list[dict[str, Any]] | None = None,
                slots: dict[str, Any] | None = None, sender: str = "unit-test-user",
                events: list[dict[str, Any]] | None = None) -> Tracker:
    """A tracker whose latest message is `text` with the given intent, entities and slots."""
    latest_message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99},
        "entities": [{"entity": e["entity"], "value": e["value"]} | e for e in (entities or [])],
    }
    return Tracker(
        sender_id=sender, slots=dict(slots or {}), latest_message=latest_message,
        events=list(events or []), paused=False, followup_action=None, active_loop={},
        latest_action_name="action_listen",
    )
