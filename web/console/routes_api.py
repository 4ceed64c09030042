"""JSON API under /console/api for scripts and the console's own pages: the same data and rules
as the pages (login cookie required, 401 otherwise; CSRF header on writes; audit entries)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from web.console import (
    audit,
    conversations,
    insight,
    live_chat,
    queues,
    routes_live,
    routes_queues,
    timefmt,
    tracker_reader,
)
from web.console.db import console_db
from web.console.routes_conversations import ListParams, case_file, conversation_page
from web.console.security import ConsoleRoute, CsrfChecked, LoggedIn, Watching, client_ip

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
    _entries, document = case_file(sender, with_store=True)
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


def case_json(case: queues.Case) -> dict:
    h = case.handoff
    return {
        "id": h.id,
        "sender_id": h.sender_id,
        "reason": h.reason,
        "status": h.status,
        "urgent": h.urgent,
        "created_at": timefmt.fmt(h.created_at),
        "taken_by": h.taken_by,
        "team": h.team,
        "wished_language": h.language,
        "jobseeker_language": case.language,
        "due_at": case.due.isoformat() if case.due else None,
        "overdue": case.overdue,
        "closed_by": h.closed_by,
        "reviewed_by": h.reviewed_by,
    }


@router.get("/handoffs")
def handoffs(identity: LoggedIn, closed: bool = False, view: str = Query("all", max_length=20)):
    """The inbox's cases in its order; `closed=true` (older scripts) is the view of finished ones."""
    view = "finished" if closed else (view if view in queues.VIEWS else "all")
    with console_db() as session:
        actor = queues.actor_for(session, identity.username, identity.is_admin)
        return [case_json(c) for c in queues.inbox(session, actor, view)]


class HandoffChange(BaseModel):
    colleague: str = Field("", max_length=80)
    team: str = Field("", max_length=40)
    note: str = Field("", max_length=5000)


class ReplyIn(BaseModel):
    text: str = Field(min_length=1, max_length=live_chat.MAX_REPLY_CHARS)


@router.post("/handoffs/{request_id}/reply", status_code=201)
def reply(identity: CsrfChecked, request: Request, body: ReplyIn, request_id: int = Path(ge=1, le=2**62)):
    """Write to the jobseeker in a case the caller holds (or an admin): the page's rules, as JSON.
    503 when Rasa does not answer: then nothing was sent, and the same call may be made again."""
    try:
        sender = routes_live.send_reply(request, identity, request_id, body.text)
    except live_chat.ChatUnavailable as error:
        raise HTTPException(status_code=503, detail=routes_live.unsent(error)) from error
    return {"sent": True, "sender_id": sender}


@router.post("/handoffs/{request_id}/{action}")
def change_handoff(identity: CsrfChecked, request: Request, action: str,
                   request_id: int = Path(ge=1, le=2**62), change: HandoffChange | None = None):
    """take, assign, release, wait, resume, close, review, team: the inbox's rules, as JSON."""
    change = change or HandoffChange()
    changed = routes_queues.apply_change(request, identity, request_id, action, change.colleague, change.team,
                                         change.note)
    handoff = changed.handoff
    with console_db() as session:
        case = next(c for c in queues.cases_for(session, handoff.sender_id) if c.handoff.id == handoff.id)
        return {**case_json(case), "chat_told": changed.chat_told}


@router.get("/inbox/counts")
def inbox_counts(identity: Watching):
    """What the menu badges and the inbox's live update poll (does not keep the session alive)."""
    with console_db() as session:
        return queues.counts(session, identity.username)


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
