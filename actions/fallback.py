"""'Menade du…?': when the NLU is unsure, offer the most likely meanings as buttons.

Rasa's two-stage fallback calls action_default_ask_affirmation; this custom version offers up to three
intents in plain words of the conversation's language (titles: bot/languages/intent_titles.yml), with
the entities of the original message, so nothing has to be retyped, and 'Något annat', which leads
to 'kan du säga det på ett annat sätt?'.
"""

from __future__ import annotations

import json
from functools import lru_cache

import yaml
from rasa_sdk import Action

from nlu import languages

TITLES_PATH = languages.CATALOGUE_DIR / "intent_titles.yml"

NOT_OFFERED = {"nlu_fallback", "out_of_scope", "affirm", "deny", "stop", "inform"}


@lru_cache(maxsize=1)
def intent_titles() -> dict[str, dict[str, str]]:
    """{intent: {language: title}} from bot/languages/intent_titles.yml."""
    return yaml.safe_load(TITLES_PATH.read_text(encoding="utf-8")) or {}


def title_of(intent: str, language: str | None) -> str | None:
    """The button title of an intent in this language (Swedish when the language lacks it)."""
    titles = intent_titles().get(intent) or {}
    return titles.get(language or "") or titles.get(languages.default_code())


class ActionDefaultAskAffirmation(Action):
    """Buttons for the top intents of the message the NLU was unsure about."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(self, dispatcher, tracker, domain):
        message = tracker.latest_message
        entities = {e["entity"]: e["value"] for e in message.get("entities") or []
                    if e.get("entity") and isinstance(e.get("value"), str | int | float)}
        payload_entities = json.dumps(entities, ensure_ascii=False) if entities else ""
        language = tracker.get_slot("language")
        buttons = []
        for ranked in message.get("intent_ranking") or []:
            name = (ranked.get("name") or "").split("/")[0]
            title = title_of(name, language)
            if name in NOT_OFFERED or not title or any(b["intent"] == name for b in buttons):
                continue
            buttons.append({"intent": name, "title": title, "payload": f"/{name}{payload_entities}"})
            if len(buttons) == 3:
                break
        dispatcher.utter_message(response="utter_did_you_mean",
                                 buttons=[{"title": b["title"], "payload": b["payload"]} for b in buttons])
        return []
