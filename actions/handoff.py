"""Human handoff: queue a request with the reason for caseworkers, and say honestly what happens next."""

from __future__ import annotations

from actions import clock
from actions.check_ins import AFTER_HANDOFF, plan_follow_up
from actions.conversation import JobbcoachAction, latest_text
from store.handoffs import request_handoff


def recent_topics(tracker, limit: int = 3) -> list[str]:
    """The intents of the last few messages: context for the caseworker when no reason is given."""
    topics: list[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if name and name not in topics and name != "human_handoff":
                topics.append(name)
            if len(topics) >= limit:
                break
    return topics


class ActionRequestHandoff(JobbcoachAction):
    """Records the request (one open request per person: a second one adds to the reason)."""

    def name(self) -> str:
        return "action_request_handoff"

    async def act(self, dispatcher, tracker, domain):
        reason = latest_text(tracker)
        topics = recent_topics(tracker)
        if topics:
            reason = (reason + "\n" if reason else "") + "Samtalet handlade om: " + ", ".join(topics)
        _, is_new = request_handoff(tracker.sender_id, reason or None, clock.now())
        dispatcher.utter_message(response="utter_handoff_requested" if is_new else "utter_handoff_already_queued")
        if is_new:
            plan_follow_up(tracker, AFTER_HANDOFF)
        return []
