"""JSON API under /console/api for scripts and the console's own pages: the same data and rules
as the pages (login cookie required, 401 otherwise; CSRF header on writes; audit entries)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field

from web.console import audit, conversations, insight, queues, timefmt, tracker_reader
from web.console.db import console_db
from web.console.routes_conversations import ListParams, _load_transcript, conversation_page
from web.console.security import ConsoleRoute, CsrfChecked, LoggedIn, client_ip

router = APIRouter(prefix="/api", route_class=ConsoleRoute)


@router.get("/me")
def me(identity: LoggedIn):
    return {"username": identity.username, "role": identity.role}


@router.get("/conversations")
def conversation_list(identity: LoggedIn, list_query: ListParams):
    rows, total, pages, _tags = conversation_page(list_query)
    return {
        "total": total,
        "page": list_query.page,
        "pages": pages,
        "conversations": [
            {
                "sender_id": r.sender_id,
                "started": r.started.isoformat(),
                "last_event": r.last_event.isoformat(),
                "turns": r.turns,
                "channel": r.channel,
                "flags": sorted(r.flags),
            }
            for r in rows
        ],
    }


@router.get("/transcript")
def transcript(identity: LoggedIn, request: Request, sender: str = Query(..., min_length=1, max_length=255)):
    events, notes, tags, *_rest = _load_transcript(sender)
    document = conversations.export_document(sender, conversations.transcript(events), notes, tags)
    with console_db() as session:
        audit.record(
            session, identity.username, "view_transcript", target=sender, detail="api", ip=client_ip(request)
        )
    return document


class NoteIn(BaseModel):
    sender: str = Field(min_length=1, max_length=255)
    text: str = Field(min_length=1, max_length=5000)


@router.post("/notes", status_code=201)
def add_note(identity: CsrfChecked, request: Request, note: NoteIn):
    if not note.text.strip():
        raise HTTPException(status_code=400, detail="Anteckningen är tom.")
    with console_db() as session:
        saved = conversations.add_note(session, note.sender, identity.username, note.text)
        audit.record(
            session, identity.username, "add_note", target=note.sender, detail="api", ip=client_ip(request)
        )
        session.flush()
        return {"id": saved.id, "author": saved.author, "text": saved.text}


@router.get("/handoffs")
def handoffs(identity: LoggedIn, closed: bool = False):
    with console_db() as session:
        return [
            {
                "id": h.id,
                "sender_id": h.sender_id,
                "reason": h.reason,
                "status": h.status,
                "created_at": timefmt.fmt(h.created_at),
                "taken_by": h.taken_by,
            }
            for h in queues.handoffs(session, include_closed=closed)
        ]


@router.get("/sick-reports")
def sick_reports(identity: LoggedIn, acknowledged: bool = False):
    with console_db() as session:
        return [
            {
                "id": s.id,
                "receipt": s.receipt,
                "sender_id": s.sender_id,
                "kind": s.kind,
                "from_date": s.from_date.isoformat(),
                "expected_back": s.expected_back.isoformat() if s.expected_back else None,
                "acknowledged_by": s.acknowledged_by,
            }
            for s in queues.sick_reports(session, include_acknowledged=acknowledged)
        ]


@router.get("/insight")
def insight_numbers(identity: LoggedIn, days: int = Query(30, ge=1, le=365)):
    data = insight.compute(days)
    return {
        "days": data.days,
        "conversations": data.conversations,
        "user_messages": data.user_messages,
        "fallback_rate": data.fallback_rate,
        "top_intents": data.top_intents,
        "searches_by_place": data.searches_by_place,
        "flags": list(tracker_reader.FLAGS),
    }
