"""Personal data: tell new users once what is stored and why; delete it only on request, confirmed.

Deleting is store.privacy.forget: every per-user table, the caseworkers' notes and tags, and the
chat history in Rasa's tracker store, which goes through the Rasa server under the conversation's
lock once this turn has been saved (a deletion inside the turn would be undone by Rasa's save).
"""

from __future__ import annotations

import logging

from rasa_sdk.events import AllSlotsReset

from actions import clock
from actions.conversation import JobbcoachAction, latest_text, offer
from nlu.textnorm import normalise
from store.jobseekers import (
    ensure_jobseeker,
    mark_privacy_notice_shown,
    privacy_notice_due,
)
from store.privacy import forget
from store.profiles import delete_profile as remove_profile

logger = logging.getLogger(__name__)

def wants_profile_only(text: str) -> bool:
    folded = normalise(text)
    return "profil" in folded and not any(w in folded for w in ("allt", "all ", "uppgifter", "konto", "data", "mig"))


class ActionAskDeleteData(JobbcoachAction):
    """'radera mina uppgifter': say exactly what goes, and ask before deleting anything (offer)."""

    def name(self) -> str:
        return "action_ask_delete_data"

    async def act(self, dispatcher, tracker, domain):
        if wants_profile_only(latest_text(tracker)):
            dispatcher.utter_message(response="utter_confirm_delete_profile")
            return [offer("delete_profile")]
        dispatcher.utter_message(response="utter_confirm_delete_all")
        return [offer("delete_all")]


class ActionDeleteAll(JobbcoachAction):
    """'ja' to "Vill du att jag raderar allt?": every per-user table, then the chat history."""

    def name(self) -> str:
        return "action_delete_all"

    async def act(self, dispatcher, tracker, domain):
        forget(tracker.sender_id, during_turn=True)
        dispatcher.utter_message(response="utter_deleted_all_and_chat")
        return [AllSlotsReset()]


class ActionDeleteProfile(JobbcoachAction):
    """'ja' to "Vill du att jag raderar din profil?"."""

    def name(self) -> str:
        return "action_delete_profile"

    async def act(self, dispatcher, tracker, domain):
        removed = remove_profile(tracker.sender_id)
        dispatcher.utter_message(response="utter_deleted_profile" if removed else "utter_no_profile_to_delete")
        return []


def show_privacy_notice_once(dispatcher, sender_id: str, language: str | None = None) -> bool:
    """The notice for a sender who has not seen it, in the language of the reply (it is shown with the
    first message, once that message's language is known); remembered in the store, so once ever."""
    ensure_jobseeker(sender_id)
    if not privacy_notice_due(sender_id):
        return False
    dispatcher.utter_message(response="utter_privacy_notice", **({"language": language} if language else {}))
    mark_privacy_notice_shown(sender_id, clock.now())
    return True
