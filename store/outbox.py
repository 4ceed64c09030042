"""Messages pushed to a jobseeker, kept durably until their channel has them.

A push (a reminder that fired, an alert digest) may come while nobody is looking: the browser is
closed, the web app restarts. So every pushed message is a row first, and is delivered from here:
per sender in id order, and marked delivered only when the receiver acknowledges its id. A message
that was sent but not acknowledged (the page was reloaded in between) is sent again; the widget
shows each id once. Delivered rows stay as the record of what was pushed (the widget's history
shows them after a reload); erasure removes them with everything else (store.models.PER_USER_TABLES).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from store.db import session_scope
from store.models import OutboxMessage, utcnow

MAX_BATCH = 200  # one stream read or delivery round; a jobseeker away for months has fewer than this


@dataclass(frozen=True)
class Pushed:
    """One queued message as a channel delivers it."""

    id: int
    sender_id: str
    channel: str
    message: dict[str, Any]
    created_at: datetime


def _pushed(row: OutboxMessage) -> Pushed:
    return Pushed(row.id, row.sender_id, row.channel, dict(row.message), row.created_at)


def enqueue(sender_id: str, messages: Sequence[dict[str, Any]], channel: str = "web",
            url: str | None = None) -> list[int]:
    """Queue messages for one sender, in the given order; returns their ids (ascending)."""
    with session_scope(url) as session:
        rows = [OutboxMessage(sender_id=sender_id, channel=channel, message=dict(message)) for message in messages]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def pending(sender_id: str, after_id: int = 0, url: str | None = None) -> list[Pushed]:
    """Undelivered messages of one sender with an id above `after_id`, oldest first."""
    with session_scope(url) as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.sender_id == sender_id, OutboxMessage.delivered_at.is_(None),
                   OutboxMessage.id > after_id)
            .order_by(OutboxMessage.id).limit(MAX_BATCH))
        return [_pushed(row) for row in rows]


def pending_on(channels: Iterable[str], url: str | None = None) -> list[Pushed]:
    """Undelivered messages for channels that the server delivers itself (Telegram, Slack), oldest first."""
    with session_scope(url) as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.channel.in_(list(channels)), OutboxMessage.delivered_at.is_(None))
            .order_by(OutboxMessage.id).limit(MAX_BATCH))
        return [_pushed(row) for row in rows]


def acknowledge(sender_id: str, ids: Iterable[int], url: str | None = None) -> list[Pushed]:
    """Mark these messages of this sender delivered; ids of other senders, and messages delivered
    already, are ignored. Returns the messages this call delivered (their receiver may act on them)."""
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return []
    with session_scope(url) as session:
        rows = list(session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.sender_id == sender_id, OutboxMessage.id.in_(wanted),
                   OutboxMessage.delivered_at.is_(None))
            .order_by(OutboxMessage.id).with_for_update()))
        now = utcnow()
        for row in rows:
            row.delivered_at = now
        return [_pushed(row) for row in rows]


def record_attempt(message_id: int, url: str | None = None) -> None:
    """Count a failed delivery attempt (kept for the operator's eye; delivery keeps retrying)."""
    with session_scope(url) as session:
        session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                        .values(attempts=OutboxMessage.attempts + 1))


def delivered(sender_id: str, limit: int = MAX_BATCH, url: str | None = None) -> list[Pushed]:
    """The latest delivered messages of one sender, oldest first: pushed messages in the history."""
    with session_scope(url) as session:
        rows = list(session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.sender_id == sender_id, OutboxMessage.delivered_at.is_not(None))
            .order_by(OutboxMessage.id.desc()).limit(limit)))
        return [_pushed(row) for row in reversed(rows)]
