"""What every Jobbcoach action shares: a polite answer instead of a crash, entities, the bot's offer.

The bot's own offers and open questions ("Vill du att jag påminner dig?", "Hur många jobb vill du
söka?") are dialogue state: the slot `offer` names the offer, and rules conditioned on it decide what
"ja", "nej" or a bare "5" means (bot/data/rules_offers.yml). An offer is always the bot's *last*
one: every custom action that does not make a new offer clears it, so a stale offer can never make a
later "ja" delete anything.

Two slots, because Rasa's rules compare the featurized slots *after* an action with the rule: an
action writes `pending_offer` (not featurized), and at the next user message the slot mapping of
`offer` (action_read_offer, run by action_extract_slots) copies it into `offer`, which the rules see.
So `offer` never changes between a user message and the bot's answer to it.
"""

from __future__ import annotations

import logging
import re
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from nlu import entity_values, languages
from nlu.anyscript import fold_any
from nlu.textnorm import normalise

logger = logging.getLogger(__name__)
ADS_NOTE_SHOWN = "ads_language_note_shown"

class JobbcoachAction(Action, ABC):
    """An action that answers politely if anything inside it fails (store down, bad data, a bug).

    Abstract, so the action server does not try to register the base class itself."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            events = list(await self.act(dispatcher, tracker, domain) or [])
        except Exception:  # noqa: BLE001 - the jobseeker must always get an answer
            logger.exception("Action %s failed for %s", self.name(), tracker.sender_id)
            dispatcher.utter_message(response="utter_sorry_error")
            events = []
        if not any(e.get("event") == "slot" and e.get("name") == PENDING_OFFER for e in events):
            events.append(forget_offer())
        return events + explain_swedish_ads_once(dispatcher, tracker)

    @abstractmethod
    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        """The action's work; exceptions become a polite apology."""


def explain_swedish_ads_once(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Right above the first ads a jobseeker sees in another language: they stay Swedish, and the
    words that matter in them (heltid, sista ansökningsdag…). Once per conversation.

    Said where it helps, with the ads, and not when the language changes: a jobseeker who writes
    in English to report sick has no use for it."""
    language = tracker.get_slot("language")
    if language in (None, languages.default_code()) or tracker.get_slot(ADS_NOTE_SHOWN):
        return []
    first_ads = next((index for index, message in enumerate(dispatcher.messages)
                      if (message.get("custom") or {}).get("type") == "job_ads"), None)
    if first_ads is None:
        return []
    dispatcher.utter_message(response="utter_ads_stay_swedish")
    dispatcher.messages.insert(first_ads, dispatcher.messages.pop())
    return [SlotSet(ADS_NOTE_SHOWN, True)]


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


PENDING_OFFER = "pending_offer"


def offer(name: str) -> dict[str, Any]:
    """The event that records the offer or open question the bot just made (values: domain slot `offer`)."""
    return SlotSet(PENDING_OFFER, name)


def forget_offer() -> dict[str, Any]:
    return SlotSet(PENDING_OFFER, None)


def current_offer(tracker: Tracker) -> str | None:
    """The offer the latest user message answers (set from pending_offer when the message came)."""
    return tracker.get_slot("offer")


class ActionReadOffer(Action):
    """The custom slot mapping of `offer`: the offer the bot made in its last turn, or None."""

    def name(self) -> str:
        return "action_read_offer"

    async def run(self, dispatcher, tracker, domain):
        return [SlotSet("offer", tracker.get_slot(PENDING_OFFER))]


def set_topic(topic: str) -> dict[str, Any]:
    """What the conversation is about now (search | demand): decides what a bare place means."""
    return SlotSet("topic", topic)


COUNTED_NOUNS = ("jobb", "ansok", "tjanst", "st", "stycken", "intervju", "annons", "nummer", "nr")


def number_from(tracker: Tracker, entity: str = "number") -> int | None:
    """The number in the latest message: the `number` entity, else digits, else a number word that
    counts something ('tre jobb', 'nummer två') – not the 'ett' of 'ett mål'."""
    value = entity_value(tracker, entity)
    if value:
        canonical = entity_values.canonical_number(value)
        if canonical and canonical.isdigit():
            return int(canonical)
    if entity != "number":
        return None
    if digits := re.search(r"\b\d{1,4}\b", fold_any(latest_text(tracker))):  # also ۲ and ٣
        return int(digits.group())
    folded = normalise(latest_text(tracker))
    tokens = folded.split()
    for i, word in enumerate(tokens):
        if word not in entity_values.NUMBER_WORDS:
            continue
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if after.startswith(COUNTED_NOUNS) or before in ("nummer", "nr", "den", "det") or len(tokens) == 1:
            return entity_values.NUMBER_WORDS[word]
    return None
