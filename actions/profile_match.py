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
from actions.conversation import JobbcoachAction, offer
from actions.hit_format import send_ads
from actions.job_search import entries_for
from actions.search_state import free_text_of
from actions.supply_signals import note_search
from jobmatch.service import BadQueryError, SearchQuery, get_service
from jobmatch.skills import skill_label
from nlu import taxonomy
from nlu.textnorm import words
from store.jobseekers import export_everything
from store.profiles import get_profile, save_profile

MIN_WORDS = 8
MATCH_COUNT = 5
MAX_SKILLS_NAMED = 8  # a CV names many; the first few show the jobseeker what was understood


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


def query_in(place: taxonomy.Place | None) -> SearchQuery:
    """The profile match's filter: the municipality or region the jobseeker named, else none."""
    return SearchQuery(municipality_code=place.municipality_code if place and place.kind == "municipality" else None,
                       region_code=place.region_code if place and place.kind == "region" else None)


def send_matches(dispatcher: CollectingDispatcher, hits: list[Any], where: str | None) -> list[dict[str, Any]]:
    """The profile match's answer: how many fit (and where), then the ads; the entries shown."""
    entries = entries_for(hits)
    if entries:
        if where:
            dispatcher.utter_message(response="utter_profile_matches_in", count=len(entries), place=where)
        else:
            dispatcher.utter_message(response="utter_profile_matches", count=len(entries))
        send_ads(dispatcher, entries)
    else:
        dispatcher.utter_message(response="utter_profile_no_matches")
    return entries


class ValidateProfileForm(FormValidationAction):
    """A short question falls back to the stored profile; with no profile, the form asks for one."""

    def name(self) -> str:
        return "validate_profile_form"

    def validate_profile_text(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: dict[str, Any]) -> dict[str, Any]:
        text = str(value or "").strip()
        if text.startswith("/"):
            text = ""
        if text and is_substantial(text):
            return {"profile_text": text[:20000]}
        stored = get_profile(tracker.sender_id)
        if stored and tracker.get_slot("requested_slot") != "profile_text":
            dispatcher.utter_message(response="utter_using_stored_profile")
            return {"profile_text": stored["text"], "profile_is_stored": True}
        if tracker.get_slot("requested_slot") == "profile_text" and text:
            dispatcher.utter_message(response="utter_profile_too_short")
        return {"profile_text": None}


class ActionMatchProfile(JobbcoachAction):
    """Match the profile text against open ads and offer to keep the text as the profile."""

    def name(self) -> str:
        return "action_match_profile"

    async def run(self, dispatcher, tracker, domain):
        events = await super().run(dispatcher, tracker, domain)
        return events + [SlotSet("profile_text", None), SlotSet("profile_is_stored", None)]

    async def act(self, dispatcher, tracker, domain):
        text = tracker.get_slot("profile_text") or ""
        if not text:
            return []
        place = None
        for entity in tracker.latest_message.get("entities") or []:
            if entity.get("entity") == "location":
                place = taxonomy.find_place(str(entity.get("value")))
        place = place or (taxonomy.find_place(tracker.get_slot("location")) if tracker.get_slot("location") else None)
        query = query_in(place)
        try:
            result = get_service().match_profile(text, limit=MATCH_COUNT, query=query)
        except BadQueryError:
            dispatcher.utter_message(response="utter_profile_too_long")
            return []
        note_search(tracker, result)  # counted anonymously for the insight figures (store.supply)
        occupations = recognised_occupations(text)
        if occupations:
            dispatcher.utter_message(response="utter_recognised_occupations",
                                     occupations=", ".join(o["label"] for o in occupations))
        skills = [skill_label(sid) for sid in result.understood.requirement_ids[:MAX_SKILLS_NAMED]]
        if skills:
            dispatcher.utter_message(response="utter_recognised_skills", skills=", ".join(skills))
        where = place.label if place else None
        entries = send_matches(dispatcher, result.hits, where)
        events: list[dict[str, Any]] = [SlotSet("shown_jobs", entries)]
        if tracker.get_slot("profile_is_stored"):
            return events
        dispatcher.utter_message(response="utter_offer_save_profile")
        return events + [SlotSet("profile_candidate", {"text": text, "occupations": occupations,
                                                       "location": where}),
                         offer("save_profile")]


class ActionSaveProfile(JobbcoachAction):
    """'ja' to "Vill du att jag sparar det du skrev som din profil?"."""

    def name(self) -> str:
        return "action_save_profile"

    async def act(self, dispatcher, tracker, domain):
        if save_candidate_profile(tracker):
            dispatcher.utter_message(response="utter_profile_saved")
        else:
            dispatcher.utter_message(response="utter_nothing_to_save")
        return [SlotSet("profile_candidate", None)]


class ActionDontSaveProfile(JobbcoachAction):
    """'nej' to saving the profile: the text is used for this match only."""

    def name(self) -> str:
        return "action_dont_save_profile"

    async def act(self, dispatcher, tracker, domain):
        dispatcher.utter_message(response="utter_profile_not_saved")
        return [SlotSet("profile_candidate", None)]


def save_candidate_profile(tracker: Tracker) -> bool:
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
        data = export_everything(tracker.sender_id)
        has_anything = any(data.get(key) for key in ("profile", "weekly_goals", "progress", "saved_jobs",
                                                     "sick_reports", "handoff_requests"))
        if not has_anything:
            dispatcher.utter_message(response="utter_nothing_stored")
            return [offer("match_profile")]
        document = json.dumps(data, ensure_ascii=False, indent=2)
        dispatcher.utter_message(response="utter_export_intro")
        dispatcher.utter_message(text=document, json_message={"jobbcoach_export": data})
        return []
