"""Resolve free Swedish text to JobTech taxonomy concepts (occupations; places are
swedish.places, re-exported here).

Used by the Rasa NLU (entity normaliser), the actions and the matching service, so it is
stdlib-only and runs under Python 3.10 and 3.11.  It reads the compact JSON tables in
``nlu/taxonomy_data/`` that ``nlu/scripts/build_taxonomy.py`` generates from a JobTech dump; the
dump itself is not needed at run time.

Matching is done on folded text (lower case, no diacritics), so "Goteborg", "GÖTEBORG" and
"göteborg" are the same, and jobseekers' plural, definite and compound forms ("undersköterskor",
"lagerjobb", "elektrikerjobbet") are reduced to a known key before lookup.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from swedish.places import Place, find_place, get_place
from swedish.text import normalise, words

DATA_DIR = Path(__file__).resolve().parent / "taxonomy_data"

__all__ = ["Occupation", "Place", "find_occupation", "find_place", "related_occupations",
           "get_occupation", "get_place", "occupation_candidates"]


@dataclass(frozen=True)
class Occupation:
    concept_id: str
    label: str
    ssyk_code: str
    group_concept_id: str
    group_label: str
    field_label: str


@lru_cache(maxsize=1)
def _occ_tables() -> dict:
    return json.loads((DATA_DIR / "occupations.json").read_text(encoding="utf-8"))


# Words that say "a job in X" around an occupation stem: "lagerjobb", "kockjobbet", "vårdtjänster".
_JOB_SUFFIXES = ("jobbet", "jobben", "jobb", "tjansterna", "tjanster", "tjansten", "tjanst",
                 "arbetet", "arbete", "platser", "plats")
# Plural/definite endings -> replacement, longest first.
_INFLECTIONS = (("orna", "a"), ("arna", "are"), ("erna", ""), ("or", "a"), ("an", "a"),
                ("na", ""), ("er", ""), ("en", ""), ("et", ""), ("n", ""), ("r", ""), ("s", ""))
_FILLER = {"jobb", "jobba", "jobbar", "som", "inom", "till", "med", "en", "ett", "sok", "soker",
           "hitta", "letar", "efter", "vill", "jag", "i", "pa", "nagot", "nat", "lediga", "ledigt"}


def _word_candidates(word: str) -> list[str]:
    """Keys to try for one folded word, most literal first."""
    out = [word]
    stems = []
    for suf in _JOB_SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 2:
            stems.append(word[: -len(suf)])
            break
    for stem in stems:
        out.append(stem)
        if stem.endswith("s") and len(stem) > 3:
            out.append(stem[:-1])
        if stem.endswith("e"):
            out += [stem[:-1] + "a", stem + "r", stem[:-1]]
        out += [stem + "are", stem + "e", stem + "a", stem + "arbetare"]
    for base in [word] + stems:
        for end, repl in _INFLECTIONS:
            if base.endswith(end) and len(base) - len(end) >= 3:
                out.append(base[: -len(end)] + repl)
    seen: list[str] = []
    for c in out:
        if c and c not in seen:
            seen.append(c)
    return seen


def _ngrams(tokens: list[str], max_n: int = 5) -> Iterable[tuple[int, int]]:
    for n in range(min(max_n, len(tokens)), 0, -1):
        for i in range(len(tokens) - n + 1):
            yield i, i + n


def get_occupation(concept_id: str) -> Occupation | None:
    """The occupation with this concept id, or None."""
    t = _occ_tables()
    row = t["occupations"].get(concept_id)
    if row is None:
        return None
    label, gid = row
    ssyk, glabel, field = t["groups"].get(gid, ["", "", ""])
    return Occupation(concept_id, label, ssyk, gid, glabel, field)


def occupation_candidates(text: str) -> list[Occupation]:
    """All occupations mentioned in ``text``, longest phrase first, without duplicates."""
    index = _occ_tables()["index"]
    tokens = words(text)
    found: list[Occupation] = []
    used: set[int] = set()
    for i, j in _ngrams(tokens):
        if used.intersection(range(i, j)):
            continue
        phrase = tokens[i:j]
        if j - i == 1 and phrase[0] in _FILLER:
            continue
        keys = [" ".join(phrase)]
        if j - i == 1:
            keys = _word_candidates(phrase[0])
        else:
            keys += [" ".join(phrase[:-1] + [c]) for c in _word_candidates(phrase[-1])[1:]]
        for key in keys:
            cid = index.get(key)
            if cid:
                occ = get_occupation(cid)
                if occ and occ not in found:
                    found.append(occ)
                used.update(range(i, j))
                break
    return found


def find_occupation(text: str) -> Occupation | None:
    """The best occupation for free text ("lagerjobb", "Undersköterskor", "jobb som snickare")."""
    if not text or not text.strip():
        return None
    index = _occ_tables()["index"]
    whole = normalise(text)
    if whole in index:
        return get_occupation(index[whole])
    found = occupation_candidates(text)
    return found[0] if found else None


def related_occupations(concept_id: str, limit: int = 20) -> list[Occupation]:
    """Other occupations in the same SSYK group, for widening a search ("liknande yrken")."""
    occ = get_occupation(concept_id)
    if occ is None:
        return []
    t = _occ_tables()
    related = [get_occupation(cid) for cid, (_, gid) in t["occupations"].items()
               if gid == occ.group_concept_id and cid != concept_id]
    related = [o for o in related if o is not None]
    related.sort(key=lambda o: (len(o.label), o.label))
    return related[:limit]
