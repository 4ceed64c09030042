"""Conversations as caseworkers see them: list rows with flags, transcripts, notes, tags, export,
and erasure of everything stored about one jobseeker."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from store import privacy
from store.models import HandoffRequest, SickReport
from web.console import timefmt, tracker_reader
from web.console.config import settings
from web.console.models import Note, Tag

# Events a transcript never shows: Rasa's own bookkeeping, not something anyone said or did.
HIDDEN_EVENTS = {"user_featurization", "action_execution_rejected", "entities", "loop_interrupted"}


@dataclass
class TranscriptItem:
    kind: str  # user | bot | action | slot | session | other
    time: str
    text: str | None = None
    intent: str | None = None
    confidence: float | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    buttons: list[dict[str, Any]] = field(default_factory=list)
    name: str | None = None
    value: Any = None
    channel: str | None = None
    low_confidence: bool = False
    caseworker: str | None = None  # a bot event the live handoff wrote for a caseworker (metadata)

    @property
    def value_text(self) -> str:
        return self.value if isinstance(self.value, str) else json.dumps(self.value, ensure_ascii=False)


def flagged_senders(session: Session) -> tuple[set[str], set[str]]:
    """Senders with a handoff request and with a sick report in the per-user store."""
    handoffs = set(session.scalars(select(HandoffRequest.sender_id).distinct()))
    sick = set(session.scalars(select(SickReport.sender_id).distinct()))
    return handoffs, sick


def tagged_senders(session: Session, tag: str) -> set[str]:
    return set(session.scalars(select(Tag.sender_id).where(Tag.tag == tag)))


def all_tags(session: Session) -> list[str]:
    return sorted(set(session.scalars(select(Tag.tag).distinct())))


def is_repeated_message(items: list[TranscriptItem], event: dict[str, Any]) -> bool:
    """Whether a user event re-emits the last message the jobseeker wrote.

    When a jobseeker's answer clarifies a message the NLU was unsure of ("Menade du…?"), Rasa's
    two-stage fallback rewinds the conversation and adds the answer again, with confidence 1.0:
    the tracker then holds it twice, but the jobseeker wrote it once, and once is what the
    transcript shows."""
    last_user = next((item for item in reversed(items) if item.kind == "user"), None)
    return last_user is not None and last_user.text == (event.get("text") or "")


def transcript(events: list[dict[str, Any]], threshold: float | None = None) -> list[TranscriptItem]:
    threshold = settings().console_low_confidence if threshold is None else threshold
    items: list[TranscriptItem] = []
    rewound = False
    for ev in events:
        kind = ev.get("event")
        when = timefmt.fmt(ev.get("timestamp"))
        if kind == "rewind":
            rewound = True
        if kind == "user" and rewound and is_repeated_message(items, ev):
            rewound = False
            continue
        if kind == "user":
            rewound = False
            parse = ev.get("parse_data") or {}
            intent = parse.get("intent") or {}
            confidence = intent.get("confidence")
            items.append(
                TranscriptItem(
                    kind="user",
                    time=when,
                    text=ev.get("text") or "",
                    intent=intent.get("name"),
                    confidence=confidence,
                    entities=[
                        {
                            "entity": e.get("entity"),
                            "value": e.get("value"),
                            "role": e.get("role"),
                            "extractor": e.get("extractor"),
                        }
                        for e in parse.get("entities") or []
                    ],
                    channel=ev.get("input_channel"),
                    low_confidence=intent.get("name") == tracker_reader.FALLBACK_INTENT
                    or (isinstance(confidence, int | float) and confidence < threshold),
                )
            )
        elif kind == "bot":
            data = ev.get("data") or {}
            items.append(
                TranscriptItem(
                    kind="bot",
                    time=when,
                    caseworker=(ev.get("metadata") or {}).get("caseworker"),
                    text=ev.get("text") or "",
                    buttons=[
                        {"title": b.get("title"), "payload": b.get("payload")}
                        for b in data.get("buttons") or []
                    ],
                )
            )
        elif kind == "action":
            items.append(TranscriptItem(kind="action", time=when, name=ev.get("name")))
        elif kind == "slot":
            items.append(TranscriptItem(kind="slot", time=when, name=ev.get("name"), value=ev.get("value")))
        elif kind == "session_started":
            items.append(TranscriptItem(kind="session", time=when))
        elif kind not in HIDDEN_EVENTS:
            items.append(TranscriptItem(kind="other", time=when, name=kind))
    return items


def notes_for(session: Session, sender_id: str) -> list[Note]:
    return list(session.scalars(select(Note).where(Note.sender_id == sender_id).order_by(Note.id)))


def tags_for(session: Session, sender_id: str) -> list[Tag]:
    return list(session.scalars(select(Tag).where(Tag.sender_id == sender_id).order_by(Tag.tag)))


def add_note(session: Session, sender_id: str, author: str, text: str) -> Note:
    note = Note(sender_id=sender_id, author=author, text=text.strip()[:5000])
    session.add(note)
    return note


def normalise_tag(tag: str) -> str:
    return "".join(c for c in tag.strip().lower() if c.isalnum() or c in "-_åäö ")[:40].strip()


def add_tag(session: Session, sender_id: str, author: str, tag: str) -> str | None:
    tag = normalise_tag(tag)
    if not tag:
        return None
    if not session.scalar(select(Tag).where(Tag.sender_id == sender_id, Tag.tag == tag)):
        session.add(Tag(sender_id=sender_id, tag=tag, author=author))
    return tag


def remove_tag(session: Session, sender_id: str, tag: str) -> None:
    session.execute(delete(Tag).where(Tag.sender_id == sender_id, Tag.tag == tag))


# --- erasure -------------------------------------------------------------------------------------


def delete_sender_data(sender_id: str) -> dict[str, int]:
    """Delete one jobseeker everywhere (store.privacy.forget: tracker events after any turn in
    flight, every per-user table, notes and tags). Rows deleted per table; the audit entry is the
    caller's."""
    return privacy.forget(sender_id, tracker_url=settings().tracker_db_url)
