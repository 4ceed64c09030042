"""Municipality and region names ↔ codes, forgiving about case, diacritics and nicknames.

People type "umea", "Sthlm", "Göteborg" or "Västerbotten"; the index filters on SCB codes.
The table (jobmatch/data/places.json) holds the 290 municipalities and 21 regions of the JobTech
taxonomy: names and codes, which are facts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .swedish_text import fold

DATA = Path(__file__).with_name("data") / "places.json"

# Everyday short forms → official municipality names.
NICKNAMES = {
    "sthlm": "Stockholm", "stockholms stad": "Stockholm", "gbg": "Göteborg", "goteborg": "Göteborg",
    "gothenburg": "Göteborg", "gbgs": "Göteborg", "malmo": "Malmö", "norrkoping": "Norrköping",
    "lkpg": "Linköping", "cph": None,
}


class UnknownPlaceError(ValueError):
    """A name or code that is neither a municipality nor a region."""


@dataclass(frozen=True)
class Place:
    kind: str  # "municipality" or "region"
    code: str
    name: str
    region_code: str


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Place], dict[str, Place], dict[str, Place], dict[str, Place]]:
    data = json.loads(DATA.read_text("utf-8"))
    muni_by_code = {m["code"]: Place("municipality", m["code"], m["name"], m["region_code"])
                    for m in data["municipalities"]}
    region_by_code = {r["code"]: Place("region", r["code"], r["name"], r["code"]) for r in data["regions"]}
    muni_by_name = {fold(p.name): p for p in muni_by_code.values()}
    for nick, official in NICKNAMES.items():
        if official:
            muni_by_name[nick] = muni_by_name[fold(official)]
    region_by_name: dict[str, Place] = {}
    for p in region_by_code.values():
        full = fold(p.name)
        region_by_name[full] = p
        short = re.sub(r"s? lan$", "", full)  # "Västerbottens län" → "vasterbotten"
        region_by_name.setdefault(short, p)
        region_by_name.setdefault(full.replace(" lan", ""), p)
    region_by_name.setdefault("vastra gotaland", region_by_code["14"])
    return muni_by_code, muni_by_name, region_by_code, region_by_name


def municipality(value: str) -> Place:
    """A municipality by code ("2480") or name ("Umeå", "umea", "Sthlm")."""
    muni_by_code, muni_by_name, _, _ = _tables()
    key = (value or "").strip()
    if key in muni_by_code:
        return muni_by_code[key]
    place = muni_by_name.get(fold(key))
    if place is None:
        raise UnknownPlaceError(f"okänd kommun: {value!r} (ange namn som 'Umeå' eller kod som '2480')")
    return place


def region(value: str) -> Place:
    """A region (län) by code ("24") or name ("Västerbottens län", "Västerbotten")."""
    _, _, region_by_code, region_by_name = _tables()
    key = (value or "").strip()
    if key in region_by_code:
        return region_by_code[key]
    if key.isdigit() and len(key) == 1 and f"0{key}" in region_by_code:
        return region_by_code[f"0{key}"]
    place = region_by_name.get(fold(key))
    if place is None:
        raise UnknownPlaceError(f"okänt län: {value!r} (ange namn som 'Västerbotten' eller kod som '24')")
    return place


def municipality_name(code: str) -> str:
    muni_by_code = _tables()[0]
    return muni_by_code[code].name if code in muni_by_code else code


def region_name(code: str) -> str:
    region_by_code = _tables()[2]
    return region_by_code[code].name if code in region_by_code else code


_PLACE_CUE = re.compile(r"\b(?:i|in|nära|runt|kring|omkring|utanför)\s+([A-ZÅÄÖa-zåäöéü][\wåäöéü\-]*(?:\s+[A-ZÅÄÖ][\wåäöéü\-]*)?)")


def find_places(text: str) -> list[tuple[Place, tuple[int, int]]]:
    """Places a free text names after a cue word, with the span of cue + name.

    "jobb som snickare i Umeå" → Umeå. Only names after a cue are taken, so an occupation word
    that is also a town name is not mistaken for a place; two- then one-word names are tried.
    """
    found: list[tuple[Place, tuple[int, int]]] = []
    for match in _PLACE_CUE.finditer(text or ""):
        words = match.group(1).split()
        for candidate in (" ".join(words), words[0]):
            place = None
            for lookup in (municipality, region):
                try:
                    place = lookup(candidate)
                    break
                except UnknownPlaceError:
                    continue
            if place is not None:
                start = match.start()
                end = match.start(1) + match.group(1).index(candidate) + len(candidate)
                if all(place != p for p, _ in found):
                    found.append((place, (start, end)))
                break
    return found


def places_in_text(text: str) -> list[Place]:
    return [p for p, _ in find_places(text)]


def strip_places(text: str) -> tuple[str, list[Place]]:
    """The text without its "i <ort>" phrases (they become filters), and the places found."""
    found = find_places(text)
    for _, (start, end) in sorted((f for f in found), key=lambda f: -f[1][0]):
        text = text[:start] + text[end:]
    return " ".join(text.split()), [p for p, _ in found]
