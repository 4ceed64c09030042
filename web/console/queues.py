"""The caseworkers' work queues: handoff requests (take, close) and sick reports (acknowledge).

Both live in the per-user store, written by the bot's actions; the console only changes their status.
A take is conditional on the request still being open, so two caseworkers cannot both take it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store.models import HandoffRequest, SickReport


class QueueError(ValueError):
    pass


def handoffs(session: Session, include_closed: bool = False) -> list[HandoffRequest]:
    """Urgent requests (after a crisis message) first, then the oldest first."""
    query = select(HandoffRequest).order_by(HandoffRequest.urgent.desc(), HandoffRequest.created_at,
                                            HandoffRequest.id)
    if not include_closed:
        query = query.where(HandoffRequest.status != "closed")
    return list(session.scalars(query))


def take_handoff(session: Session, request_id: int, caseworker: str) -> HandoffRequest:
    result = session.execute(
        update(HandoffRequest)
        .where(HandoffRequest.id == request_id, HandoffRequest.status == "open")
        .values(status="taken", taken_by=caseworker, taken_at=datetime.now(UTC))
    )
    if not result.rowcount:
        raise QueueError("Ärendet är inte längre öppet.")
    return session.get(HandoffRequest, request_id, populate_existing=True)


def close_handoff(session: Session, request_id: int, caseworker: str) -> HandoffRequest:
    handoff = session.get(HandoffRequest, request_id)
    if handoff is None or handoff.status == "closed":
        raise QueueError("Ärendet finns inte eller är redan stängt.")
    handoff.status = "closed"
    handoff.closed_at = datetime.now(UTC)
    if not handoff.taken_by:
        handoff.taken_by = caseworker
        handoff.taken_at = handoff.closed_at
    return handoff


def sick_reports(session: Session, include_acknowledged: bool = False) -> list[SickReport]:
    query = select(SickReport).order_by(SickReport.created_at.desc(), SickReport.id.desc())
    if not include_acknowledged:
        query = query.where(SickReport.acknowledged_at.is_(None))
    return list(session.scalars(query))


def acknowledge_sick_report(session: Session, report_id: int, caseworker: str) -> SickReport:
    result = session.execute(
        update(SickReport)
        .where(SickReport.id == report_id, SickReport.acknowledged_at.is_(None))
        .values(acknowledged_at=datetime.now(UTC), acknowledged_by=caseworker)
    )
    if not result.rowcount:
        raise QueueError("Sjukanmälan finns inte eller är redan kvitterad.")
    return session.get(SickReport, report_id, populate_existing=True)
