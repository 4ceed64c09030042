"""Canonical values for the small closed entities (extent, remote, number, sick type).

Stdlib only so actions can reuse it; the Rasa component ``JobTechEntityNormaliser`` calls it.
The values are the contract with the conversations: employment_extent is "heltid" or "deltid",
remote is "distans", number is a digit string, sick_type is "egen_sjukdom" or "vab".
"""

from __future__ import annotations

import re

from nlu.textnorm import normalise

NUMBER_WORDS = {
    "en": 1, "ett": 1, "ena": 1, "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
    "atta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14,
    "femton": 15, "sexton": 16, "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20,
    "forsta": 1, "andra": 2, "tredje": 3, "fjarde": 4, "femte": 5, "sjatte": 6, "sjunde": 7,
    "attonde": 8, "nionde": 9, "tionde": 10, "ettan": 1, "tvaan": 2, "trean": 3, "fyran": 4,
    "femman": 5, "ett par": 2, "nagra": 3, "ett tiotal": 10, "dussin": 12,
}
_CHILD_PREFIXES = ("vab", "barn", "dotter", "son", "bebis", "bebben", "lillen", "ungen", "ungarna")


def canonical_extent(text: str) -> str | None:
    n = normalise(text)
    if n.startswith("hel") or "heltid" in n:
        return "heltid"
    if n.startswith(("del", "extra", "tim", "halv")) or "deltid" in n:
        return "deltid"
    return None


def canonical_remote(text: str) -> str | None:
    n = normalise(text)
    if any(k in n for k in ("distans", "hemifran", "hemma", "remote", "hybrid", "pa distans", "fjarr")):
        return "distans"
    return None


def canonical_number(text: str) -> str | None:
    n = normalise(text)
    digits = re.search(r"\d+", n)
    if digits:
        return str(int(digits.group()))
    if n in NUMBER_WORDS:
        return str(NUMBER_WORDS[n])
    for word in n.split():
        if word in NUMBER_WORDS:
            return str(NUMBER_WORDS[word])
    return None


def canonical_sick_type(entity_text: str, message_text: str = "") -> str:
    """'vab' when a child is involved (in the entity or anywhere in the message), else own illness."""
    n = normalise(entity_text)
    if "vab" in n or "barn" in n:
        return "vab"
    if "sjalv" in n or "egen" in n:
        return "egen_sjukdom"
    if any(w.startswith(_CHILD_PREFIXES) for w in normalise(message_text).split()):
        return "vab"
    return "egen_sjukdom"
