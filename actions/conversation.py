"""What every Jobbcoach action shares: a polite answer instead of a crash, entities, follow-up questions.

Follow-up questions ("Vill du att jag sparar det här som din profil?") are answered by generic intents
(affirm, deny, inform). Instead of one story per question, the asking action records *which* question
it asked in the slot `pending_question`; the answering action honours it only when the user's message
came straight after the question, so a stale question can never make "ja" delete anything.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

logger = logging.getLogger(__name__)

SORRY = ("Förlåt, något gick snett hos mig just nu. Försök gärna igen om en stund – "
         "inget av det du har sparat har försvunnit.")


class JobbcoachAction(Action, ABC):
    """An action that answers politely if anything inside it fails (store down, bad data, a bug).

    Abstract, so the action server does not try to register the base class itself."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            return await self.act(dispatcher, tracker, domain)
        except Exception:  # noqa: BLE001 - the jobseeker must always get an answer
            logger.exception("Action %s failed for %s", self.name(), tracker.sender_id)
            dispatcher.utter_message(text=SORRY)
            return []

    @abstractmethod
    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        """The action's work; exceptions become a polite apology."""


def latest_entity(tracker: Tracker, name: str) -> dict[str, Any] | None:
    """The first entity of that type in the latest message, as Rasa sent it (value, raw_value, ids)."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == name and entity.get("value") not in (None, ""):
            return entity
    return None


def entity_value(tracker: Tracker, name: str) -> str | None:
    entity = latest_entity(tracker, name)
    return str(entity["value"]) if entity else None


def latest_text(tracker: Tracker) -> str:
    """The jobseeker's own words; empty for button payloads ('/intent') and reminders ('EXTERNAL: …')."""
    text = tracker.latest_message.get("text") or ""
    return "" if text.startswith(("/", "EXTERNAL:")) else text.strip()


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def ask(question: str) -> dict[str, Any]:
    """The event that records which follow-up question the bot just asked."""
    return SlotSet("pending_question", question)


def clear_question() -> dict[str, Any]:
    return SlotSet("pending_question", None)


def pending_question(tracker: Tracker) -> str | None:
    """The question asked right before the latest user message, else None (stale questions expire)."""
    value = tracker.get_slot("pending_question")
    if not value:
        return None
    users_since = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_since += 1
        elif event.get("event") == "slot" and event.get("name") == "pending_question":
            return value if users_since <= 1 and event.get("value") == value else None
    return None


COUNTED_NOUNS = ("jobb", "ansok", "tjanst", "st", "stycken", "intervju", "annons", "nummer", "nr")


def number_from(tracker: Tracker) -> int | None:
    """The number in the latest message: the `number` entity, else digits, else a number word that
    counts something ('tre jobb', 'nummer två') – not the 'ett' of 'ett mål'."""
    import re

    from nlu import entity_values
    from nlu.textnorm import normalise

    value = entity_value(tracker, "number")
    if value:
        canonical = entity_values.canonical_number(value)
        if canonical and canonical.isdigit():
            return int(canonical)
    folded = normalise(latest_text(tracker))
    if digits := re.search(r"\b\d{1,4}\b", folded):
        return int(digits.group())
    tokens = folded.split()
    for i, word in enumerate(tokens):
        if word not in entity_values.NUMBER_WORDS:
            continue
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if after.startswith(COUNTED_NOUNS) or before in ("nummer", "nr") or len(tokens) == 1:
            return entity_values.NUMBER_WORDS[word]
    return None
