"""A jobseeker's words in English, Arabic, Somali, Ukrainian or Persian, read as Swedish words.

The ads are Swedish. With this embedding model a query in Arabic, Persian or Ukrainian shares no
word with any ad and lands, in meaning, about as close to them as nonsense in the same script does
(reports/languages/cross-language-findings.md), so the search first reads the query through a
table of everyday work words and occupation names per language ("ممرضة" → "sjuksköterska",
"كبار السن" → "äldre", "прибирати" → "städa") and then searches with the Swedish words: the
same understanding, keyword scores and cut-offs as a Swedish query, the original text's meaning
beside them.

The table is jobmatch/data/translated_names.json, generated from nlu/taxonomy_names/<code>.yml
(the one place where those names are written) by jobmatch/scripts/build_translated_names.py;
jobmatch imports no other package of ours, so it reads the data file, not the NLU.

A word is found as written or in a light inflected form: Arabic/Persian letters glued to its front
("بالمستشفى" → "مستشفى") and common endings of each language ("лікарні" ~ "лікарня",
"isbitaalka" ~ "isbitaal", "nurses" ~ "nurse") are tried, so the table lists base forms only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from swedish.anyscript import fold_any

DATA = Path(__file__).with_name("data") / "translated_names.json"
SWEDISH = "sv"
MAX_PHRASE_WORDS = 4
# Only a stem of at least MIN_STEM letters is looked up, so short words are never reduced to a
# fragment. What is taken away (endings, glued prefixes, alternations) is each language's data.
MIN_STEM = 3
# A query is read in another language when that language's table knows more of its words than
# Swedish does (stop words or words some ad uses): "work with children" is English,
# "jobba med barn" Swedish, "chef i Malmö" Swedish although "chef" is an English word too.


@dataclass(frozen=True)
class Gloss:
    """What a query says in Swedish words (empty when it is Swedish, or nothing was found)."""
    language: str | None   # the language the query was read in; None: Swedish or not known
    swedish: str           # Swedish words for what the table found, in the query's order
    found: int             # the query's words the language's table found (names and function words)
    words: int             # the query's words


@dataclass
class _Language:
    code: str
    names: dict[str, str]                  # folded name (1-4 words) -> Swedish words
    longest: dict[str, int]                # first word of a name -> its most words
    function_words: frozenset[str]         # words that say nothing about which job
    forms: dict[str, list[str]]            # a form of a word of the names -> the words as listed
    inflection: tuple                      # (glued prefixes, endings, alternations): see _forms


@lru_cache(maxsize=65_536)
def _forms(word: str, inflection: tuple) -> tuple[str, ...]:
    """The word, then its forms without a glued prefix ("بالمستشفى" → "مستشفى"), with an end
    alternation undone ("аптеці" → "аптека") or without one of the language's endings, the least
    reduced first ("cares" is "care" before it is "car"). Cached: each query word is looked up in
    every language's table (the uncached look-up was ~60 % of a translated query's 1-9 ms)."""
    prefixes, endings, alternations = inflection
    bases = [word] + [word[len(p):] for p in prefixes if word.startswith(p) and len(word) - len(p) >= MIN_STEM]
    bases += [word[:-len(end)] + listed for end, listed in alternations if word.endswith(end)]
    reduced = [base[:-len(e)] for base in bases for e in endings if base.endswith(e) and len(base) - len(e) >= MIN_STEM]
    return tuple(dict.fromkeys([word, *sorted(bases[1:] + reduced, key=len, reverse=True)]))


def _language(code: str, content: dict) -> _Language:
    names = {fold_any(k): v for k, v in content["names"].items() if fold_any(k)}
    longest: dict[str, int] = {}
    for name in names:
        first, n = name.split()[0], len(name.split())
        longest[first] = max(longest.get(first, 0), n)
    functions = frozenset(fold_any(w) for w in content.get("function_words", ()))
    inflection = (tuple(content.get("prefixes", ())), tuple(content.get("endings", ())),
                  tuple(tuple(pair) for pair in content.get("alternations", ())))
    listed = sorted({w for name in [*names, *functions] for w in name.split()})
    forms: dict[str, list[str]] = {word: [word] for word in listed}  # a word as listed comes first
    for word in listed:
        for form in _forms(word, inflection)[1:]:
            if word not in forms.setdefault(form, []):
                forms[form].append(word)
    return _Language(code, names, longest, functions, forms, inflection)


@lru_cache(maxsize=1)
def _languages() -> dict[str, _Language]:
    content = json.loads(DATA.read_text("utf-8"))
    return {code: _language(code, table) for code, table in content["languages"].items()}


def languages() -> list[str]:
    """The languages the table has words for."""
    return list(_languages())


def _candidates(word: str, table: _Language) -> list[str]:
    """The listed words (of names or function words) this query word may be a form of, the one
    written alike first: "isbitaalka" → ["isbitaal"], "خدمات" → ["خدمه"]."""
    forms = _forms(word, table.inflection)
    found = [w for f in forms for w in table.forms.get(f, ())]
    if not found:  # the query's stem may be a listed word's stem: "лікарні" ~ "лікарня"
        found = [w for f in forms[1:] for g in _forms(f, table.inflection)[1:] for w in table.forms.get(g, ())]
    return list(dict.fromkeys(found))


def _read(words: list[str], table: _Language) -> tuple[list[str], int]:
    """Swedish words for the names found (longest phrase first) and how many words were found."""
    candidates = [_candidates(w, table) for w in words]
    listed = [c[0] if c else w for c, w in zip(candidates, words, strict=True)]
    swedish: list[str] = []
    found = i = 0
    while i < len(listed):
        step, hit = 1, None
        for n in range(min(table.longest.get(listed[i], 1), MAX_PHRASE_WORDS, len(listed) - i), 1, -1):
            if (phrase := " ".join(listed[i:i + n])) in table.names:
                step, hit = n, table.names[phrase]
                break
        if hit is None and words[i] not in table.function_words:
            # one word: any of its readings that is a name ("waayeelka" → "waayeel"), but a function
            # word as written stays one ("work" is not "workers")
            hit = next((table.names[c] for c in candidates[i] if c in table.names), None)
        if hit is not None:
            swedish.append(hit)
            found += step
        elif any(c in table.function_words for c in candidates[i]):
            found += 1
        i += step
    return swedish, found


def to_swedish(text: str, language: str | None = None, swedish_words: Callable[[str], int] | None = None) -> Gloss:
    """The query's Swedish gloss. ``language``: the conversation's language when the caller knows it
    (Swedish: nothing to gloss); otherwise the language whose table finds most of its words, if it
    finds more than Swedish knows (``swedish_words``: how many of the text's words are Swedish stop
    words or words some ad uses)."""
    words = fold_any(text or "").split()
    tables = _languages()
    if not words or language == SWEDISH:
        return Gloss(None, "", 0, len(words))
    if language in tables:
        swedish, found = _read(words, tables[language])
        return Gloss(language, " ".join(swedish), found, len(words))
    best = Gloss(None, "", 0, len(words))
    for code, table in tables.items():
        swedish, found = _read(words, table)
        if found > best.found:
            best = Gloss(code, " ".join(swedish), found, len(words))
    known = swedish_words(text) if swedish_words else 0
    return best if best.found > known else Gloss(None, "", 0, len(words))
