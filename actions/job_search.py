"""Job search: ask for what is missing, show five ads at a time, refine, widen, and keep favourites."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.conversation import (
    JobbcoachAction,
    ask,
    clear_question,
    latest_text,
    number_from,
    pending_question,
)
from actions.hit_format import hit_line, hits_message
from actions.search_state import (
    ANYTHING,
    PAGE_SIZE,
    Search,
    from_message,
    from_slots,
    refined,
    shown_entries_from_hits,
)
from nlu import taxonomy
from nlu.textnorm import normalise

MAX_QUERY_CHARS = 300  # a pasted CV belongs to the profile match, not to a search


def is_generic_word(search: Search, occupation) -> bool:
    """'Kock' resolved to 'Kock, à la carte': the jobseeker meant cooks in general, so search the group."""
    label, word = occupation.label.lower(), (search.occupation or "").lower()
    return label != word and label.startswith(word)


def build_query(search: Search):
    """The matching service's SearchQuery for a search.

    A known occupation filters: on the occupation itself, or on its whole group (SSYK: related
    occupations) when widened or when the jobseeker's word was general. Free words only rank."""
    from jobmatch.service import SearchQuery

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
                       extent=search.extent, remote=True if search.remote else None)


def run_search(search: Search):
    from jobmatch.service import get_service

    return get_service().search(build_query(search), limit=PAGE_SIZE, offset=search.offset)


AFTER_HITS_BUTTONS = [
    {"title": "Visa fler", "payload": "/show_more"},
    {"title": "Bara heltid", "payload": '/refine_search{"employment_extent": "heltid"}'},
    {"title": "Spara nummer 1", "payload": '/save_job{"number": "1"}'},
]


def show_page(dispatcher: CollectingDispatcher, tracker: Tracker, search: Search, *,
              new_search: bool) -> list[dict[str, Any]]:
    """Search, answer, and return the events that remember the page (or widen when nothing is found)."""
    result = run_search(search)
    if not result.hits:
        if search.offset > 0:
            dispatcher.utter_message(text="Det var alla annonser jag hittade för den sökningen. "
                                          "Vill du ändra något, till exempel ort eller yrke?")
            return []
        return widen(dispatcher, search)
    first = search.offset + 1
    last = search.offset + len(result.hits)
    if search.offset:
        intro = f"Här är nummer {first}–{last} av {result.total}:"
    elif result.total == 1:
        intro = f"Här är det enda lediga jobbet {search.describe()} just nu:"
    elif result.total == len(result.hits):
        intro = f"Här är alla {result.total} lediga jobb {search.describe()}:"
    else:
        intro = f"Här är {len(result.hits)} av {result.total} lediga jobb {search.describe()}:"
    buttons = [b for b in AFTER_HITS_BUTTONS if b["payload"] != "/show_more" or last < result.total]
    outro = ("\n\nSkriv ”visa fler”, ändra sökningen (till exempel ”bara heltid” eller ”i Malmö istället”) "
             "eller ”spara nummer 2” för att spara ett jobb.") if search.offset == 0 else ""
    dispatcher.utter_message(text=f"{intro}\n\n{hits_message(result.hits, first)}{outro}", buttons=buttons)
    earlier = [] if new_search else list(tracker.get_slot("shown_jobs") or [])
    shown = [e for e in earlier if e.get("n", 0) < first] + shown_entries_from_hits(result.hits, first)
    return [*search.slot_events(), SlotSet("shown_jobs", shown[-50:]), SlotSet("search_total", float(result.total))]


def wider_searches(search: Search) -> list[tuple[Search, str]]:
    """The widening ladder for a search without hits, each step with how the bot says it.

    Place first, then breadth: related occupations (the SSYK group) in the same place, then the
    occupation and its relatives in the region, then in the whole country, and finally without the
    extent/distans requirement. A commute matters more to most people than the exact title."""
    place = taxonomy.find_place(search.location) if search.location else None
    scopes: list[tuple[str | None, str]] = [(search.location, f"i {search.location}" if search.location else "")]
    if place and place.kind == "municipality" and place.region_label:
        scopes.append((place.region_label, f"i hela {place.region_label}"))
    if place:
        scopes.append((None, "i hela landet"))
    occupation = taxonomy.find_occupation(search.occupation) if search.occupation else None
    can_relate = bool(occupation) and not search.related and not is_generic_word(search, occupation)
    steps: list[tuple[Search, str]] = []
    for index, (location, where) in enumerate(scopes):
        if index:
            steps.append((replace(search, location=location, offset=0), where))
        if can_relate:
            steps.append((replace(search, location=location, related=True, offset=0),
                          f"i närliggande yrken {where}".strip()))
    if search.extent or search.remote:
        dropped = " och ".join(part for part in (search.extent, "distans" if search.remote else None) if part)
        steps.append((replace(search, extent=None, remote=False, offset=0), f"utan kravet på {dropped}"))
    return steps


def widen(dispatcher: CollectingDispatcher, search: Search) -> list[dict[str, Any]]:
    """No hits: the same search in the region, then the whole country, then without extent/remote."""
    for wider, where in wider_searches(search):
        result = run_search(wider)
        if result.hits:
            dispatcher.utter_message(
                text=(f"Jag hittade inga lediga jobb {search.describe()} just nu. Men {where} finns det "
                      f"{result.total}:\n\n{hits_message(result.hits)}"),
                buttons=[{"title": "Visa fler", "payload": "/show_more"}] if result.total > PAGE_SIZE else None)
            return [SlotSet("last_search", {**asdict(wider), "asked": asdict(search)}),
                    SlotSet("shown_jobs", shown_entries_from_hits(result.hits)),
                    SlotSet("search_total", float(result.total))]
    text = f"Jag hittade tyvärr inga lediga jobb {search.describe()} just nu."
    if search.extent or search.remote:
        text += " Du kan ta bort filtren genom att skriva ”oavsett omfattning” eller ”inte distans”."
    text += " Prova gärna ett annat ord för yrket, eller beskriv vad du vill göra med egna ord."
    dispatcher.utter_message(text=text)
    return [*replace(search, offset=0).slot_events(), SlotSet("shown_jobs", []), SlotSet("search_total", 0.0)]


class ActionSearchJobs(JobbcoachAction):
    """A new search from the latest message; asks what kind of job when the message does not say."""

    def name(self) -> str:
        return "action_search_jobs"

    async def act(self, dispatcher, tracker, domain):
        text = latest_text(tracker)
        search = from_message(tracker, text)
        if pending_question(tracker) == "search_what":
            earlier = from_slots(tracker)
            if normalise(text) in ANYTHING and earlier.location:
                search = replace(earlier, offset=0)
            else:
                search = replace(search, location=search.location or earlier.location)
        if not search.has_what and (not search.location or not text):
            where = f" i {search.location}" if search.location else ""
            dispatcher.utter_message(response="utter_ask_search_what", where=where)
            partial = replace(search, text=None, occupation=None)
            return [SlotSet("last_search", asdict(partial)), ask("search_what")]
        return [clear_question(), *show_page(dispatcher, tracker, search, new_search=True)]


class ActionShowMore(JobbcoachAction):
    """'visa fler': the next five of the same search."""

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
            dispatcher.utter_message(text=f"Det var alla {total} jobb jag hittade {search.describe()}. "
                                          "Vill du bredda sökningen, till exempel till hela länet?")
            return []
        return show_page(dispatcher, tracker, next_page, new_search=False)


class ActionRefineSearch(JobbcoachAction):
    """'bara heltid', 'i Malmö istället', 'distans?': change one thing, keep the rest, start from page 1."""

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
        else:
            search = refined(previous, tracker, text)
        if replace(search, offset=0) == replace(previous, offset=0) and not previous.is_empty:
            dispatcher.utter_message(text="Jag förstod inte riktigt vad du vill ändra. Du kan till exempel skriva "
                                          "”bara heltid”, ”bara deltid”, ”på distans” eller ”i Malmö istället”.")
            return []
        return [clear_question(), *show_page(dispatcher, tracker, search, new_search=True)]


class ActionSaveJob(JobbcoachAction):
    """'spara nummer 2': keep an ad from the list shown, in the store (it outlives the session)."""

    def name(self) -> str:
        return "action_save_job"

    async def act(self, dispatcher, tracker, domain):
        from store.saved_jobs import save_job

        shown = tracker.get_slot("shown_jobs") or []
        if not shown:
            dispatcher.utter_message(text="Sök först efter jobb, så kan du spara dem med numret i listan, "
                                          "till exempel ”spara nummer 2”.")
            return []
        number = number_from(tracker)
        if number is None:
            dispatcher.utter_message(text="Vilket nummer i listan vill du spara? Skriv till exempel ”spara nummer 2”.")
            return []
        ad = next((entry for entry in shown if entry.get("n") == number), None)
        if ad is None:
            numbers = sorted(entry["n"] for entry in shown)
            dispatcher.utter_message(text=f"Jag hittar inget nummer {number} i listan. "
                                          f"Välj ett nummer mellan {numbers[0]} och {numbers[-1]}.")
            return []
        if save_job(tracker.sender_id, ad, clock.now()):
            dispatcher.utter_message(text=f"Sparat: {ad['headline']}. Skriv ”visa mina sparade jobb” när du vill se dem.")
        else:
            dispatcher.utter_message(text=f"{ad['headline']} har du redan sparat.")
        return []


class ActionShowSavedJobs(JobbcoachAction):
    """'visa mina sparade jobb', read from the store."""

    def name(self) -> str:
        return "action_show_saved_jobs"

    async def act(self, dispatcher, tracker, domain):
        from store.saved_jobs import saved_jobs

        jobs = saved_jobs(tracker.sender_id)
        if not jobs:
            dispatcher.utter_message(text="Du har inga sparade jobb än. När du ser en annons du gillar kan du skriva "
                                          "till exempel ”spara nummer 2”.")
            return []

        class _Saved:
            def __init__(self, job):
                self.__dict__.update(job, reason=None)

        lines = "\n\n".join(hit_line(i + 1, _Saved(job)) for i, job in enumerate(jobs))
        dispatcher.utter_message(text=f"Dina sparade jobb ({len(jobs)}):\n\n{lines}")
        return []
