"""A CV file handed over in the chat: the summary to confirm ("stämmer det här?"), a correction, the save.

The web app has read the file and dropped it (web/cv_upload.py); what reaches the dialogue is the
profile alone, as the entity `cv_profile` of the external event EXTERNAL_cv_received. It is kept in
the slot `cv_profile_pending` (the conversation's tracker, which erasure deletes) and shown back;
the offer `confirm_cv_profile` makes the next "ja"/"nej" about it (bot/data/rules_cv_upload.yml).
Only a yes writes it to the store, as the profile, and matches it with the profile match's ranking
(actions/profile_match.py). "Nej" asks what is wrong (offer `correct_cv_profile`); a second "nej"
forgets it. A correction ("jag är inte lagerarbetare, jag är truckförare") is read clause by clause:
what a clause with a "not" names leaves the profile, what the others name joins it.

The summary's words (field names, education levels, "5 år") come from bot/languages/cv_words.yml in
the conversation's language; the occupations are said as the job search says them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.conversation import (
    JobbcoachAction,
    current_offer,
    latest_entity,
    latest_intent,
    latest_text,
    offer,
)
from actions.profile_match import MATCH_COUNT, query_in, send_matches
from actions.search_state import occupation_name
from jobmatch.cv_profile import CvProfile, profile_from_cv_text
from jobmatch.service import get_service
from nlu import languages
from store.profiles import save_profile, save_structured_profile
from swedish.places import find_place

PENDING_SLOT = "cv_profile_pending"
PROFILE_ENTITY = "cv_profile"
PROBLEM_ENTITY = "cv_file_problem"
CV_WORDS_PATH = languages.CATALOGUE_DIR / "cv_words.yml"
# A CV names many skills; the summary shows the first ones, enough to see it was read right.
MAX_SKILLS_SHOWN = 8
# The downloads the widget offers once a profile is saved (GET /api/profile/export, web/cv_api.py).
EXPORT_FORMATS = ("json_resume", "europass", "jobbcoach")
# One answer per kind of file jobmatch.cv_files refuses (named in full: scripts/validate.sh looks for them).
PROBLEM_RESPONSES = {
    "too_large": "utter_cv_file_too_large",
    "too_many_pages": "utter_cv_file_too_many_pages",
    "no_text": "utter_cv_file_no_text",
    "encrypted": "utter_cv_file_encrypted",
    "zip_bomb": "utter_cv_file_zip_bomb",
    "wrong_type": "utter_cv_file_wrong_type",
    "unreadable": "utter_cv_file_unreadable",
    "empty": "utter_cv_file_empty",
}


@lru_cache(maxsize=1)
def cv_word_table() -> dict[str, Any]:
    return yaml.safe_load(CV_WORDS_PATH.read_text(encoding="utf-8")) or {}


def cv_words(key: str, language: str | None, **values: Any) -> str:
    """One phrase of bot/languages/cv_words.yml in the conversation's language (Swedish when it lacks one)."""
    phrases = cv_word_table()[key]
    return phrases.get(language or "", phrases[languages.default_code()]).format(**values)


def _word_list(key: str, language: str | None) -> list[str]:
    table = cv_word_table()[key]
    return list(dict.fromkeys([*table.get(language or "", []), *table[languages.default_code()]]))


def summary_lines(profile: CvProfile, language: str | None) -> list[str]:
    """The profile as the jobseeker reads it back: one line per field that has something."""
    occupations = [cv_words("occupation_years", language, occupation=occupation_name(o.label, language), years=o.years)
                   if o.years else occupation_name(o.label, language) for o in profile.occupations]
    names = cv_word_table()["language_names"]
    fields = [
        ("occupations", occupations),
        ("skills", [s.label for s in profile.skills[:MAX_SKILLS_SHOWN]]),
        ("education", [cv_words(profile.education_level, language)] if profile.education_level else []),
        ("languages", [names.get(code, code) for code in profile.languages]),
        ("driving_licences", profile.driving_licences),
        ("place", [profile.municipality] if profile.municipality else []),
        ("extent", [cv_words(profile.extent, language)] if profile.extent else []),
    ]
    return [cv_words("line", language, label=cv_words(key, language), values=", ".join(values))
            for key, values in fields if values]


def has_substance(profile: CvProfile) -> bool:
    """Something to match on: an occupation or a skill (a CV of only a name and languages is not)."""
    return bool(profile.occupations or profile.skills)


def pending_profile(tracker: Tracker) -> CvProfile | None:
    data = tracker.get_slot(PENDING_SLOT)
    return CvProfile.from_dict(data) if isinstance(data, dict) else None


def show_summary(dispatcher: CollectingDispatcher, profile: CvProfile, language: str | None,
                 response: str) -> list[dict[str, Any]]:
    dispatcher.utter_message(response=response, summary="\n".join(summary_lines(profile, language)))
    return [SlotSet(PENDING_SLOT, profile.to_dict()), offer("confirm_cv_profile")]


class ActionShowCvProfile(JobbcoachAction):
    """EXTERNAL_cv_received: what was read from the file, to confirm or correct."""

    def name(self) -> str:
        return "action_show_cv_profile"

    async def act(self, dispatcher, tracker, domain):
        entity = latest_entity(tracker, PROFILE_ENTITY)
        profile = CvProfile.from_dict(entity["value"]) if entity and isinstance(entity["value"], dict) else None
        if profile is None or not has_substance(profile):
            dispatcher.utter_message(response="utter_cv_nothing_recognised")
            return [SlotSet(PENDING_SLOT, None)]
        return show_summary(dispatcher, profile, tracker.get_slot("language"), "utter_cv_summary")


class ActionExplainCvFileProblem(JobbcoachAction):
    """EXTERNAL_cv_file_problem: a kind answer per kind of file that could not be read; nothing is kept."""

    def name(self) -> str:
        return "action_explain_cv_file_problem"

    async def act(self, dispatcher, tracker, domain):
        entity = latest_entity(tracker, PROBLEM_ENTITY)
        kind = str(entity["value"]) if entity else "unreadable"
        dispatcher.utter_message(response=PROBLEM_RESPONSES.get(kind, PROBLEM_RESPONSES["unreadable"]))
        return [SlotSet(PENDING_SLOT, None)]


class ActionConfirmCvProfile(JobbcoachAction):
    """'ja' to the summary: the profile is saved (the jobseeker said so) and matched at once."""

    def name(self) -> str:
        return "action_confirm_cv_profile"

    async def act(self, dispatcher, tracker, domain):
        profile = pending_profile(tracker)
        if profile is None:
            dispatcher.utter_message(response="utter_cv_nothing_pending")
            return []
        text = profile.matching_text()
        # The text is what "vilka jobb passar mig" matches on later (the profile form's stored profile).
        save_profile(tracker.sender_id, text, occupations_of(profile), profile.municipality, clock.now())
        save_structured_profile(tracker.sender_id, profile.to_dict(), clock.now())
        dispatcher.utter_message(response="utter_cv_profile_saved")
        dispatcher.utter_message(json_message={"type": "profile_downloads", "formats": list(EXPORT_FORMATS)})
        place = find_place(profile.municipality) if profile.municipality else None
        result = get_service().match_profile(text, limit=MATCH_COUNT, query=query_in(place))
        entries = send_matches(dispatcher, result.hits, place.label if place else None)
        return [SlotSet(PENDING_SLOT, None), SlotSet("shown_jobs", entries)]


def occupations_of(profile: CvProfile) -> list[dict[str, Any]]:
    """The occupations as the store's profile keeps them (as the profile match does)."""
    return [{"concept_id": o.concept_id, "label": o.label, "ssyk_code": o.ssyk_code, "years": o.years}
            for o in profile.occupations]


class ActionCorrectCvProfile(JobbcoachAction):
    """'nej' or a correction after the summary: corrected and shown again, asked what is wrong, or dropped."""

    def name(self) -> str:
        return "action_correct_cv_profile"

    async def run(self, dispatcher, tracker, domain):
        # A correction the NLU read as match_profile has filled the profile form's slot from its text.
        return [*await super().run(dispatcher, tracker, domain), SlotSet("profile_text", None)]

    async def act(self, dispatcher, tracker, domain):
        profile = pending_profile(tracker)
        if profile is None:
            dispatcher.utter_message(response="utter_cv_nothing_pending")
            return []
        language = tracker.get_slot("language")
        fixed = corrected(profile, latest_text(tracker), language)
        if fixed is not None:
            return show_summary(dispatcher, fixed, language, "utter_cv_corrected_summary")
        if current_offer(tracker) != "correct_cv_profile":
            dispatcher.utter_message(response="utter_cv_ask_correction")
        elif latest_intent(tracker) == "deny":  # "nej" to "what is wrong?": forget it
            return drop(dispatcher)
        else:
            dispatcher.utter_message(response="utter_cv_correction_not_understood")
        return [offer("correct_cv_profile")]


class ActionDropCvProfile(JobbcoachAction):
    """'avbryt' after the summary: the profile is forgotten, nothing was saved."""

    def name(self) -> str:
        return "action_drop_cv_profile"

    async def act(self, dispatcher, tracker, domain):
        return drop(dispatcher)


def drop(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    dispatcher.utter_message(response="utter_cv_profile_dropped")
    return [SlotSet(PENDING_SLOT, None)]


def clauses(text: str, language: str | None) -> list[str]:
    """The parts of a correction, cut where the catalogue's clause breaks say ("…, jag är …")."""
    breaks = _word_list("clause_breaks", language)
    pattern = "|".join(re.escape(b) for b in sorted(breaks, key=len, reverse=True))
    return [part.strip() for part in re.split(pattern, f" {text} ", flags=re.IGNORECASE) if part.strip()]


def is_negated(clause: str, language: str | None) -> bool:
    """A clause that says "not" in the conversation's language, Swedish or English."""
    folded = f" {clause.lower()} "
    cues = [*_word_list("negations", language), *cv_word_table()["negations"]["en"]]
    return any((f" {cue} " in folded) if cue.isalpha() or " " in cue else cue in folded for cue in cues)


def corrected(profile: CvProfile, text: str, language: str | None) -> CvProfile | None:
    """The profile with the correction applied, or None when the text names no occupation.

    An occupation that replaces a wrong one takes over its years ("inte lagerarbetare utan
    truckförare": the years of experience were the jobseeker's, only the name was misread)."""
    removed, added = [], []
    for clause in clauses(text, language):
        found = profile_from_cv_text(clause).occupations
        (removed if is_negated(clause, language) else added).extend(found)
    if not removed and not added:
        return None
    gone = {o.concept_id for o in removed} | {o.concept_id for o in added}
    freed_years = [o.years for o in profile.occupations if o.concept_id in {r.concept_id for r in removed} and o.years]
    kept = [o for o in profile.occupations if o.concept_id not in gone]
    known = {o.concept_id: o for o in profile.occupations}
    new = []
    for occupation in dict((o.concept_id, o) for o in added).values():
        years = occupation.years or (known[occupation.concept_id].years if occupation.concept_id in known else None)
        if years is None and freed_years:
            years = freed_years.pop(0)
        new.append(type(occupation)(occupation.concept_id, occupation.label, occupation.ssyk_code, years))
    fixed = CvProfile.from_dict({**profile.to_dict(), "occupations": []})
    fixed.occupations = new + kept
    return fixed
