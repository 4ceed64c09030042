"""The languages Jobbcoach speaks, read from ``bot/languages/languages.yml``.

One file configures them (code, own name, text direction, detector name, the names people use for
each language), so adding a language is data. Used by the Rasa runtime (NLG, language detector;
Python 3.10) and by the actions (3.11), so it needs only the standard library and PyYAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

try:
    from nlu.anyscript import fold_any as normalise
except ImportError:  # pragma: no cover - when nlu/ itself is on sys.path
    from anyscript import fold_any as normalise  # type: ignore

CONFIG_PATH = Path(__file__).resolve().parent.parent / "bot" / "languages" / "languages.yml"
CATALOGUE_DIR = CONFIG_PATH.parent

__all__ = ["Language", "languages", "codes", "default_code", "get", "code_for_name", "phrases", "says", "CATALOGUE_DIR"]


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    direction: str
    detector: str
    script: str
    aliases: tuple[str, ...]
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _config() -> dict:
    return yaml.safe_load(CONFIG_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def languages() -> tuple[Language, ...]:
    """Every configured language, the default first as written in the file."""
    rows = _config()["languages"]
    return tuple(Language(r["code"], r["name"], r.get("direction", "ltr"), r["detector"],
                          r.get("script", "latin"), tuple(str(a) for a in r.get("aliases", ())),
                          {kind: tuple(normalise(str(p)) for p in values)
                           for kind, values in (r.get("phrases") or {}).items()}) for r in rows)


def codes() -> tuple[str, ...]:
    return tuple(lang.code for lang in languages())


def default_code() -> str:
    return str(_config().get("default", "sv"))


def get(code: str | None) -> Language | None:
    """The language with this code ("ar"), or None for an unknown or empty code."""
    code = (code or "").strip().lower()
    return next((lang for lang in languages() if lang.code == code), None)


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for lang in languages():
        for name in (lang.code, lang.name, *lang.aliases):
            index.setdefault(normalise(name), lang.code)
    return index


def code_for_name(text: str | None) -> str | None:
    """The code for a language named in any of our languages ("engelska", "بالعربية", "en")."""
    if not text:
        return None
    key = normalise(text)
    index = _alias_index()
    if key in index:
        return index[key]
    # "på engelska", "in English please": the longest alias contained in the text
    padded = f" {key} "
    hits = [(len(alias), code) for alias, code in index.items() if len(alias) > 2 and f" {alias} " in padded]
    return max(hits)[1] if hits else None



def phrases(code: str | None, kind: str) -> tuple[str, ...]:
    """Short answers of one meaning in this language ("dont_know", "nothing"), folded; empty if none."""
    lang = get(code)
    return lang.phrases.get(kind, ()) if lang else ()


def says(text: str, code: str | None, kind: str, exact: bool = False) -> bool:
    """Whether an answer is (exact) or contains as whole words a phrase of that meaning, in this
    language or in Swedish (Swedish words turn up in every conversation here)."""
    folded = normalise(text or "")
    if not folded:
        return False
    padded = f" {folded} "
    candidates = phrases(default_code(), kind) + phrases(code, kind)
    return any(folded == phrase or (not exact and f" {phrase} " in padded) for phrase in candidates)


def script(code: str | None) -> str:
    """The script a language is written in ("arabic", "cyrillic", "latin")."""
    lang = get(code)
    return lang.script if lang else "latin"
