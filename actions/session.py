"""A new session: carry the search over, tell a new user about their data, and check in on the goal.

Rasa runs action_session_start when a conversation begins and after an hour of silence. A custom one
lets the bot say "Välkommen tillbaka – hur går det med målet?" from the goal stored per user.
"""

from __future__ import annotations

import logging

from rasa_sdk import Action
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet

from actions.coaching import say_recent_goal
from store.jobseekers import ensure_jobseeker, privacy_notice_due

logger = logging.getLogger(__name__)

# What a new session keeps: the search the jobseeker was doing. Forms and questions start afresh.
CARRIED_SLOTS = ("occupation", "location", "last_search", "shown_jobs", "search_total", "topic", "language")


def check_in(dispatcher, sender_id: str) -> bool:
    """Welcome back with how the goal of this week (or last week) is going; False without a recent goal."""
    return say_recent_goal(dispatcher, sender_id, welcome=True)


class ActionSessionStart(Action):
    """Session start that never fails the session: a store problem only skips the greeting extras."""

    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher, tracker, domain):
        try:
            # A new jobseeker hears the privacy notice with their first message, in its language
            # (action_detect_language); a returning one gets the check-in.
            ensure_jobseeker(tracker.sender_id)
            if not privacy_notice_due(tracker.sender_id):
                check_in(dispatcher, tracker.sender_id)
        except Exception:  # noqa: BLE001 - a session must start even when the store is down
            logger.exception("Session start extras failed for %s", tracker.sender_id)
        events = [SessionStarted()]
        events += [SlotSet(name, tracker.get_slot(name)) for name in CARRIED_SLOTS
                   if tracker.get_slot(name) is not None]
        events.append(ActionExecuted("action_listen"))
        return events
