"""The jobseeker's current search, kept in slots so "visa fler" and "bara heltid" build on it.

Only what describes the search lives here (occupation, place, filters, page); what must outlive the
session (saved jobs) goes to the store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from functools import cache, lru_cache
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from nlu import entity_values, languages, translated_names
from nlu.anyscript import words_any
from nlu.textnorm import normalise

PAGE_SIZE = 5

# Words that say "I am looking for a job" without saying which one.
SEARCH_FILLER = {
    "jag", "soker", "soka", "sok", "letar", "leta", "efter", "jobb", "jobbet", "jobben", "arbete", "arbeten",
    "tjanst", "tjanster", "lediga", "ledigt", "ledig", "hitta", "visa", "annonser", "annons", "nagot", "nagra",
    "nat", "ett", "en", "som", "i", "pa", "inom", "med", "for", "at", "mig", "har", "ni", "du", "finns", "det",
    "vad", "vilka", "kan", "vill", "ha", "behover", "jobba", "och", "eller", "nara", "runt", "kring", "till",
    "alla", "allt", "nytt", "nya", "gärna", "garna", "tack", "hej", "snalla", "da", "sa", "nu", "typ", "hjalp",
    "hjalpa", "hitt", "lite", "gora", "nan", "nagon",
}
ANYTHING = {"alla", "allt", "vad som helst", "spelar ingen roll", "vilket som helst", "vilka som helst"}
SEARCH_WORDS_PATH = languages.CATALOGUE_DIR / "search_words.yml"


@lru_cache(maxsize=1)
def _search_words() -> dict[str, dict[str, str]]:
    return yaml.safe_load(SEARCH_WORDS_PATH.read_text(encoding="utf-8")) or {}


def search_words(key: str, language: str | None = None, **values: str) -> str:
    """One phrase of bot/languages/search_words.yml in the conversation's language (Swedish when it
    lacks one), filled in: how the search names itself back ("som kock i Umeå", "as chef in Umeå")."""
    phrases = _search_words()[key]
    return phrases.get(language or "", phrases[languages.default_code()]).format(**values)


def extent_words(extent: str | None, language: str | None = None) -> str | None:
    """'heltid'/'deltid' (the canonical values) in the conversation's language; anything else as it is."""
    return search_words(extent, language) if extent in ("heltid", "deltid") else extent


@cache
def _occupation_names(language: str) -> dict[str, str]:
    """{Swedish term (lower case): the first name of nlu/taxonomy_names/<language>.yml}."""
    path = translated_names.NAMES_DIR / f"{language}.yml"
    if not path.exists():
        return {}
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(swedish).lower(): str(names[0]) for swedish, names in (content.get("occupations") or {}).items()
            if names}


def occupation_name(occupation: str, language: str | None = None) -> str:
    """The occupation as the bot says it: in the conversation's language when the translated names
    know it ("kock" -> "chef"), else the short Swedish label, as in the ads."""
    swedish = short_occupation(occupation).lower()
    if not language or language == languages.default_code():
        return swedish
    return _occupation_names(language).get(swedish, swedish)


@dataclass(frozen=True)
class Search:
    """One search as the bot understood it."""

    occupation: str | None = None       # taxonomy label, or the jobseeker's own word
    text: str | None = None             # free text when no occupation is known
    location: str | None = None         # place label
    extent: str | None = None           # heltid | deltid
    remote: bool = False
    offset: int = 0
    related: bool = False               # True: the whole occupation group (related occupations) counts

    @property
    def is_empty(self) -> bool:
        return not (self.occupation or self.text or self.location)

    @property
    def has_what(self) -> bool:
        return bool(self.occupation or self.text)

    def query_text(self) -> str:
        return self.occupation or self.text or ""

    def describe(self, language: str | None = None) -> str:
        """'som snickare i Umeå, heltid, på distans' – how the bot names the search back, in the
        conversation's language (bot/languages/search_words.yml)."""
        parts = []
        if self.occupation:
            parts.append(search_words("as_occupation", language, occupation=occupation_name(self.occupation, language)))
        elif self.text:
            parts.append(search_words("matching_text", language, text=self.text))
        if self.location:
            parts.append(search_words("in_place", language, place=self.location))
        description = " ".join(parts)
        extras = [extent_words(self.extent, language), search_words("remote", language) if self.remote else None]
        extras = [e for e in extras if e]
        if extras:
            description += (", " if description else "") + ", ".join(extras)
        return description or search_words("whole_country", language)

    def slot_events(self) -> list[dict[str, Any]]:
        """The search itself goes to `last_search` (only search actions write it); occupation and place
        also go to their own slots, which other features read (the practice interview, labour demand)."""
        events = [SlotSet("last_search", asdict(self)), SlotSet("topic", "search")]
        if self.occupation:
            events.append(SlotSet("occupation", self.occupation))
        if self.location:
            events.append(SlotSet("location", self.location))
        return events


def from_slots(tracker: Tracker, asked: bool = False) -> Search:
    """The search last shown to the jobseeker (empty when there was none).

    With asked=True: the search as the jobseeker asked for it, before the bot widened it (refinements
    build on that: "bara deltid" then "distans?" keeps Malmö even if the deltid step showed all Sweden)."""
    stored = tracker.get_slot("last_search") or {}
    if not isinstance(stored, dict):
        return Search()
    if asked and isinstance(stored.get("asked"), dict):
        stored = stored["asked"]
    known = {name: stored.get(name) for name in ("occupation", "text", "location", "extent")}
    return Search(**known, remote=bool(stored.get("remote")), offset=int(stored.get("offset") or 0),
                  related=bool(stored.get("related")))


def short_occupation(label: str) -> str:
    """'Undersköterska, hemtjänst och äldreboende' -> 'Undersköterska': how people say it in a sentence."""
    return label.split(",")[0].strip() or label


def free_text_of(text: str, *mentions: str | None) -> str | None:
    """What is left of the message when filler words and recognised mentions are taken out. Words
    of every script stay (``words_any``): "прибирання офісів" is what to search for, and the matcher
    reads it in Swedish (jobmatch.translate); Swedish folding would leave nothing of it."""
    skip = set(SEARCH_FILLER)
    for mention in mentions:
        if mention:
            skip.update(words_any(mention))
    left = [w for w in words_any(text) if w not in skip and not w.isdigit()]
    return " ".join(left) or None


def entity(tracker: Tracker, name: str) -> dict[str, Any] | None:
    for found in tracker.latest_message.get("entities") or []:
        if found.get("entity") == name and found.get("value"):
            return found
    return None


def occupation_label(value: str | None) -> str | None:
    """The taxonomy label for what the jobseeker wrote, else their own words."""
    if not value:
        return None
    occupation = translated_names.find_occupation(value)
    if occupation is None:
        return value
    # "kock" resolves to "Kock, à la carte": the jobseeker's own broader word reads (and searches) better.
    label = occupation.label
    if "," in label and label.lower().startswith(value.strip().lower()):
        return value.strip().capitalize()
    return label


def place_label(value: str | None) -> str | None:
    if not value:
        return None
    place = translated_names.find_place(value)
    return place.label if place else value


def from_message(tracker: Tracker, text: str) -> Search:
    """A fresh search from one message: its entities, else what taxonomy recognises in the text."""
    occupation_entity, location_entity = entity(tracker, "occupation"), entity(tracker, "location")
    occupation = (occupation_label(occupation_entity.get("raw_value") or occupation_entity["value"])
                  if occupation_entity else None)
    location = place_label(location_entity["value"]) if location_entity else None
    raw_loc = (location_entity or {}).get("raw_value") or (location_entity or {}).get("value")
    if not location and text:
        place = translated_names.find_place(text)
        if place:
            location, raw_loc = place.label, place.label
    free = None if occupation else free_text_of(text, raw_loc, location)
    if not occupation and free:
        found = translated_names.find_occupation(free)
        if found and len(free.split()) <= 3:
            occupation, free = found.label, None
    extent_entity, remote_entity = entity(tracker, "employment_extent"), entity(tracker, "remote")
    return Search(occupation=occupation, text=free, location=location,
                  extent=extent_entity["value"] if extent_entity else None,
                  remote=bool(remote_entity))


def refined(previous: Search, tracker: Tracker, text: str) -> Search:
    """The previous search with what this message changes ("bara heltid", "i Malmö istället", "distans?")."""
    changes: dict[str, Any] = {"offset": 0, "related": False}
    if found := entity(tracker, "occupation"):
        changes.update(occupation=occupation_label(found.get("raw_value") or found["value"]), text=None)
    if found := entity(tracker, "location"):
        changes["location"] = place_label(found["value"])
    elif (place := translated_names.find_place(text)) is not None:
        changes["location"] = place.label
    folded = normalise(text)
    extent = (entity(tracker, "employment_extent") or {}).get("value") or entity_values.canonical_extent(
        next((w for w in folded.split() if w.startswith(("heltid", "deltid"))), ""))
    if extent in ("heltid", "deltid"):
        changes["extent"] = extent
    if entity(tracker, "remote") or entity_values.canonical_remote(folded):
        changes["remote"] = True
    if any(phrase in folded for phrase in ("hela landet", "hela sverige", "var som helst", "overallt")):
        changes["location"] = None
    if any(phrase in folded for phrase in ("inte distans", "pa plats", "ej distans")):
        changes["remote"] = False
    if any(phrase in folded for phrase in ("spelar ingen roll", "oavsett omfattning", "bade heltid och deltid")):
        changes["extent"] = None
    return replace(previous, **changes)
