"""Text folding for every script we meet: Latin, Arabic/Persian, Cyrillic.

``nlu.textnorm.normalise`` keeps only a-z and digits (right for Swedish lookups, but it erases
"ممرضة" and "Стокгольм" completely). Here letters of any script survive; diacritics and Arabic
short vowels are dropped, and the Arabic/Persian spellings of the same letter are unified (Persian
keyboards type ی/ک where Arabic has ي/ك), so a name table can be written once per language.
Stdlib only (Python 3.10 and 3.11): the NLU, the actions and jobmatch (its translated names) fold with it.
"""

from __future__ import annotations

import re
import unicodedata

_UNIFY = str.maketrans({
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ؤ": "و", "ـ": "", "\u200c": " ", "ё": "е", "ї": "і", "ø": "o", "æ": "a", "ß": "s",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
})
_NON_WORD = re.compile(r"[^\w]+|_")


def fold_any(text: str) -> str:
    """Lower case, no diacritics, unified Arabic/Persian letters, words separated by one space."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(_UNIFY)
    return _NON_WORD.sub(" ", text).strip()


def words_any(text: str) -> list[str]:
    return fold_any(text).split()


def script_of(text: str) -> str:
    """The dominant script of the letters in ``text``: "latin", "arabic", "cyrillic" or ""."""
    counts = {"latin": 0, "arabic": 0, "cyrillic": 0}
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        for script in counts:
            if name.startswith(script.upper()):
                counts[script] += 1
                break
    best = max(counts, key=counts.get)
    return best if counts[best] else ""
