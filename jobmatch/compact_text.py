"""The short text that represents an ad for embedding, and the long one for keywords.

A transformer costs time per token, so the dense side sees a compact text (about 250 characters):
headline, the taxonomy occupation and its group (which carry the vocabulary a job seeker's words
map to), and the first sentences saying what the work is. The keyword side is cheap and sees all.
"""

from __future__ import annotations

import hashlib
import re

from .ads import Ad

COMPACT_MAX_CHARS = 260
_TASK_INTRO = re.compile(r"(bland annat att|arbetsuppgift|du kommer att|i rollen|som [^\n]{2,60} hos oss)[^\n]*:\s*$",
                         re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _task_sentences(description: str) -> str:
    """The paragraph that describes the work, or the description's opening if none is marked."""
    lines = [ln.strip() for ln in (description or "").splitlines()]
    for i, line in enumerate(lines):
        if _TASK_INTRO.search(line):
            following = [ln for ln in lines[i + 1:i + 4] if ln and not ln.endswith(":")]
            if following:
                return " ".join(following)
    return " ".join(ln for ln in lines if ln)


def _first_sentences(text: str, budget: int) -> str:
    out = ""
    for sentence in _SENTENCE_END.split(text):
        if not sentence:
            continue
        candidate = f"{out} {sentence}".strip()
        if len(candidate) > budget:
            if not out:
                out = sentence[:budget].rsplit(" ", 1)[0]
            break
        out = candidate
    return out


def compact_text(ad: Ad) -> str:
    head = ad.headline.strip()
    taxonomy = ", ".join(x for x in (ad.occupation_label, ad.group_label) if x)
    lead = f"{head}. {taxonomy}." if taxonomy else f"{head}."
    budget = max(40, COMPACT_MAX_CHARS - len(lead))
    body = _first_sentences(_task_sentences(ad.description), budget)
    return f"{lead} {body}".strip()


def keyword_text(ad: Ad) -> str:
    """Fields for BM25; headline and occupation repeated so they weigh more than boilerplate."""
    parts = [ad.headline, ad.headline, ad.occupation_label, ad.occupation_label, ad.group_label,
             " ".join(ad.skills), ad.description]
    return "\n".join(p for p in parts if p)


def text_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
