"""'Menade du…?': when the NLU is unsure, offer the most likely meanings as buttons.

Rasa's two-stage fallback calls action_default_ask_affirmation; this custom version offers up to three
intents in plain Swedish (with the entities of the original message, so nothing has to be retyped)
and 'Något annat', which leads to 'kan du säga det på ett annat sätt?'.
"""

from __future__ import annotations

import json

from rasa_sdk import Action

INTENT_TITLES = {
    "greet": "Hälsa", "goodbye": "Avsluta", "thank": "Tacka", "bot_challenge": "Fråga vem jag är",
    "human_handoff": "Prata med en människa", "search_jobs": "Söka jobb", "show_more": "Visa fler jobb",
    "refine_search": "Ändra sökningen", "save_job": "Spara ett jobb", "show_saved_jobs": "Visa sparade jobb",
    "match_profile": "Matcha min erfarenhet mot jobb", "labour_demand": "Se vilka yrken som söks",
    "cv_help": "Få hjälp med CV", "interview_help": "Få tips inför intervju", "practice_interview": "Öva intervju",
    "feeling_down": "Prata om hur jag mår", "set_goal": "Sätta ett veckomål", "report_progress": "Berätta vad jag gjort",
    "report_sick": "Sjukanmäla mig", "my_sick_reports": "Se mina sjukanmälningar", "export_profile": "Ta med min profil",
    "delete_data": "Radera mina uppgifter",
}
NOT_OFFERED = {"nlu_fallback", "out_of_scope", "affirm", "deny", "stop", "inform"}


class ActionDefaultAskAffirmation(Action):
    """Buttons for the top intents of the message the NLU was unsure about."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(self, dispatcher, tracker, domain):
        message = tracker.latest_message
        entities = {e["entity"]: e["value"] for e in message.get("entities") or []
                    if e.get("entity") and isinstance(e.get("value"), str | int | float)}
        payload_entities = json.dumps(entities, ensure_ascii=False) if entities else ""
        buttons = []
        for ranked in message.get("intent_ranking") or []:
            name = (ranked.get("name") or "").split("/")[0]
            if name in NOT_OFFERED or name not in INTENT_TITLES or any(b["intent"] == name for b in buttons):
                continue
            buttons.append({"intent": name, "title": INTENT_TITLES[name], "payload": f"/{name}{payload_entities}"})
            if len(buttons) == 3:
                break
        dispatcher.utter_message(response="utter_did_you_mean",
                                 buttons=[{"title": b["title"], "payload": b["payload"]} for b in buttons])
        return []
