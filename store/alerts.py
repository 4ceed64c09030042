"""Saved searches ("bevaka lagerjobb i Jönköping") and the digests they cause.

One owner for the job_alerts table: the action server creates, lists and stops alerts from the
chat, the web app's open API does the same for third parties (channel "webhook"), and the web app's
digest round (web.job_alerts) reads them all and records each digest.

A digest is recorded in the same transaction as its outbox row (store.outbox's table): the alert's
`last_digest_at` and `sent_ad_ids` change exactly when the message is queued, so a crash between
the two can neither lose a digest nor send the same ads twice. Webhook digests are outbox rows too
(channel "webhook", the JSON body to POST as the message, `alert_id` inside it); the URL is read
from the alert when it is delivered, so a deleted alert's queued digest is dropped, not sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update

from store.db import session_scope
from store.models import JobAlert, OutboxMessage, utcnow
from store.timeutil import from_store, to_utc

WEBHOOK = "webhook"
# Rows written per transaction in a digest round: one commit per alert made 10,000 digests take
# seconds of fsync on SQLite; one per 500 keeps a transaction short while another process writes.
DIGEST_CHUNK = 500


@dataclass(frozen=True)
class Alert:
    """One saved search as its readers need it (plain values, no session attached)."""

    id: int
    sender_id: str
    query: str
    occupation: str | None
    place: str | None
    language: str
    channel: str
    webhook_url: str | None
    created_at: datetime
    last_digest_at: datetime | None
    sent_ad_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Digest:
    """What one digest round decided for one alert: the message to queue and the ads it covers."""

    alert_id: int
    sender_id: str
    channel: str
    message: dict[str, Any]
    sent_ad_ids: Sequence[str] = field(default_factory=tuple)  # every id to remember, old ones included


def _alert(row: JobAlert) -> Alert:
    return Alert(row.id, row.sender_id, row.query, row.occupation, row.place, row.language or "sv",
                 row.channel or "web", row.webhook_url, from_store(row.created_at),
                 from_store(row.last_digest_at) if row.last_digest_at else None,
                 tuple(str(i) for i in (row.sent_ad_ids or ())))


def create(sender_id: str, query: str, *, occupation: str | None = None, place: str | None = None,
           language: str = "sv", channel: str = "web", webhook_url: str | None = None,
           now: datetime | None = None, url: str | None = None) -> Alert:
    """Store a new alert. `now` is the caller's clock (the digest round compares it with the times
    ads were first seen, which use the same clock)."""
    with session_scope(url) as session:
        row = JobAlert(sender_id=sender_id, query=query, occupation=occupation, place=place,
                       language=language or "sv", channel=channel, webhook_url=webhook_url,
                       created_at=to_utc(now or utcnow()), sent_ad_ids=[])
        session.add(row)
        session.flush()
        return _alert(row)


def of_sender(sender_id: str, url: str | None = None) -> list[Alert]:
    """A sender's alerts, oldest first (the order the chat numbers them in)."""
    with session_scope(url) as session:
        rows = session.scalars(select(JobAlert).where(JobAlert.sender_id == sender_id).order_by(JobAlert.id))
        return [_alert(row) for row in rows]


def count_of(sender_id: str, url: str | None = None) -> int:
    with session_scope(url) as session:
        return int(session.scalar(select(func.count()).select_from(JobAlert)
                                  .where(JobAlert.sender_id == sender_id)) or 0)


def get(alert_id: int, sender_id: str, url: str | None = None) -> Alert | None:
    """The alert with this id if it belongs to this sender; None otherwise (someone else's alert
    and a missing one look the same, so an id says nothing about other senders)."""
    with session_scope(url) as session:
        row = session.scalar(select(JobAlert).where(JobAlert.id == alert_id, JobAlert.sender_id == sender_id))
        return _alert(row) if row else None


def remove(alert_id: int, sender_id: str, url: str | None = None) -> bool:
    """Stop one alert of this sender; False when it is not theirs or does not exist."""
    with session_scope(url) as session:
        result = session.execute(delete(JobAlert).where(JobAlert.id == alert_id, JobAlert.sender_id == sender_id))
        return bool(result.rowcount)


def remove_all(sender_id: str, url: str | None = None) -> int:
    """Stop every alert of this sender; returns how many there were."""
    with session_scope(url) as session:
        return int(session.execute(delete(JobAlert).where(JobAlert.sender_id == sender_id)).rowcount or 0)


def all_alerts(url: str | None = None) -> list[Alert]:
    """Every alert, for the digest round (10,000 rows read in one query)."""
    with session_scope(url) as session:
        return [_alert(row) for row in session.scalars(select(JobAlert).order_by(JobAlert.id))]


def record_digests(digests: Iterable[Digest], now: datetime, url: str | None = None) -> list[int]:
    """Queue each digest in the outbox and mark its alert, in transactions of DIGEST_CHUNK.

    An alert deleted since the round read it gets nothing (its row is gone, so its digest is not
    queued). Returns the outbox ids queued, in the digests' order."""
    at = to_utc(now)
    queued: list[int] = []
    pending = list(digests)
    for start in range(0, len(pending), DIGEST_CHUNK):
        chunk = pending[start:start + DIGEST_CHUNK]
        with session_scope(url) as session:
            alive = set(session.scalars(select(JobAlert.id).where(JobAlert.id.in_([d.alert_id for d in chunk]))))
            rows = []
            for digest in chunk:
                if digest.alert_id not in alive:
                    continue
                session.execute(update(JobAlert).where(JobAlert.id == digest.alert_id)
                                .values(last_digest_at=at, sent_ad_ids=list(digest.sent_ad_ids)))
                # queued at the wall clock, as every outbox row: the widget's history orders pushed
                # messages among the conversation's by it (a pinned "now" is for the once-a-day rule)
                rows.append(OutboxMessage(sender_id=digest.sender_id, channel=digest.channel,
                                          message=dict(digest.message)))
            session.add_all(rows)
            session.flush()
            queued.extend(row.id for row in rows)
    return queued


@dataclass(frozen=True)
class WebhookDelivery:
    """A queued webhook digest with the address it goes to (None: its alert was deleted)."""

    id: int
    alert_id: int | None
    webhook_url: str | None
    body: dict[str, Any]
    attempts: int


def pending_webhooks(limit: int = 200, url: str | None = None) -> list[WebhookDelivery]:
    """Undelivered webhook digests, oldest first, each with its alert's current URL."""
    with session_scope(url) as session:
        rows = list(session.scalars(select(OutboxMessage)
                                    .where(OutboxMessage.channel == WEBHOOK, OutboxMessage.delivered_at.is_(None))
                                    .order_by(OutboxMessage.id).limit(limit)))
        ids = {int(r.message.get("alert_id")) for r in rows if str(r.message.get("alert_id", "")).isdigit()}
        urls = dict(session.execute(select(JobAlert.id, JobAlert.webhook_url).where(JobAlert.id.in_(ids)))
                    .all()) if ids else {}
        out = []
        for row in rows:
            raw = row.message.get("alert_id")
            alert_id = int(raw) if str(raw).isdigit() else None
            out.append(WebhookDelivery(row.id, alert_id, urls.get(alert_id), dict(row.message), row.attempts or 0))
        return out


def webhook_done(message_id: int, url: str | None = None) -> None:
    """A webhook digest was taken (2xx), or given up on: it leaves the queue either way."""
    with session_scope(url) as session:
        session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                        .values(delivered_at=utcnow()))
