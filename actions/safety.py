"""The safety net's answers: help at once, an urgent human on yes, and the paused form offered again.

The NLU component (nlu/components/safety.py) sets intent `crisis` or `crisis_uncertain`; the safety
rules (bot/data/rules_safety.yml) call these actions, inside a form or not. What is said lives in
bot/domain/safety.yml (and bot/languages/<code>/safety.yml); these actions only choose it.

Pausing: whatever form is active is deactivated here, its filled slots left as they are and its
name kept in `paused_flow`. After the jobseeker has answered the offer of a human, the bot asks if
they want to go on where they were; yes re-runs the form (it asks the first slot still empty).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet

from actions import clock
from actions.conversation import JobbcoachAction
from store.handoffs import request_handoff

logger = logging.getLogger(__name__)

PAUSED_FLOW = "paused_flow"
NOT_RESUMABLE = {"action_two_stage_fallback"}  # Rasa's own "Menade du…?" loop is not a flow to go back to
# The offer names the flow ("Vill du fortsätta med sjukanmälan där vi var?"); any other form gets the
# general "Vill du fortsätta där vi var?".
RESUME_OFFERS = {
    "sick_report_form": "utter_resume_offer_sick_report_form",
    "practice_interview_form": "utter_resume_offer_practice_interview_form",
    "profile_form": "utter_resume_offer_profile_form",
}
URGENT_REASON = ("BRÅDSKANDE – säkerhet: jobbsökaren skrev något som tyder på självmordstankar, självskada eller "
                 "fara, och vill att en människa hör av sig. Läs samtalet och kontakta personen så snart som möjligt.")


def pause_active_form(tracker) -> list[dict[str, Any]]:
    """Deactivate the active form, if any, and remember it; its filled slots stay as they are."""
    form = (tracker.active_loop or {}).get("name")
    if not form or form in NOT_RESUMABLE:
        return [ActiveLoop(None), SlotSet("requested_slot", None)] if form else []
    return [SlotSet(PAUSED_FLOW, form), ActiveLoop(None), SlotSet("requested_slot", None)]


def resume_offer(dispatcher, tracker, domain) -> None:
    """'Vill du fortsätta med sjukanmälan där vi var?' when a form was paused."""
    form = tracker.get_slot(PAUSED_FLOW)
    if form:
        dispatcher.utter_message(response=RESUME_OFFERS.get(form, "utter_resume_offer"))


class ActionSafetyCrisis(JobbcoachAction):
    """The risk is clear: 112, 1177, Självmordslinjen 90101 (mind.se) and the offer of a human."""

    def name(self) -> str:
        return "action_safety_crisis"

    async def run(self, dispatcher, tracker, domain):
        # The help text must go out even if something else here fails, so it is sent first.
        dispatcher.utter_message(response="utter_crisis_help")
        return await super().run(dispatcher, tracker, domain)

    async def act(self, dispatcher, tracker, domain):
        return pause_active_form(tracker)


class ActionSafetyCheck(JobbcoachAction):
    """It may be a crisis: ask gently (and name 112) instead of going on with the form or guessing."""

    def name(self) -> str:
        return "action_safety_check"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(response="utter_crisis_check")
        return await super().run(dispatcher, tracker, domain)

    async def act(self, dispatcher, tracker, domain):
        return pause_active_form(tracker)


class ActionSafetyHandoff(JobbcoachAction):
    """Yes to a human: an urgent handoff, first in the caseworkers' queue and flagged in the console."""

    def name(self) -> str:
        return "action_safety_handoff"

    async def act(self, dispatcher, tracker, domain):
        try:
            request_handoff(tracker.sender_id, URGENT_REASON, clock.now(), urgent=True)
        except Exception:  # noqa: BLE001 - the jobseeker still gets the numbers, told honestly
            logger.exception("Urgent handoff could not be stored for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_crisis_handoff_failed")
        else:
            dispatcher.utter_message(response="utter_crisis_handoff")
        resume_offer(dispatcher, tracker, domain)
        return []


class ActionSafetyDecline(JobbcoachAction):
    """No to a human: the numbers stay, a gentle close, and the paused form offered."""

    def name(self) -> str:
        return "action_safety_decline"

    async def act(self, dispatcher, tracker, domain):
        dispatcher.utter_message(response="utter_crisis_declined")
        resume_offer(dispatcher, tracker, domain)
        return []


class ActionSafetyNotCrisis(JobbcoachAction):
    """'Nej' to the gentle question: thank, name where help is, and go straight back to the form."""

    def name(self) -> str:
        return "action_safety_not_crisis"

    async def act(self, dispatcher, tracker, domain):
        dispatcher.utter_message(response="utter_crisis_not_crisis")
        return resume_events(tracker, domain)


class ActionSafetyResume(JobbcoachAction):
    """Yes to going on: the paused form runs again and asks its first empty slot."""

    def name(self) -> str:
        return "action_safety_resume"

    async def act(self, dispatcher, tracker, domain):
        events = resume_events(tracker, domain)
        if not events:
            dispatcher.utter_message(response="utter_resume_nothing")
        return events


class ActionSafetyResumeDeclined(JobbcoachAction):
    """No to going on: forget the paused form and what was filled in it, so a new start is fresh."""

    def name(self) -> str:
        return "action_safety_resume_declined"

    async def act(self, dispatcher, tracker, domain):
        form = tracker.get_slot(PAUSED_FLOW)
        dispatcher.utter_message(response="utter_resume_declined")
        if not form:
            return []
        required = ((domain.get("forms") or {}).get(form) or {}).get("required_slots") or []
        return [SlotSet(PAUSED_FLOW, None), *(SlotSet(slot, None) for slot in required)]


def resume_events(tracker, domain) -> list[dict[str, Any]]:
    """Re-run the paused form (a form that is run while inactive activates and asks what is missing)."""
    form = tracker.get_slot(PAUSED_FLOW)
    if not form or form not in (domain.get("forms") or {}):
        return []
    return [SlotSet(PAUSED_FLOW, None), FollowupAction(form)]
