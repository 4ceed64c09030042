"""Requests to talk to a human, queued for caseworkers (the console takes and closes them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from store.db import session_scope
from store.models import HandoffRequest
from store.timeutil import to_utc


def request_handoff(sender_id: str, reason: str | None, at: datetime, url: str | None = None) -> tuple[int, bool]:
    """Queue a request (or add the new reason to the one already waiting); (id, is_new)."""
    with session_scope(url) as session:
        waiting = session.scalar(select(HandoffRequest).where(
            HandoffRequest.sender_id == sender_id, HandoffRequest.status.in_(("open", "taken")))
            .order_by(HandoffRequest.id.desc()).limit(1))
        if waiting is not None:
            if reason and reason not in (waiting.reason or ""):
                waiting.reason = f"{waiting.reason}\n{reason}" if waiting.reason else reason
            return waiting.id, False
        request = HandoffRequest(sender_id=sender_id, reason=reason, status="open", created_at=to_utc(at))
        session.add(request)
        session.flush()
        return request.id, True
