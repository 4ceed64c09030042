"""Taxonomy skills and driving licences named in a text: an ad, a profile or a CV.

The JobSearch sample carries no structured skills, so they are read from the words (exact folded
phrases of the 5,514 skill labels, their short forms and our synonyms; see vocab.py). Done once per
ad when an index is built (cached by text hash), and per CV at query time. A few skill labels that
are everyday words ("Kollektivavtal", "Verktyg") are never read alone (synonyms.json never_alone).
"""

from __future__ import annotations

from functools import lru_cache

from .ads import Ad
from .compact_text import text_sha
from .vocab import vocabulary

SKILL_KINDS = ("skill", "licence")


def skills_in(text: str) -> list[str]:
    """Concept ids of the skills and licences the text names, in order of first mention."""
    found = vocabulary().find_all(text or "", kinds=SKILL_KINDS)
    return list(dict.fromkeys(c.id for c, _, _ in found))


def ad_skill_text(ad: Ad) -> str:
    return f"{ad.headline}\n{' '.join(ad.skills)}\n{ad.description}"


def ad_skill_sha(ad: Ad) -> str:
    return text_sha(ad_skill_text(ad))


def ad_skills(ad: Ad) -> list[str]:
    return skills_in(ad_skill_text(ad))


def skill_label(concept_id: str) -> str:
    concept = vocabulary().concepts.get(concept_id)
    if concept is None:
        return concept_id
    return f"{concept.label}-körkort" if concept.kind == "licence" else concept.label


@lru_cache(maxsize=1)
def skill_labels() -> dict[str, str]:
    return {cid: skill_label(cid) for cid, c in vocabulary().concepts.items() if c.kind in SKILL_KINDS}
