"""Canned replies (canned_replies.yml): the same few answers every caseworker writes, in the
jobseeker's language, ready to copy. A catalogue rather than text in templates, so wording and
languages change without touching code (the bot's own texts work the same way)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

CATALOGUE = Path(__file__).parent / "canned_replies.yml"
LANGUAGES = {"sv": "svenska", "en": "engelska", "ar": "arabiska", "so": "somaliska", "uk": "ukrainska",
             "fa": "persiska"}
RIGHT_TO_LEFT = {"ar", "fa"}


@dataclass(frozen=True)
class Reply:
    id: str
    title: str
    language: str  # the language `text` is in
    text: str
    swedish: str  # the same reply in Swedish, so the caseworker knows what they send

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RIGHT_TO_LEFT else "ltr"


@lru_cache(maxsize=1)
def catalogue() -> list[dict]:
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8")) or {}
    replies = data.get("replies") or []
    for reply in replies:
        missing = {"id", "title", "text"} - set(reply)
        if missing or "sv" not in reply["text"]:
            raise ValueError(f"{CATALOGUE.name}: reply {reply.get('id')!r} needs id, title and a Swedish text")
    return replies


def replies_for(language: str | None) -> list[Reply]:
    """Every reply in `language` (the jobseeker's), Swedish where the catalogue lacks it."""
    wanted = language if language in LANGUAGES else "sv"
    result = []
    for reply in catalogue():
        texts = reply["text"]
        chosen = wanted if texts.get(wanted) else "sv"
        result.append(Reply(reply["id"], reply["title"], chosen, texts[chosen], texts["sv"]))
    return result
