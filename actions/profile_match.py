"""Profile match: experience or a pasted CV → matching ads with reasons and the occupations recognised.

The text is kept as the jobseeker's profile only when they say yes; they can export everything as
JSON ("ta med din profil") and delete it.
"""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.conversation import JobbcoachAction, ask, clear_question
from actions.hit_format import hits_message
from actions.search_state import free_text_of, shown_entries_from_hits
from nlu import taxonomy
from nlu.textnorm import words

MIN_WORDS = 8
MATCH_COUNT = 5


def recognised_occupations(text: str, limit: int = 5) -> list[dict[str, str]]:
    """The occupations the taxonomy finds in the text, as stored in the profile."""
    try:
        found = taxonomy.occupation_candidates(text)
    except Exception:  # noqa: BLE001 - recognition is a bonus, matching works without it
        found = []
    seen, result = set(), []
    for occupation in found:
        if occupation.concept_id in seen:
            continue
        seen.add(occupation.concept_id)
        result.append({"concept_id": occupation.concept_id, "label": occupation.label,
                       "ssyk_code": occupation.ssyk_code})
    return result[:limit]


def is_substantial(text: str) -> bool:
    """Enough to match on: a described experience, not just 'vilka jobb passar mig'."""
    content = free_text_of(text) or ""
    return len(words(text)) >= MIN_WORDS or bool(content and recognised_occupations(content))


class ValidateProfileForm(FormValidationAction):
    """A short question falls back to the stored profile; with no profile, the form asks for one."""

    def name(self) -> str:
        return "validate_profile_form"

    def validate_profile_text(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: dict[str, Any]) -> dict[str, Any]:
        from store.profiles import get_profile

        text = str(value or "").strip()
        if text.startswith("/"):
            text = ""
        if text and is_substantial(text):
            return {"profile_text": text[:20000]}
        stored = get_profile(tracker.sender_id)
        if stored and tracker.get_slot("requested_slot") != "profile_text":
            dispatcher.utter_message(text="Jag utgår från profilen du har sparat hos mig.")
            return {"profile_text": stored["text"], "profile_is_stored": True}
        if tracker.get_slot("requested_slot") == "profile_text" and text:
            dispatcher.utter_message(text="Berätta gärna lite mer – vad har du jobbat med, vad kan du och vad vill du "
                                          "göra? Ett par meningar räcker, eller klistra in ditt CV.")
        return {"profile_text": None}


class ActionMatchProfile(JobbcoachAction):
    """Match the profile text against open ads and offer to keep the text as the profile."""

    def name(self) -> str:
        return "action_match_profile"

    async def run(self, dispatcher, tracker, domain):
        events = await super().run(dispatcher, tracker, domain)
        return events + [SlotSet("profile_text", None), SlotSet("profile_is_stored", None)]

    async def act(self, dispatcher, tracker, domain):
        from jobmatch.service import BadQueryError, SearchQuery, get_service

        text = tracker.get_slot("profile_text") or ""
        if not text:
            return []
        place = None
        for entity in tracker.latest_message.get("entities") or []:
            if entity.get("entity") == "location":
                place = taxonomy.find_place(str(entity.get("value")))
        place = place or (taxonomy.find_place(tracker.get_slot("location")) if tracker.get_slot("location") else None)
        query = SearchQuery(municipality_code=place.municipality_code if place and place.kind == "municipality"
                            else None, region_code=place.region_code if place and place.kind == "region" else None)
        try:
            result = get_service().match_profile(text, limit=MATCH_COUNT, query=query)
        except BadQueryError:
            dispatcher.utter_message(text="Texten blev för lång för mig. Klistra in de viktigaste delarna av ditt CV, "
                                          "till exempel erfarenhet och utbildning.")
            return []
        occupations = recognised_occupations(text)
        known = ", ".join(o["label"] for o in occupations)
        intro = f"Jag känner igen de här yrkena i det du skrev: {known}.\n\n" if known else ""
        where = f" i {place.label}" if place else ""
        if result.hits:
            body = f"De här {len(result.hits)} jobben{where} passar dig bäst just nu:\n\n{hits_message(result.hits)}"
        else:
            body = f"Jag hittade tyvärr inga öppna annonser{where} som passar just nu."
        events: list[dict[str, Any]] = [SlotSet("shown_jobs", shown_entries_from_hits(result.hits))]
        if tracker.get_slot("profile_is_stored"):
            dispatcher.utter_message(text=intro + body)
            return events + [clear_question()]
        dispatcher.utter_message(
            text=intro + body + "\n\nVill du att jag sparar det du skrev som din profil? Då kan du matcha igen "
                                "senare, och du kan alltid ta med dig eller radera den.",
            buttons=[{"title": "Ja, spara", "payload": "/affirm"}, {"title": "Nej tack", "payload": "/deny"}])
        return events + [SlotSet("profile_candidate", {"text": text, "occupations": occupations,
                                                       "location": place.label if place else None}),
                         ask("save_profile")]


def save_candidate_profile(tracker: Tracker) -> bool:
    from store.profiles import save_profile

    candidate = tracker.get_slot("profile_candidate") or {}
    if not candidate.get("text"):
        return False
    save_profile(tracker.sender_id, candidate["text"], candidate.get("occupations") or [], candidate.get("location"),
                 clock.now())
    return True


class ActionExportProfile(JobbcoachAction):
    """'ta med din profil': everything stored about the jobseeker, as JSON they can take elsewhere."""

    def name(self) -> str:
        return "action_export_profile"

    async def act(self, dispatcher, tracker, domain):
        from store.jobseekers import export_everything

        data = export_everything(tracker.sender_id)
        has_anything = any(data.get(key) for key in ("profile", "weekly_goals", "progress", "saved_jobs",
                                                     "sick_reports", "handoff_requests"))
        if not has_anything:
            dispatcher.utter_message(text="Jag har inget sparat om dig än, förutom att du har pratat med mig. "
                                          "Vill du skapa en profil? Beskriv din erfarenhet så matchar jag den mot jobb.")
            return []
        document = json.dumps(data, ensure_ascii=False, indent=2)
        dispatcher.utter_message(
            text=("Här är allt jag har sparat om dig, som JSON. Kopiera texten och spara den som en fil "
                  "(till exempel jobbcoach-profil.json) så kan du ta med den till en annan tjänst:\n\n" + document),
            json_message={"jobbcoach_export": data})
        return []
