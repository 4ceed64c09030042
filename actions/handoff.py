"""Human handoff: queue a request with the reason for caseworkers, and say honestly what happens next."""

from __future__ import annotations

from actions import clock
from actions.check_ins import AFTER_HANDOFF, plan_follow_up
from actions.conversation import JobbcoachAction, latest_text
from actions.dates import say_date
from jobbcoach_settings import SWEDEN
from store.handoffs import FINISHED, latest_case, request_handoff
from store.timeutil import from_store


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


class ActionHandoffStatus(JobbcoachAction):
    """ "Har min handläggare svarat?": where the jobseeker's request stands, from the store.

    While a caseworker holds the conversation the bot stays silent (bot/caseworker_policy.py) and
    the caseworker reads the question themselves; this answers the other cases: no request, a
    request waiting in the queue (since when, and what the service level promises), or a case the
    caseworker has closed (their answers are above in the chat)."""

    def name(self) -> str:
        return "action_handoff_status"

    async def act(self, dispatcher, tracker, domain):
        case = latest_case(tracker.sender_id)
        if case is None:
            dispatcher.utter_message(response="utter_handoff_status_none")
        elif case.status in FINISHED:
            dispatcher.utter_message(response="utter_handoff_status_closed")
        else:
            since = from_store(case.created_at).astimezone(SWEDEN).date()
            dispatcher.utter_message(response="utter_handoff_status_waiting",
                                     since=say_date(since, clock.today(), tracker.get_slot("language")))
        return []
