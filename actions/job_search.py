"""Job search: ask for what is missing, show five ads at a time, refine, widen, and keep favourites.

Every answer is a domain response (bot/domain/job_search.yml) chosen here; the ads themselves go out
as the `job_ads` custom payload (actions/hit_format.py). The search lives in `last_search`, the
topic slot says "search" so a bare place or occupation afterwards refines it (rules)."""

from __future__ import annotations

import re
from dataclasses import asdict, replace
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.conversation import JobbcoachAction, current_offer, latest_text, number_from, offer
from actions.hit_format import entry_from_hit, send_ads
from actions.search_state import (
    ANYTHING,
    PAGE_SIZE,
    Search,
    extent_words,
    from_message,
    from_slots,
    occupation_label,
    refined,
    search_words,
)
from actions.supply_signals import note_search
from jobmatch.service import SearchQuery, get_service
from nlu import taxonomy
from nlu.multilingual_values import canonical_number
from nlu.textnorm import normalise
from store.saved_jobs import save_job, saved_jobs

MAX_QUERY_CHARS = 300  # a pasted CV belongs to the profile match, not to a search


def is_generic_word(search: Search, occupation) -> bool:
    """'Kock' resolved to 'Kock, à la carte': the jobseeker meant cooks in general, so search the group."""
    label, word = occupation.label.lower(), (search.occupation or "").lower()
    return label != word and label.startswith(word)


def build_query(search: Search, language: str | None = None):
    """The matching service's SearchQuery for a search (``language``: the conversation's, so that
    free words in it are read as such: English "chef" is a cook).

    A known occupation filters: on the occupation itself, or on its whole group (SSYK: related
    occupations) when widened or when the jobseeker's word was general. Free words only rank."""
    occupation = taxonomy.find_occupation(search.occupation) if search.occupation else None
    place = taxonomy.find_place(search.location) if search.location else None
    occupation_id = None
    if occupation:
        whole_group = search.related or is_generic_word(search, occupation)
        occupation_id = (occupation.group_concept_id or occupation.concept_id) if whole_group else occupation.concept_id
    return SearchQuery(text=search.query_text()[:MAX_QUERY_CHARS], occupation_id=occupation_id,
                       occupation_filter=bool(occupation),
                       municipality_code=place.municipality_code if place and place.kind == "municipality" else None,
                       region_code=place.region_code if place and place.kind == "region" else None,
                       extent=search.extent, remote=True if search.remote else None,
                       language=None if search.occupation else language)  # an occupation is a Swedish label


def run_search(search: Search, language: str | None = None):
    return get_service().search(build_query(search, language), limit=PAGE_SIZE, offset=search.offset)



def entries_for(hits: list[Any], first_number: int = 1) -> list[dict[str, Any]]:
    """The shown ads as kept in `shown_jobs`, with the extent read from the ad itself."""
    service = get_service()
    entries = []
    for i, hit in enumerate(hits):
        ad = service.get_ad(hit.id)
        entries.append(entry_from_hit(first_number + i, hit, extent=getattr(ad, "extent", "") if ad else ""))
    return entries


def understood_text(result: Any) -> tuple[str | None, str | None]:
    """(what, place) from the matcher's `understood` summary, when it has one (added by jobmatch)."""
    understood = getattr(result, "understood", None)
    if not understood:
        return None, None

    def read(name: str) -> Any:
        return understood.get(name) if isinstance(understood, dict) else getattr(understood, name, None)

    def label(value: Any) -> str | None:
        value = value.get("label") if isinstance(value, dict) else getattr(value, "label", value)
        return str(value) if value else None

    what = label(read("occupation")) or label(read("group"))
    skills = read("skills") or []
    if not what and skills:
        what = ", ".join(str(label(skill)) for skill in skills[:3])
    return what, label(read("place"))


def say_understood(dispatcher: CollectingDispatcher, result: Any) -> None:
    what, place = understood_text(result)
    if what and place:
        dispatcher.utter_message(response="utter_understood_with_place", what=what.lower(), place=place)
    elif what:
        dispatcher.utter_message(response="utter_understood", what=what.lower())


def say_page_intro(dispatcher: CollectingDispatcher, search: Search, result: Any, first: int, last: int,
                   language: str | None = None) -> None:
    if search.offset:
        dispatcher.utter_message(response="utter_hits_next_page", first=first, last=last, total=result.total)
    elif result.total == 1:
        dispatcher.utter_message(response="utter_hits_only_one", search=search.describe(language))
    elif result.total == len(result.hits):
        dispatcher.utter_message(response="utter_hits_all", total=result.total, search=search.describe(language))
    else:
        dispatcher.utter_message(response="utter_hits_some", count=len(result.hits), total=result.total,
                                 search=search.describe(language))


def show_page(dispatcher: CollectingDispatcher, tracker: Tracker, search: Search, *,
              new_search: bool) -> list[dict[str, Any]]:
    """Search, answer, and return the events that remember the page (or widen when nothing is found)."""
    language = tracker.get_slot("language")
    result = run_search(search, language)
    note_search(tracker, result)  # counted anonymously for the insight figures (store.supply)
    if not result.hits:
        if search.offset > 0:
            dispatcher.utter_message(response="utter_no_more_hits")
            return [offer("widen_search")]
        return widen(dispatcher, search, language=language)
    first = search.offset + 1
    last = search.offset + len(result.hits)
    if not search.offset:
        say_understood(dispatcher, result)
    say_page_intro(dispatcher, search, result, first, last, language)
    entries = entries_for(result.hits, first)
    send_ads(dispatcher, entries)
    if search.offset == 0:
        more = "utter_after_hits" if last < result.total else "utter_after_all_hits"
        dispatcher.utter_message(response=more)
    earlier = [] if new_search else list(tracker.get_slot("shown_jobs") or [])
    shown = [e for e in earlier if e.get("n", 0) < first] + entries
    return [*search.slot_events(), SlotSet("shown_jobs", shown[-50:]), SlotSet("search_total", float(result.total))]


def wider_searches(search: Search, language: str | None = None) -> list[tuple[Search, str]]:
    """The widening ladder for a search without hits, each step with how the bot says it.

    Place first, then breadth: related occupations (the SSYK group) in the same place, then the
    occupation and its relatives in the region, then in the whole country, and finally without the
    extent/distans requirement. A commute matters more to most people than the exact title."""
    place = taxonomy.find_place(search.location) if search.location else None
    scopes: list[tuple[str | None, str]] = [
        (search.location, search_words("in_place", language, place=search.location) if search.location else "")]
    if place and place.kind == "municipality" and place.region_label:
        scopes.append((place.region_label, search_words("whole_region", language, region=place.region_label)))
    if place:
        scopes.append((None, search_words("whole_country", language)))
    occupation = taxonomy.find_occupation(search.occupation) if search.occupation else None
    can_relate = bool(occupation) and not search.related and not is_generic_word(search, occupation)
    steps: list[tuple[Search, str]] = []
    for index, (location, where) in enumerate(scopes):
        if index:
            steps.append((replace(search, location=location, offset=0), where))
        if can_relate:
            steps.append((replace(search, location=location, related=True, offset=0),
                          f"{search_words('related', language)} {where}".strip()))
    if search.extent or search.remote:
        dropped_parts = [extent_words(search.extent, language),
                         search_words("remote_requirement", language) if search.remote else None]
        dropped = f" {search_words('and', language)} ".join(part for part in dropped_parts if part)
        steps.append((replace(search, extent=None, remote=False, offset=0),
                       search_words("without_requirement", language, dropped=dropped)))
    return steps


def widen(dispatcher: CollectingDispatcher, search: Search, shown_total: int = 0,
          language: str | None = None) -> list[dict[str, Any]]:
    """Nothing (more) found: the first step of the ladder with more hits than shown, else say so."""
    for wider, where in wider_searches(search, language):
        result = run_search(wider, language)
        if result.total > shown_total and result.hits:
            dispatcher.utter_message(response="utter_widened" if not shown_total else "utter_widened_more",
                                     search=search.describe(language), where=where, total=result.total)
            entries = entries_for(result.hits)
            send_ads(dispatcher, entries)
            if result.total > PAGE_SIZE:
                dispatcher.utter_message(response="utter_after_hits")
            return [SlotSet("last_search", {**asdict(wider), "asked": asdict(search)}), SlotSet("topic", "search"),
                    SlotSet("shown_jobs", entries), SlotSet("search_total", float(result.total))]
    if shown_total:
        dispatcher.utter_message(response="utter_cannot_widen", search=search.describe(language))
        return []
    dispatcher.utter_message(response="utter_no_hits", search=search.describe(language))
    if search.extent or search.remote:
        dispatcher.utter_message(response="utter_no_hits_drop_filters")
    return [*replace(search, offset=0).slot_events(), SlotSet("shown_jobs", []), SlotSet("search_total", 0.0)]


class ActionSearchJobs(JobbcoachAction):
    """A new search from the latest message; asks what kind of job when the message does not say.

    After the bot asked "Vad för slags jobb?" (offer search_what), and while the topic is a search,
    the place asked for earlier is kept; the reply names it, so "i hela landet" undoes it."""

    def name(self) -> str:
        return "action_search_jobs"

    async def act(self, dispatcher, tracker, domain):
        text = latest_text(tracker)
        search = from_message(tracker, text)
        if current_offer(tracker) == "search_what":
            earlier = from_slots(tracker)
            if normalise(text) in ANYTHING and earlier.location:
                search = replace(earlier, offset=0)
            else:
                search = replace(search, location=search.location or earlier.location)
        elif tracker.get_slot("topic") == "search" and not search.location:
            # A new wish in the middle of a search ("nej förresten, hellre buss") keeps its place.
            search = replace(search, location=from_slots(tracker, asked=True).location)
        if not search.has_what and (not search.location or not text):
            return ask_what(dispatcher, search)
        return show_page(dispatcher, tracker, search, new_search=True)


class ActionSearchSuggested(JobbcoachAction):
    """'ja' to a search the bot suggested (the top occupation of a demand answer, a CV follow-up)."""

    def name(self) -> str:
        return "action_search_suggested"

    async def act(self, dispatcher, tracker, domain):
        suggested = tracker.get_slot("suggested_search") or {}
        search = Search(occupation=occupation_label(suggested.get("occupation")), text=suggested.get("text"),
                        location=suggested.get("location") or tracker.get_slot("location"))
        events = [SlotSet("suggested_search", None)]
        if not search.has_what:
            return events + ask_what(dispatcher, search)
        return events + show_page(dispatcher, tracker, search, new_search=True)


def ask_what(dispatcher: CollectingDispatcher, search: Search) -> list[dict[str, Any]]:
    """'Vad för slags jobb letar du efter (i Umeå)?', remembering the place for the answer."""
    if search.location:
        dispatcher.utter_message(response="utter_ask_search_what_in", where=search.location)
    else:
        dispatcher.utter_message(response="utter_ask_search_what")
    partial = replace(search, text=None, occupation=None)
    # An open question is the topic now: the answer must not also read as a refinement (rules_context).
    return [SlotSet("last_search", asdict(partial)), offer("search_what"), SlotSet("topic", None)]


class ActionShowMore(JobbcoachAction):
    """'visa fler': the next five of the same search; at the end, an offer to widen it."""

    def name(self) -> str:
        return "action_show_more"

    async def act(self, dispatcher, tracker, domain):
        search = from_slots(tracker)
        if search.is_empty:
            dispatcher.utter_message(response="utter_no_search_yet")
            return []
        total = int(tracker.get_slot("search_total") or 0)
        next_page = replace(search, offset=search.offset + PAGE_SIZE)
        if total and next_page.offset >= total:
            dispatcher.utter_message(response="utter_all_shown", total=total,
                                     search=search.describe(tracker.get_slot("language")))
            return [offer("widen_search")]
        return show_page(dispatcher, tracker, next_page, new_search=False)


class ActionWidenSearch(JobbcoachAction):
    """'ja' to "Vill du att jag breddar sökningen?": the next step of the widening ladder."""

    def name(self) -> str:
        return "action_widen_search"

    async def act(self, dispatcher, tracker, domain):
        search = from_slots(tracker)
        if search.is_empty:
            dispatcher.utter_message(response="utter_no_search_yet")
            return []
        return widen(dispatcher, replace(search, offset=0), shown_total=int(tracker.get_slot("search_total") or 0),
                     language=tracker.get_slot("language"))


class ActionRefineSearch(JobbcoachAction):
    """'bara heltid', 'i Malmö istället', 'och i Malmö då?': change one thing, keep the rest, page 1."""

    def name(self) -> str:
        return "action_refine_search"

    async def act(self, dispatcher, tracker, domain):
        text = latest_text(tracker)
        previous = from_slots(tracker, asked=True)
        if previous.is_empty:
            search = from_message(tracker, text)
            if search.is_empty:
                dispatcher.utter_message(response="utter_no_search_yet")
                return []
            if not search.has_what:
                return ask_what(dispatcher, search)
        else:
            search = refined(previous, tracker, text)
        if replace(search, offset=0) == replace(previous, offset=0) and not previous.is_empty:
            dispatcher.utter_message(response="utter_refine_unclear")
            return []
        return show_page(dispatcher, tracker, search, new_search=True)


# "den sista", "det sista jobbet", "nummer sista" – but not "sista ansökningsdag".
LAST_AD = re.compile(r"\b(den|det|nummer|nr) (allra )?(sista|senaste)\b|\bsista (jobbet|annonsen|tjansten)\b")
# "tvåan", "trean": a number word that always names an item in a list.
LIST_WORDS = {"ettan": 1, "tvaan": 2, "trean": 3, "fyran": 4, "femman": 5, "sexan": 6, "sjuan": 7, "attan": 8,
              "nian": 9, "tian": 10}


def ad_number(tracker: Tracker, shown: list[dict[str, Any]]) -> int | None:
    """Which shown ad the message means: 'nummer 2', 'den andra', 'tvåan', 'det sista jobbet', 'the
    second', 'الثاني', a card's button (entity ad_number), or the only one shown."""
    button = number_from(tracker, entity="ad_number")
    if button is not None:
        return button
    folded = normalise(latest_text(tracker))
    if shown and LAST_AD.search(folded):
        return max(entry["n"] for entry in shown)
    for word in folded.split():
        if word in LIST_WORDS:
            return LIST_WORDS[word]
    number = number_from(tracker)
    if number is not None:
        return number
    ordinal = canonical_number(latest_text(tracker))  # "the second one", "الثاني", "другу", "دومی"
    if ordinal is not None:
        return int(ordinal)
    if len(shown) == 1:
        return shown[0]["n"]
    return None


def shown_ad(tracker: Tracker, dispatcher: CollectingDispatcher, verb: str) -> dict[str, Any] | None:
    """The shown entry the message refers to, or None after telling the jobseeker what is missing."""
    shown = tracker.get_slot("shown_jobs") or []
    if not shown:
        dispatcher.utter_message(response="utter_no_list_yet")
        return None
    number = ad_number(tracker, shown)
    if number is None:  # "spara den", "och kraven?": the ad talked about last
        focus = tracker.get_slot("ad_in_focus")
        number = int(focus) if focus else None
    if number is None:
        dispatcher.utter_message(response="utter_which_number_save" if verb == "save" else "utter_which_number_ask")
        return None
    entry = next((e for e in shown if e.get("n") == number), None)
    if entry is None:
        numbers = sorted(e["n"] for e in shown)
        dispatcher.utter_message(response="utter_no_such_number", number=number, lowest=numbers[0],
                                 highest=numbers[-1])
    return entry


class ActionSaveJob(JobbcoachAction):
    """'spara nummer 2' (or a card's Spara button): keep an ad from the list, in the store."""

    def name(self) -> str:
        return "action_save_job"

    async def act(self, dispatcher, tracker, domain):
        entry = shown_ad(tracker, dispatcher, "save")
        if entry is None:
            return []
        if save_job(tracker.sender_id, entry, clock.now()):
            dispatcher.utter_message(response="utter_job_saved", title=entry["headline"])
        else:
            dispatcher.utter_message(response="utter_job_already_saved", title=entry["headline"])
        return [SlotSet("ad_in_focus", float(entry["n"]))]


class ActionShowSavedJobs(JobbcoachAction):
    """'visa mina sparade jobb', read from the store, as the same cards as a search."""

    def name(self) -> str:
        return "action_show_saved_jobs"

    async def act(self, dispatcher, tracker, domain):
        jobs = saved_jobs(tracker.sender_id)
        if not jobs:
            dispatcher.utter_message(response="utter_no_saved_jobs")
            return []
        dispatcher.utter_message(response="utter_saved_jobs_intro", count=len(jobs))
        entries = [{"n": i + 1, "id": job.get("id", ""), "headline": job.get("headline", ""),
                    "employer": job.get("employer", ""), "municipality": job.get("municipality", ""),
                    "deadline": job.get("deadline", ""), "url": job.get("url", ""), "reason": "", "extent": ""}
                   for i, job in enumerate(jobs)]
        send_ads(dispatcher, entries)
        return []
