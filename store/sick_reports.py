"""Sick and vab reports with receipt numbers, written for the caseworker console to read."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from store.db import session_scope
from store.models import SickReport
from store.timeutil import to_utc

KINDS = ("egen_sjukdom", "vab")


@dataclass(frozen=True)
class StoredSickReport:
    receipt: str
    kind: str
    from_date: date
    expected_back: date | None
    activity: str | None
    created_at: datetime


def _receipt(at: datetime) -> str:
    """Short enough to read aloud on the phone: 'SJ-261127-4F2A'."""
    return f"SJ-{at:%y%m%d}-{secrets.token_hex(2).upper()}"


def create_sick_report(sender_id: str, kind: str, from_date: date, expected_back: date | None,
                       activity: str | None, at: datetime, url: str | None = None) -> str:
    """Store the report durably and return its receipt number."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of absence: {kind!r}")
    for _attempt in range(5):
        receipt = _receipt(at)
        try:
            with session_scope(url) as session:
                session.add(SickReport(receipt=receipt, sender_id=sender_id, kind=kind, from_date=from_date,
                                       expected_back=expected_back, activity=activity, created_at=to_utc(at)))
            return receipt
        except IntegrityError:  # the same receipt drawn twice in a day: draw again
            continue
    raise RuntimeError("could not draw a unique receipt number")


def sick_reports(sender_id: str, url: str | None = None) -> list[StoredSickReport]:
    """This sender's reports, newest first."""
    with session_scope(url) as session:
        rows = session.scalars(select(SickReport).where(SickReport.sender_id == sender_id)
                               .order_by(SickReport.created_at.desc(), SickReport.id.desc()))
        return [StoredSickReport(r.receipt, r.kind, r.from_date, r.expected_back, r.activity, r.created_at)
                for r in rows]
