"""Swedish text folding: the one module every part of Jobbcoach compares text with.

Jobseekers often type without å/ä/ö (foreign keyboards, phones), so every comparison in the NLU
happens on a *folded* form: lower case, diacritics removed, punctuation turned into spaces.
Folding maps one character to one character, so offsets in the original text stay valid.
Stdlib only: imported under Python 3.10 (Rasa) and 3.11 (actions, web).
"""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans({"ø": "o", "æ": "a", "ß": "s", "Ø": "O", "Æ": "A"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold_char(ch: str) -> str:
    """Fold one character: 'Ö' -> 'o', 'é' -> 'e'; keeps length 1 for letters."""
    ch = ch.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return (base[:1] or ch).lower()


def fold(text: str) -> str:
    """Lower-case and strip diacritics, keeping the string length ('Göteborg' -> 'goteborg')."""
    return "".join(fold_char(c) for c in text)


def normalise(text: str) -> str:
    """Folded text with every non-alphanumeric run collapsed to one space, trimmed."""
    return _NON_WORD.sub(" ", fold(text)).strip()


def words(text: str) -> list[str]:
    """Folded alphanumeric words of ``text``."""
    return normalise(text).split()
