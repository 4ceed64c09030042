"""A new session: carry the search over, tell a new user about their data, and check in on the goal.

Rasa runs action_session_start when a conversation begins and after an hour of silence. A custom one
lets the bot say "Välkommen tillbaka – hur går det med målet?" from the goal stored per user.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from rasa_sdk import Action
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet

from actions import clock

logger = logging.getLogger(__name__)

# What a new session keeps: the search the jobseeker was doing. Forms and questions start afresh.
CARRIED_SLOTS = ("occupation", "location", "last_search", "shown_jobs", "search_total")


def check_in(dispatcher, sender_id: str) -> bool:
    """Say how the goal of this week (or last week) is going; False when there is no recent goal."""
    from actions.coaching import goal_status_text
    from store.goals import latest_goal_since

    this_week = clock.week_start()
    status = latest_goal_since(sender_id, this_week - timedelta(days=7), clock.now().tzinfo)
    if status is None:
        return False
    if status.week_start == this_week:
        text = "Välkommen tillbaka! " + goal_status_text(status, this_week=True)
        buttons = [{"title": "Jag har sökt fler", "payload": "/report_progress"},
                   {"title": "Sök jobb", "payload": "/search_jobs"}]
    else:
        text = "Välkommen tillbaka! " + goal_status_text(status, this_week=False)
        buttons = [{"title": "Sätt ett nytt mål", "payload": "/set_goal"},
                   {"title": "Sök jobb", "payload": "/search_jobs"}]
    dispatcher.utter_message(text=text, buttons=buttons)
    return True


class ActionSessionStart(Action):
    """Session start that never fails the session: a store problem only skips the greeting extras."""

    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher, tracker, domain):
        from actions.privacy import show_privacy_notice_once

        try:
            if not show_privacy_notice_once(dispatcher, tracker.sender_id):
                check_in(dispatcher, tracker.sender_id)
        except Exception:  # noqa: BLE001 - a session must start even when the store is down
            logger.exception("Session start extras failed for %s", tracker.sender_id)
        events = [SessionStarted()]
        events += [SlotSet(name, tracker.get_slot(name)) for name in CARRIED_SLOTS
                   if tracker.get_slot(name) is not None]
        events.append(ActionExecuted("action_listen"))
        return events
