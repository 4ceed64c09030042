"""A short Swedish reason per hit: which of the searcher's words the ad matches, and where.

"Matchar: undersköterska, hemtjänst, Umeå" tells a job seeker why an ad is there; when only the
dense side found it (no shared word), the ad's occupation is named as a related job instead.
"""

from __future__ import annotations

from .ads import Ad
from .swedish_text import STOPWORDS, stem, tokens

MAX_TERMS = 3


def _display_words(ad: Ad) -> list[str]:
    words: list[str] = []
    for text in (ad.occupation_label, ad.headline, ad.group_label, " ".join(ad.skills)):
        for w in tokens(text):
            if len(w) > 2 and w not in STOPWORDS and w not in words:
                words.append(w)
    return words


def reason_for(ad: Ad, query_stems: set[str], *, place: str | None = None, remote: bool | None = None,
               extent: str | None = None, occupation_boosted: bool = False) -> str:
    matched: list[str] = []
    if query_stems:
        for word in _display_words(ad):
            s = stem(word)
            if s in query_stems or any(len(q) >= 4 and (s.startswith(q) or q in s) for q in query_stems):
                matched.append(word)
            if len(matched) >= MAX_TERMS:
                break
    parts = list(matched)
    if not parts and ad.occupation_label:
        label = ad.occupation_label.lower()
        parts.append(label if occupation_boosted else f"liknande yrke: {label}")
    if place:
        parts.append(place)
    if remote:
        parts.append("distans/hybrid")
    if extent:
        parts.append(extent.lower())
    return "Matchar: " + ", ".join(parts) if parts else "Matchar din sökning"
