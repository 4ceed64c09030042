"""Conversation list, transcript, notes, tags, export and erasure (server-rendered pages).

Transcripts are addressed by a query parameter (`?sender=`), not a path segment, because a Rasa
sender id may contain any character, slashes included.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from store import privacy
from store.models import HandoffRequest, Jobseeker, SavedJob, SickReport, WeeklyGoal
from store.tracker_events import TrackerErasureFailed
from web.console import (
    activity_view,
    audit,
    auth,
    canned,
    case_notes,
    conversations,
    queues,
    rasa_api,
    timefmt,
    tracker_reader,
)
from web.console.config import settings
from web.console.db import console_db
from web.console.security import Admin, ConsoleRoute, CsrfChecked, LoggedIn, client_ip, csrf_protect
from web.console.templating import render

router = APIRouter(route_class=ConsoleRoute)
SENDER = Query(..., min_length=1, max_length=255)


def list_filters(
    q: str | None, date_from: str | None, date_to: str | None, flag: str | None, channel: str | None,
    who: str | None = None,
) -> tracker_reader.ConversationFilter:
    start, end = timefmt.parse_date(date_from), timefmt.parse_date(date_to)
    if (date_from and start is None) or (date_to and end is None):
        raise HTTPException(status_code=400, detail="Datum skrivs ÅÅÅÅ-MM-DD, till exempel 2026-12-02.")
    if start and end and end < start:
        raise HTTPException(status_code=400, detail="Till-datumet ligger före från-datumet.")
    return tracker_reader.ConversationFilter(
        query=(q or "").strip()[:200] or None,
        date_from=timefmt.day_start(start) if start else None,
        date_to=timefmt.day_end(end) if end else None,
        flag=flag if flag in tracker_reader.FLAGS else None,
        channel=(channel or "").strip()[:50] or None,
        pseudonym=(who or "").strip()[:255] or None,
    )


class ListQuery:
    """The conversation list's query string, one definition for the page and the JSON API."""

    def __init__(
        self,
        q: str | None = Query(None, max_length=200),
        date_from: str | None = Query(None, alias="from", max_length=10),
        date_to: str | None = Query(None, alias="to", max_length=10),
        flag: str | None = Query(None, max_length=20),
        channel: str | None = Query(None, max_length=50),
        tag: str | None = Query(None, max_length=40),
        page: int = Query(1, ge=1, le=100000),
        who: str | None = Query(None, max_length=255),
        status: str | None = Query(None, max_length=20),
    ) -> None:
        self.date_from, self.date_to, self.tag, self.page = date_from, date_to, tag, page
        self.status = status if status in queues.STATUS_NAMES else None
        self.filters = list_filters(q, date_from, date_to, flag, channel, who)


ListParams = Annotated[ListQuery, Depends()]


def conversation_page(list_query: ListQuery):
    filters, tag, page = list_query.filters, list_query.tag, list_query.page
    cfg = settings()
    with console_db() as session:
        _handoffs, sick = conversations.flagged_senders(session)
        unfinished, finished = queues.unfinished_senders(session), queues.finished_at(session)
        crisis = queues.urgent_senders(session)
        if tag:
            filters.tag_senders = conversations.tagged_senders(session, tag)
        if list_query.status:
            filters.status_senders = queues.senders_with_status(session, list_query.status)
        tags = conversations.all_tags(session)
    rows, total = tracker_reader.list_conversations(
        filters, page=page, page_size=cfg.console_page_size, handoff_senders=unfinished, sick_senders=sick,
        handoffs_finished=finished, crisis_senders=crisis,
    )
    pages = max(1, -(-total // cfg.console_page_size))
    return rows, total, pages, tags


@router.get("/")
def home(identity: LoggedIn):
    """The inbox first: what needs attention now."""
    return RedirectResponse("/console/inbox", status_code=303)


@router.get("/conversations")
def conversation_list(identity: LoggedIn, request: Request, list_query: ListParams):
    rows, total, pages, tags = conversation_page(list_query)
    filters, page = list_query.filters, list_query.page
    params = {
        "q": filters.query,
        "from": list_query.date_from,
        "to": list_query.date_to,
        "flag": filters.flag,
        "channel": filters.channel,
        "tag": list_query.tag,
        "who": filters.pseudonym,
        "status": list_query.status,
    }
    return render(
        request,
        "conversations.html",
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        params=params,
        channels=tracker_reader.channels(),
        tags=tags,
        statuses=queues.STATUS_NAMES,
    )


def _load_transcript(sender: str):
    events = tracker_reader.sender_events(sender)
    with console_db() as session:
        notes = conversations.notes_for(session, sender)
        tags = conversations.tags_for(session, sender)
        handoffs = list(session.scalars(select(HandoffRequest).where(HandoffRequest.sender_id == sender)))
        sick = list(session.scalars(select(SickReport).where(SickReport.sender_id == sender)))
        saved = list(session.scalars(select(SavedJob).where(SavedJob.sender_id == sender)
                                     .order_by(SavedJob.saved_at.desc())))
    coaching = activity_view.for_sender(sender)  # activities, report months, job alerts
    if not events and not notes and not handoffs and not sick and not saved and coaching.empty:
        raise HTTPException(status_code=404, detail="Det finns ingen konversation med det id:t.")
    return events, notes, tags, handoffs, sick, saved, coaching


def messages_version(events: list[dict]) -> str:
    """What the live transcript compares to know that something new was said (or erased)."""
    last = events[-1].get("timestamp") if events else None
    return f"{len(events)}-{last}"


@router.get("/transcript")
def transcript_page(identity: LoggedIn, request: Request, sender: str = SENDER, details: bool = False):
    return transcript_response(identity, request, sender, details)


def transcript_response(identity: auth.Identity, request: Request, sender: str, details: bool = False,
                        reply_text: str = "", reply_error: str | None = None, status_code: int = 200):
    """The conversation page (audited as a view). The live handoff's reply comes back here when its
    message could not be sent, with the caseworker's text still in the form and the reason."""
    events, notes, tags, handoffs, sick, saved, coaching = _load_transcript(sender)
    items = conversations.transcript(events)
    with console_db() as session:
        actor = queues.actor_for(session, identity.username, identity.is_admin)
        cases = queues.cases_for(session, sender)
        writable = queues.writable_case(session, sender, actor)
        colleagues = [c.username for c in queues.colleagues(session)]
        teams = queues.teams(session)
        language = session.scalar(select(Jobseeker.language).where(Jobseeker.sender_id == sender))
        goals = list(session.scalars(select(WeeklyGoal).where(WeeklyGoal.sender_id == sender)
                                     .order_by(WeeklyGoal.week_start.desc()).limit(4)))
    slots, rasa_error = None, None
    if details and events:
        try:
            slots = rasa_api.current_slots(sender)
        except rasa_api.RasaUnavailable as error:
            rasa_error = str(error)
    with console_db() as session:
        audit.record(
            session,
            identity.username,
            "view_transcript",
            target=sender,
            detail="med detaljer" if details else None,
            ip=client_ip(request),
        )
    return render(
        request,
        "transcript.html",
        status_code=status_code,
        sender=sender,
        items=items,
        details=details,
        messages_version=messages_version(events),
        live_case_id=writable.id if writable else None,
        reply_text=reply_text,
        reply_error=reply_error,
        reply_direction="rtl" if language in canned.RIGHT_TO_LEFT else "ltr",
        notes=notes,
        tags=tags,
        handoffs=handoffs,
        sick_reports=sick,
        saved_jobs=saved,
        coaching=coaching,
        slots=slots,
        rasa_error=rasa_error,
        cases=cases,
        actor=actor,
        colleagues=colleagues,
        teams=teams,
        language=language,
        replies=canned.replies_for(language) if cases else [],
        status_names=queues.STATUS_NAMES,
        goals=goals,
    )


def _filename(sender: str, extension: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", sender)[:60] or "konversation"
    return f"jobbcoach-{safe}-{datetime.now(UTC):%Y%m%d}.{extension}"


def case_file(sender: str, with_store: bool = False) -> tuple[list[case_notes.Entry], dict]:
    """The conversation as case notes, and the JSON document (with the store's data if asked)."""
    events, notes, tags, handoffs, *_rest = _load_transcript(sender)
    with console_db() as session:
        language = session.scalar(select(Jobseeker.language).where(Jobseeker.sender_id == sender))
    entries = case_notes.timeline(events, notes, tags, handoffs)
    stored = None
    if with_store:
        stored = {k: v for k, v in privacy.export(sender, tracker_url=settings().tracker_db_url).items()
                  if k not in ("chat_events", "notes", "tags")}
    return entries, case_notes.document(sender, language, entries, handoffs, stored)


@router.get("/transcript/export")
def export(
    identity: LoggedIn,
    request: Request,
    sender: str = SENDER,
    format: str = Query("json", pattern="^(json|csv|pdf)$"),
):  # noqa: A002
    """The case notes as a download: JSON (with what the store holds, for a data-access request),
    CSV (one row per entry) or PDF (to print or file)."""
    entries, document = case_file(sender, with_store=format == "json")
    if format == "csv":
        body = "\ufeff" + case_notes.build_csv(sender, entries)  # BOM: Excel reads UTF-8 correctly
        media_type = "text/csv; charset=utf-8"
    elif format == "pdf":
        body = case_notes.build_pdf(sender, entries)
        media_type = "application/pdf"
    else:
        body = json.dumps(document, ensure_ascii=False, indent=2)
        media_type = "application/json"
    with console_db() as session:
        audit.record(session, identity.username, f"export_{format}", target=sender, ip=client_ip(request))
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{_filename(sender, format)}"'},
    )


def _back(sender: str, message: str) -> RedirectResponse:
    return RedirectResponse(
        f"/console/transcript?{urlencode({'sender': sender, 'msg': message})}", status_code=303
    )


@router.post("/transcript/notes")
def add_note(
    identity: CsrfChecked,
    request: Request,
    sender: str = Form(..., min_length=1, max_length=255),
    text: str = Form(..., min_length=1, max_length=5000),
):
    if not text.strip():
        raise HTTPException(status_code=400, detail="Anteckningen är tom.")
    with console_db() as session:
        conversations.add_note(session, sender, identity.username, text)
        audit.record(session, identity.username, "add_note", target=sender, ip=client_ip(request))
    return _back(sender, "note_added")


@router.post("/transcript/tags")
def add_tag(
    identity: CsrfChecked,
    request: Request,
    sender: str = Form(..., min_length=1, max_length=255),
    tag: str = Form(..., min_length=1, max_length=40),
):
    with console_db() as session:
        added = conversations.add_tag(session, sender, identity.username, tag)
        if added is None:
            raise HTTPException(
                status_code=400, detail="Taggen får bara innehålla bokstäver, siffror, - och _."
            )
        audit.record(
            session, identity.username, "add_tag", target=sender, detail=added, ip=client_ip(request)
        )
    return _back(sender, "tag_added")


@router.post("/transcript/tags/remove")
def remove_tag(
    identity: CsrfChecked,
    request: Request,
    sender: str = Form(..., min_length=1, max_length=255),
    tag: str = Form(..., min_length=1, max_length=40),
):
    with console_db() as session:
        conversations.remove_tag(session, sender, tag)
        audit.record(
            session, identity.username, "remove_tag", target=sender, detail=tag, ip=client_ip(request)
        )
    return _back(sender, "tag_removed")


@router.post("/transcript/delete", dependencies=[Depends(csrf_protect)])
def delete_jobseeker(
    identity: Admin,
    request: Request,
    sender: str = Form(..., min_length=1, max_length=255),
    confirm: str = Form(""),
):
    """Erasure of one jobseeker (GDPR art. 17): admins only, and only with the word typed out."""
    if confirm.strip().upper() != "RADERA":
        raise HTTPException(status_code=400, detail="Skriv RADERA i rutan för att bekräfta raderingen.")
    try:
        counts = conversations.delete_sender_data(sender)
    except TrackerErasureFailed as error:
        raise HTTPException(
            status_code=503, detail="Chatthistoriken gick inte att radera just nu (Rasa svarade inte). "
            "Inget har rapporterats som raderat; försök igen om en stund."
        ) from error
    summary = ", ".join(f"{table}={n}" for table, n in sorted(counts.items()) if n)
    with console_db() as session:
        audit.record(
            session,
            identity.username,
            "delete_user",
            target=sender,
            detail=summary or "inget fanns",
            ip=client_ip(request),
        )
    return RedirectResponse("/console/conversations?msg=deleted", status_code=303)
