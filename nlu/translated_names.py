"""Occupations and places named in other languages and scripts -> the same taxonomy concepts.

"ممرضة", "nurse", "kalkaaliso", "медсестра", "پرستار" all mean sjuksköterska, and "Стокгольм",
"ستوكهولم", "استکهلم" mean Stockholm. ``nlu/taxonomy_names/<code>.yml`` (one file per language,
data only) maps such names to the Swedish term that ``nlu.taxonomy`` already resolves, so the
concept ids, SSYK groups and municipality codes come from one place. Matching is on folded text of
any script (``nlu.anyscript``), the whole phrase first, then the longest contained name, and
forgives Arabic/Persian attached prefixes ("بالمستودع", "للممرضة").
Stdlib + PyYAML; Python 3.10 (Rasa) and 3.11 (actions).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

try:
    from nlu import taxonomy
    from nlu.anyscript import fold_any
except ImportError:  # pragma: no cover - when nlu/ itself is on sys.path
    import taxonomy  # type: ignore
    from anyscript import fold_any  # type: ignore

NAMES_DIR = Path(__file__).resolve().parent / "taxonomy_names"
# Arabic/Persian letters glued to the front of a word: "and", "with/in", "for", "the" (longest first)
_PREFIXES = ("وال", "بال", "لل", "ال", "و", "ب", "ل")

__all__ = ["swedish_occupation", "swedish_place", "find_occupation", "find_place"]


@lru_cache(maxsize=1)
def _index() -> dict[str, dict[str, str]]:
    """{"occupations": {folded name: Swedish term}, "places": {...}} over every language file."""
    index: dict[str, dict[str, str]] = {"occupations": {}, "places": {}}
    for path in sorted(NAMES_DIR.glob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for kind in index:
            for swedish, names in (content.get(kind) or {}).items():
                for name in names or ():
                    index[kind].setdefault(fold_any(str(name)), str(swedish))
    return index


def _variants(word: str) -> list[str]:
    out = [word]
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            out.append(word[len(prefix):])
    return out


def _lookup(kind: str, text: str) -> str | None:
    table = _index()[kind]
    tokens = fold_any(text or "").split()
    if not tokens:
        return None
    whole = " ".join(tokens)
    if whole in table:
        return table[whole]
    for n in range(min(4, len(tokens)), 0, -1):
        for i in range(len(tokens) - n + 1):
            head, rest = tokens[i], tokens[i + 1:i + n]
            for first in _variants(head):
                key = " ".join([first, *rest])
                if key in table:
                    return table[key]
    return None


def swedish_occupation(text: str) -> str | None:
    """The Swedish occupation term for a name in another language, or None."""
    return _lookup("occupations", text)


def swedish_place(text: str) -> str | None:
    """The Swedish place name for a name in another language or script, or None."""
    return _lookup("places", text)


def find_occupation(text: str, translated_first: bool = False) -> taxonomy.Occupation | None:
    """``taxonomy.find_occupation`` that also understands the other languages' names.

    ``translated_first`` when the message is not Swedish: English "chef" is a cook, Swedish "chef"
    a manager.
    """
    swedish = swedish_occupation(text) if translated_first else None
    found = taxonomy.find_occupation(swedish) if swedish else None
    if found is None:
        found = taxonomy.find_occupation(text)
    if found is None and not translated_first and (swedish := swedish_occupation(text)):
        found = taxonomy.find_occupation(swedish)
    return found


def find_place(text: str) -> taxonomy.Place | None:
    """``taxonomy.find_place`` that also understands "Стокгольм", "ستوكهولم", "Gothenburg"."""
    swedish = swedish_place(text)
    if swedish:  # before the Swedish resolver: "Gothenburg" must not fuzzy-match something else
        return taxonomy.find_place(swedish) or taxonomy.find_place(text)
    return taxonomy.find_place(text)
