"""Which language the bot answers in: an explicit choice, else a sticky reading of the detector.

``action_detect_language`` is the custom slot mapping of ``language`` (bot/domain/languages.yml),
so Rasa runs it on every user message before the next action is predicted: the reply to this very
message is already rendered in the new language by the NLG (bot/nlg.py). The NLU component
``nlu.components.language_detector`` only reports what the message looks like
(``parse_data["language_detection"]``); stickiness needs the conversation's current language, which
only the tracker knows, so it is decided here (argued in docs/languages.md).

The rules, in order:
1. an explicit choice (intent set_language with a language we speak) wins and is remembered;
2. a new conversation starts from the stored language of this jobseeker, else Telegram's app
   language, else Swedish;
3. a message switches the language only when it is long and clear enough: short or ambiguous
   messages ("ok", "Stockholm", one Swedish word in an Arabic conversation) keep the current one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions.privacy import show_privacy_notice_once
from nlu import languages
from store.jobseekers import get_language, set_language

logger = logging.getLogger(__name__)

# How sure the detector must be (its relative confidence, 0..1), by how settled the language is.
# "margin" is the lead over the second language (lingua says "I need a job": English 0.49, Somali 0.37).
FIRST_SWITCH = {"min_words": 2, "min_confidence": 0.4, "min_margin": 0.1}     # never decided yet
DETECTED_SWITCH = {"min_words": 3, "min_confidence": 0.7, "min_margin": 0.4}  # detected before
CHOSEN_SWITCH = {"min_words": 6, "min_confidence": 0.9, "min_margin": 0.8}    # the jobseeker chose


@dataclass(frozen=True)
class Decision:
    language: str
    source: str | None
    changed: bool


def chosen_language(latest_message: dict[str, Any]) -> str | None:
    """The language asked for with intent set_language (entity, else the words of the message)."""
    if (latest_message.get("intent") or {}).get("name") != "set_language":
        return None
    for entity in latest_message.get("entities") or []:
        if entity.get("entity") == "language":
            code = languages.code_for_name(str(entity.get("value", "")))
            if code:
                return code
    return languages.code_for_name(latest_message.get("text") or "")


def _switch_bar(source: str | None) -> dict[str, float]:
    """The evidence a message needs to change the language, by how settled the language is."""
    if source == "chosen":
        return CHOSEN_SWITCH
    if source in ("detected", "stored"):
        return DETECTED_SWITCH
    return FIRST_SWITCH


def detected_switch(current: str, source: str | None, detection: dict[str, Any] | None) -> str | None:
    """The language to switch to from the detector's reading, or None to keep ``current``."""
    if not detection:
        return None
    candidate = detection.get("language")
    if not candidate or candidate == current or languages.get(candidate) is None:
        return None
    word_count = int(detection.get("words") or 0)
    confidence = float(detection.get("confidence") or 0.0)
    margin = float(detection.get("margin") or 0.0)
    bar = _switch_bar(source)
    # Letters of a non-Latin script in a Latin-script conversation are strong evidence (Swedish
    # place names and job titles are Latin, so they never are); two words, since "سلام" is both
    # Arabic and Persian, unless nothing was decided yet. The other way round asks for one word more.
    script, current_script = detection.get("script"), languages.script(current)
    if script and script != current_script and source != "chosen":
        if script != "latin":
            min_words = 1 if source in (None, "hint") else 2
            return candidate if word_count >= min_words and confidence >= 0.5 else None
        bar = {**bar, "min_words": bar["min_words"] + 1}
    if word_count >= bar["min_words"] and confidence >= bar["min_confidence"] and margin >= bar["min_margin"]:
        return candidate
    return None


def decide(current: str | None, source: str | None, latest_message: dict[str, Any],
           stored: str | None = None, hint: str | None = None) -> Decision:
    """The language for the reply to ``latest_message``, and whether it changed."""
    start = current or languages.default_code()
    if source is None:
        # A fresh conversation (or session): what we know of this person beats Swedish.
        if languages.get(stored):
            start, source = str(stored), "stored"
        elif languages.get((hint or "").split("-")[0]):
            start, source = (hint or "").split("-")[0].lower(), "hint"
    chosen = chosen_language(latest_message)
    if chosen:
        return Decision(chosen, "chosen", chosen != current)
    text = (latest_message.get("text") or "").strip()
    if text.startswith("/"):  # a button payload says nothing about the language
        return Decision(start, source, start != current)
    switch = detected_switch(start, source, latest_message.get("language_detection"))
    if switch:
        return Decision(switch, "detected", switch != current)
    return Decision(start, source, start != current)


def _stored_language(sender_id: str) -> str | None:
    try:
        return get_language(sender_id)
    except Exception:  # noqa: BLE001 - a store problem must not stop the conversation
        logger.exception("Could not read the stored language of %s", sender_id)
        return None


def _remember(sender_id: str, code: str) -> None:
    try:
        set_language(sender_id, code)
    except Exception:  # noqa: BLE001
        logger.exception("Could not store the language of %s", sender_id)


def first_message_of_session(tracker) -> bool:
    """Whether the latest message is the session's first (or the only one the tracker holds): the
    privacy notice is asked of the store then, not on every message of a Swedish conversation, whose
    language source stays unset."""
    users = 0
    for event in reversed(tracker.events or []):
        if event.get("event") == "session_started":
            break
        users += event.get("event") == "user"
    return users <= 1


def _privacy_notice_once(dispatcher, sender_id: str, language: str) -> None:
    try:
        show_privacy_notice_once(dispatcher, sender_id, language=language)
    except Exception:  # noqa: BLE001 - a store problem must not stop the conversation
        logger.exception("Could not show the privacy notice to %s", sender_id)


class ActionDetectLanguage(Action):
    """Custom slot mapping of `language`: sets it (and says so once) when the language changes."""

    def name(self) -> str:
        return "action_detect_language"

    async def run(self, dispatcher, tracker, domain):
        latest = tracker.latest_message or {}
        current = tracker.get_slot("language")
        source = tracker.get_slot("language_source")
        stored = _stored_language(tracker.sender_id) if source is None else None
        hint = (latest.get("metadata") or {}).get("language_hint")
        decision = decide(current, source, latest, stored=stored, hint=hint if isinstance(hint, str) else None)
        if source is None and first_message_of_session(tracker):  # a new jobseeker hears what is stored
            _privacy_notice_once(dispatcher, tracker.sender_id, decision.language)
        if decision.language == current and decision.source == source:
            return []
        events = [SlotSet("language", decision.language), SlotSet("language_source", decision.source)]
        if decision.changed:
            _remember(tracker.sender_id, decision.language)
            if decision.source == "detected":
                dispatcher.utter_message(response="utter_language_detected", language=decision.language)
        return events


class ActionLanguageReply(Action):
    """After intent set_language: confirm in the new language, or show the menu when none was named."""

    def name(self) -> str:
        return "action_language_reply"

    async def run(self, dispatcher, tracker, domain):
        chosen = chosen_language(tracker.latest_message or {})
        if not chosen:
            dispatcher.utter_message(response="utter_choose_language")
            return []
        dispatcher.utter_message(response="utter_language_changed", language=chosen)
        return []
