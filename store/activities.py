"""The activity log and the monthly activity report (aktivitetsrapport): one owner for both tables.

A jobseeker on benefit reports to Arbetsförmedlingen, between the 1st and the 14th, what they did
for the job search the month before. The chat logs each activity as it happens (actions/activity_log.py);
on the 1st the bot drafts the report from these rows, and the jobseeker confirms once it is sent
(`activity_reports.confirmed_at`), which ends the reminders.

A download link of a report is a capability: it names the report row (an integer, which says nothing
about who the jobseeker is: a widget's sender id must never land in a URL, see web/chat_identity.py)
and is signed over the row's sender and month with a key derived from the secret that the action
server and the web app share. The secret is handed in, like everything store/ is configured with.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from store.db import session_scope
from store.models import Activity, ActivityReport
from store.timeutil import from_store, to_utc

KINDS = ("application", "interview", "course", "contact", "other")
MAX_NAME = 255      # employer, occupation: the columns' length
MAX_TEXT = 1000     # the jobseeker's own words, enough for any sentence typed on a phone
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# Purpose of the key derived from the shared secret: a leaked link key cannot sign anything else.
LINK_KEY_PURPOSE = b"jobbcoach/activity-report-link/v1"


@dataclass(frozen=True)
class LoggedActivity:
    id: int
    sender_id: str
    day: date
    kind: str
    employer: str | None
    occupation: str | None
    text: str
    created_at: datetime


@dataclass(frozen=True)
class ReportStatus:
    id: int
    sender_id: str
    month: str
    drafted_at: datetime | None
    confirmed_at: datetime | None


def _activity(row: Activity) -> LoggedActivity:
    return LoggedActivity(row.id, row.sender_id, row.day, row.kind, row.employer, row.occupation, row.text,
                          from_store(row.created_at))


def _report(row: ActivityReport) -> ReportStatus:
    return ReportStatus(row.id, row.sender_id, row.month, row.drafted_at and from_store(row.drafted_at),
                        row.confirmed_at and from_store(row.confirmed_at))


def _name(value: str | None) -> str | None:
    value = (value or "").strip()
    return value[:MAX_NAME] or None


# --- months --------------------------------------------------------------------------------------

def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def previous_month(day: date) -> str:
    """The month a report made on `day` is about: November for any day in December."""
    return month_of(date(day.year - 1, 12, 1) if day.month == 1 else date(day.year, day.month - 1, 1))


def month_bounds(month: str) -> tuple[date, date]:
    """(first day, first day of the next month) of "YYYY-MM"; ValueError for anything else."""
    found = MONTH.match(month or "")
    if not found:
        raise ValueError(f"not a month (YYYY-MM): {month!r}")
    year, number = int(found[1]), int(found[2])
    return date(year, number, 1), date(year + number // 12, number % 12 + 1, 1)


# --- the log -------------------------------------------------------------------------------------

def log_activity(sender_id: str, day: date, kind: str, text: str, employer: str | None = None,
                 occupation: str | None = None, at: datetime | None = None,
                 url: str | None = None) -> LoggedActivity:
    """Store one activity. A kind outside KINDS is a programming error (ValueError), not "other"."""
    if kind not in KINDS:
        raise ValueError(f"unknown activity kind {kind!r}; one of {KINDS}")
    row = Activity(sender_id=sender_id, day=day, kind=kind, employer=_name(employer),
                   occupation=_name(occupation), text=(text or "").strip()[:MAX_TEXT])
    if at is not None:
        row.created_at = to_utc(at)
    with session_scope(url) as session:
        session.add(row)
        session.flush()
        return _activity(row)


def activities_between(sender_id: str, start: date, end: date, url: str | None = None) -> list[LoggedActivity]:
    """Activities done on start <= day < end, in the order they were done (then logged)."""
    with session_scope(url) as session:
        rows = session.scalars(select(Activity).where(Activity.sender_id == sender_id, Activity.day >= start,
                                                      Activity.day < end).order_by(Activity.day, Activity.id))
        return [_activity(row) for row in rows]


def activities_in_month(sender_id: str, month: str, url: str | None = None) -> list[LoggedActivity]:
    start, end = month_bounds(month)
    return activities_between(sender_id, start, end, url=url)


def recent_activities(sender_id: str, limit: int = 100, url: str | None = None) -> list[LoggedActivity]:
    """The newest activities first (the console's view of a jobseeker)."""
    with session_scope(url) as session:
        rows = session.scalars(select(Activity).where(Activity.sender_id == sender_id)
                               .order_by(Activity.day.desc(), Activity.id.desc()).limit(limit))
        return [_activity(row) for row in rows]


# --- the monthly report --------------------------------------------------------------------------

def report_status(sender_id: str, month: str, url: str | None = None) -> ReportStatus | None:
    month_bounds(month)
    with session_scope(url) as session:
        row = session.scalar(select(ActivityReport).where(ActivityReport.sender_id == sender_id,
                                                          ActivityReport.month == month))
        return _report(row) if row else None


def report_by_id(report_id: int, url: str | None = None) -> ReportStatus | None:
    with session_scope(url) as session:
        row = session.get(ActivityReport, report_id)
        return _report(row) if row else None


def reports_of(sender_id: str, url: str | None = None) -> list[ReportStatus]:
    """Every report row of a jobseeker, the newest month first (the console)."""
    with session_scope(url) as session:
        rows = session.scalars(select(ActivityReport).where(ActivityReport.sender_id == sender_id)
                               .order_by(ActivityReport.month.desc()))
        return [_report(row) for row in rows]


def latest_open_draft(sender_id: str, latest_month: str, url: str | None = None) -> ReportStatus | None:
    """The most recently drafted report not yet confirmed, of `latest_month` or earlier: what
    "jag har skickat den" refers to (a draft of the month still going on cannot be sent yet)."""
    month_bounds(latest_month)
    with session_scope(url) as session:
        row = session.scalar(select(ActivityReport).where(
            ActivityReport.sender_id == sender_id, ActivityReport.drafted_at.is_not(None),
            ActivityReport.confirmed_at.is_(None), ActivityReport.month <= latest_month)
            .order_by(ActivityReport.drafted_at.desc()).limit(1))
        return _report(row) if row else None


def _upsert(sender_id: str, month: str, url: str | None, change) -> ReportStatus:
    """The month's row, created when missing, with `change(row)` applied; a concurrent insert of the
    same month (unique sender+month) is retried once as an update."""
    month_bounds(month)
    for attempt in range(2):
        try:
            with session_scope(url) as session:
                row = session.scalar(select(ActivityReport).where(ActivityReport.sender_id == sender_id,
                                                                  ActivityReport.month == month))
                if row is None:
                    row = ActivityReport(sender_id=sender_id, month=month)
                    session.add(row)
                change(row)
                session.flush()
                return _report(row)
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def mark_drafted(sender_id: str, month: str, at: datetime, url: str | None = None) -> ReportStatus:
    """A draft of the month was shown (again): its time, and a row that a download link can name."""
    def change(row: ActivityReport) -> None:
        row.drafted_at = to_utc(at)
    return _upsert(sender_id, month, url, change)


def confirm_report(sender_id: str, month: str, at: datetime, url: str | None = None) -> tuple[ReportStatus, bool]:
    """"Klart, jag har skickat den": (the row, whether it was confirmed already). The first time counts."""
    already: list[bool] = []

    def change(row: ActivityReport) -> None:
        already.append(row.confirmed_at is not None)
        if row.confirmed_at is None:
            row.confirmed_at = to_utc(at)
    status = _upsert(sender_id, month, url, change)
    return status, already[-1]


# --- signed download links -----------------------------------------------------------------------

def _link_key(secret: str) -> bytes:
    if not secret:
        raise ValueError("no secret to sign report links with")
    return hmac.new(secret.encode(), LINK_KEY_PURPOSE, hashlib.sha256).digest()


def _link_message(report: ReportStatus, expires: int) -> bytes:
    # The sender is inside the signature, not the link: a link names only the row.
    return f"{report.id}\n{report.sender_id}\n{report.month}\n{expires}".encode()


def link_signature(secret: str, report: ReportStatus, expires: int) -> str:
    """Hex HMAC-SHA256 over the report's id, sender, month and the expiry (Unix seconds)."""
    return hmac.new(_link_key(secret), _link_message(report, expires), hashlib.sha256).hexdigest()


def check_link(secret: str, report: ReportStatus | None, expires: int, signature: str, now: datetime) -> str:
    """"ok", "expired" or "invalid" (unknown report, wrong or tampered signature).

    The signature is checked before the expiry, so a forged link is told nothing about dates."""
    if report is None or not signature:
        return "invalid"
    expected = link_signature(secret, report, expires)
    if not hmac.compare_digest(expected, signature.lower()):
        return "invalid"
    return "expired" if now.timestamp() >= expires else "ok"


def download_path(report_id: int, fmt: str, expires: int, signature: str) -> str:
    """The web app's address of a report file (web/activity_report.py serves it; the actions link it)."""
    return f"/activity-report/{report_id}.{fmt}?expires={expires}&signature={signature}"


# --- the document ----------------------------------------------------------------------------------

def document_rows(rows: list[LoggedActivity], catalogue: dict) -> list[dict[str, str]]:
    """The report's rows, one per activity: each column's text (keys of the catalogue's `columns`).

    `catalogue` is the document's Swedish wording (bot/languages/activity_report.yml), handed in by
    the caller: the chat's text to copy and the downloadable files are made from the same rows."""
    empty = catalogue.get("empty", "–")
    return [{"day": row.day.isoformat(), "what": row.text or empty, "employer": row.employer or empty,
             "occupation": row.occupation or empty, "kind": (catalogue.get("kinds") or {}).get(row.kind, row.kind)}
            for row in rows]
