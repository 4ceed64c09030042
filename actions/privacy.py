"""Personal data: tell new users once what is stored and why; delete it only on request, confirmed.

Deleting covers every per-user table in the store and, through the console's tracker reader, the
chat history in Rasa's tracker store. The history is deleted a moment *after* the answer, because
Rasa writes the current turn when the action returns: deleting earlier would be undone by that write.
"""

from __future__ import annotations

import logging
import threading

from rasa_sdk.events import AllSlotsReset

from actions import clock
from actions.conversation import JobbcoachAction, latest_text, offer
from nlu.textnorm import normalise
from store.jobseekers import (
    delete_everything,
    ensure_jobseeker,
    mark_privacy_notice_shown,
    privacy_notice_due,
)
from store.profiles import delete_profile as remove_profile

logger = logging.getLogger(__name__)

TRACKER_DELETE_DELAY_SECONDS = 3.0


def delete_chat_history_later(sender_id: str) -> bool:
    """Delete the sender's tracker events shortly, if the console's tracker reader is available."""
    try:
        # Imported here on purpose: the console is optional for the action server (web/ may be absent
        # in a slim deployment), and the store part of the deletion must work without it.
        from web.console import tracker_reader
    except Exception:  # noqa: BLE001 - the console is optional: the store part is still deleted
        logger.info("No console tracker reader: chat history of %s left to the retention job", sender_id)
        return False

    def delete() -> None:
        try:
            tracker_reader.delete_sender(sender_id)
        except Exception:  # noqa: BLE001
            logger.exception("Could not delete the chat history of %s", sender_id)

    timer = threading.Timer(TRACKER_DELETE_DELAY_SECONDS, delete)
    timer.daemon = True
    timer.start()
    return True


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
        delete_everything(tracker.sender_id)
        if delete_chat_history_later(tracker.sender_id):
            dispatcher.utter_message(response="utter_deleted_all_and_chat")
        else:
            dispatcher.utter_message(response="utter_deleted_all")
        return [AllSlotsReset()]


class ActionDeleteProfile(JobbcoachAction):
    """'ja' to "Vill du att jag raderar din profil?"."""

    def name(self) -> str:
        return "action_delete_profile"

    async def act(self, dispatcher, tracker, domain):
        removed = remove_profile(tracker.sender_id)
        dispatcher.utter_message(response="utter_deleted_profile" if removed else "utter_no_profile_to_delete")
        return []


def show_privacy_notice_once(dispatcher, sender_id: str) -> bool:
    """The notice for a sender who has not seen it; remembered in the store (survives sessions)."""
    ensure_jobseeker(sender_id)
    if not privacy_notice_due(sender_id):
        return False
    dispatcher.utter_message(response="utter_privacy_notice")
    mark_privacy_notice_shown(sender_id, clock.now())
    return True
