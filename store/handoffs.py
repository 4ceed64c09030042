"""Requests to talk to a human, queued for caseworkers (the console's inbox works them).

The status names and their groups live here, next to the only writer outside the console, so the
bot's actions, the console and the live handoff agree on them (store.models.HandoffRequest says
what each status means).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from store.db import session_scope
from store.models import HandoffRequest
from store.timeutil import to_utc

STATUSES = ("open", "taken", "waiting", "closed", "reviewed")
# A human holds the conversation: the live handoff pauses the bot in these.
WITH_CASEWORKER = ("taken", "waiting")
# Not finished: a new request from the same jobseeker joins the case instead of opening another.
UNFINISHED = ("open", *WITH_CASEWORKER)
FINISHED = ("closed", "reviewed")


def request_handoff(sender_id: str, reason: str | None, at: datetime, url: str | None = None,
                    urgent: bool = False, language: str | None = None) -> tuple[int, bool]:
    """Queue a request (or add the new reason to the case already running); (id, is_new).

    ``urgent`` (the safety net's handoff after a crisis message) puts it first in the caseworkers'
    queue; a request already waiting becomes urgent too, it is never made less urgent. A case
    waiting for the jobseeker's answer goes back to its caseworker (taken): the jobseeker has
    answered by asking again. ``language`` is the language they asked to be helped in, if any."""
    with session_scope(url) as session:
        running = session.scalar(select(HandoffRequest).where(
            HandoffRequest.sender_id == sender_id, HandoffRequest.status.in_(UNFINISHED))
            .order_by(HandoffRequest.id.desc()).limit(1))
        if running is not None:
            if reason and reason not in (running.reason or ""):
                running.reason = f"{running.reason}\n{reason}" if running.reason else reason
            running.urgent = running.urgent or urgent
            running.language = language or running.language
            if running.status == "waiting":
                running.status, running.waiting_since = "taken", None
            return running.id, False
        request = HandoffRequest(sender_id=sender_id, reason=reason, status="open", created_at=to_utc(at),
                                 urgent=urgent, language=language)
        session.add(request)
        session.flush()
        return request.id, True


def latest_case(sender_id: str, url: str | None = None) -> HandoffRequest | None:
    """The jobseeker's newest case (any status), detached: what "har min handläggare svarat?" is about."""
    with session_scope(url) as session:
        case = session.scalar(select(HandoffRequest).where(HandoffRequest.sender_id == sender_id)
                              .order_by(HandoffRequest.id.desc()).limit(1))
        if case is not None:
            session.expunge(case)
        return case
