"""Who we have met: first sight, the privacy notice, reminders, and the right to be forgotten."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from store import check_ins
from store.db import session_scope
from store.models import (
    PER_USER_TABLES,
    Activity,
    ActivityReport,
    CheckIn,
    HandoffRequest,
    JobAlert,
    Jobseeker,
    Profile,
    ProgressEntry,
    Reminder,
    SavedJob,
    SickReport,
    SupplySignal,
    WeeklyGoal,
)
from store.timeutil import to_utc


def ensure_jobseeker(sender_id: str, channel: str | None = None, url: str | None = None) -> bool:
    """Create the jobseeker row if missing; True when this sender is new to us."""
    with session_scope(url) as session:
        if session.get(Jobseeker, sender_id) is not None:
            return False
        session.add(Jobseeker(sender_id=sender_id, channel=channel))
        return True


def privacy_notice_due(sender_id: str, url: str | None = None) -> bool:
    """True until the notice about what we store has been shown once to this sender."""
    with session_scope(url) as session:
        jobseeker = session.get(Jobseeker, sender_id)
        return jobseeker is None or jobseeker.privacy_notice_shown_at is None


def _jobseeker(session, sender_id: str) -> Jobseeker:
    """The sender's row, made (and flushed, so rows that refer to it may follow) if it is new."""
    jobseeker = session.get(Jobseeker, sender_id)
    if jobseeker is None:
        jobseeker = Jobseeker(sender_id=sender_id)
        session.add(jobseeker)
        session.flush()
    return jobseeker


def mark_privacy_notice_shown(sender_id: str, at: datetime, url: str | None = None) -> None:
    with session_scope(url) as session:
        _jobseeker(session, sender_id).privacy_notice_shown_at = to_utc(at)


def set_reminders(sender_id: str, weekday: int, url: str | None = None) -> None:
    """Record that the jobseeker wants a weekly check-in (one reminder row per sender).

    Saying yes to one is also saying yes to the coach's other check-ins again, after an earlier stop."""
    with session_scope(url) as session:
        jobseeker = _jobseeker(session, sender_id)
        jobseeker.reminders_opt_in = True
        jobseeker.check_ins_stopped = False
        session.execute(delete(Reminder).where(Reminder.sender_id == sender_id))
        session.add(Reminder(sender_id=sender_id, weekday=weekday))


def stop_reminders(sender_id: str, url: str | None = None) -> None:
    """"Sluta påminna mig": no weekly check-in, no follow-up, no report reminder; what was planned goes."""
    with session_scope(url) as session:
        jobseeker = _jobseeker(session, sender_id)
        jobseeker.reminders_opt_in = False
        jobseeker.check_ins_stopped = True
        session.execute(delete(Reminder).where(Reminder.sender_id == sender_id))
    check_ins.cancel(sender_id, url=url)


def check_ins_allowed(sender_id: str, url: str | None = None) -> bool:
    """False once the jobseeker said stop (until they accept a reminder again) or was erased."""
    with session_scope(url) as session:
        jobseeker = session.get(Jobseeker, sender_id)
        return jobseeker is not None and not jobseeker.check_ins_stopped


def reminders_on(sender_id: str, url: str | None = None) -> bool:
    with session_scope(url) as session:
        jobseeker = session.get(Jobseeker, sender_id)
        return bool(jobseeker and jobseeker.reminders_opt_in)


def set_language(sender_id: str, code: str, url: str | None = None) -> None:
    """Remember the language this jobseeker talks in, for the next conversation and the console."""
    ensure_jobseeker(sender_id, url=url)
    with session_scope(url) as session:
        session.get(Jobseeker, sender_id).language = code


def get_language(sender_id: str, url: str | None = None) -> str | None:
    """The stored language of this jobseeker, or None when none was ever detected or chosen."""
    with session_scope(url) as session:
        jobseeker = session.get(Jobseeker, sender_id)
        return jobseeker.language if jobseeker else None


def delete_everything(sender_id: str, url: str | None = None) -> int:
    """Delete every row of this sender in every per-user table; returns how many rows went."""
    removed = 0
    with session_scope(url) as session:
        # Children first: reminders reference the jobseeker row.
        for table in PER_USER_TABLES:
            result = session.execute(delete(table).where(table.sender_id == sender_id))
            removed += result.rowcount or 0
    return removed


def _row(obj: Any, skip: tuple[str, ...] = ("id", "sender_id")) -> dict[str, Any]:
    out = {}
    for column in obj.__table__.columns:
        if column.name in skip:
            continue
        value = getattr(obj, column.name)
        out[column.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def export_everything(sender_id: str, url: str | None = None) -> dict[str, Any]:
    """Everything stored about this sender, as plain JSON-ready data ("ta med din profil")."""
    with session_scope(url) as session:
        def rows(model, order):
            return [_row(r) for r in session.scalars(select(model).where(model.sender_id == sender_id).order_by(order))]

        profile = session.get(Profile, sender_id)
        jobseeker = session.get(Jobseeker, sender_id)
        return {
            "format": "jobbcoach-export/1",
            "jobseeker": _row(jobseeker, skip=("sender_id",)) if jobseeker else None,
            "profile": _row(profile, skip=("sender_id",)) if profile else None,
            "weekly_goals": rows(WeeklyGoal, WeeklyGoal.week_start),
            "progress": rows(ProgressEntry, ProgressEntry.created_at),
            "saved_jobs": rows(SavedJob, SavedJob.saved_at),
            "sick_reports": rows(SickReport, SickReport.created_at),
            "handoff_requests": rows(HandoffRequest, HandoffRequest.created_at),
            "job_alerts": rows(JobAlert, JobAlert.created_at),
            "activities": rows(Activity, Activity.day),
            "activity_reports": rows(ActivityReport, ActivityReport.month),
            "check_ins": rows(CheckIn, CheckIn.due_at),
            "searches_counted": rows(SupplySignal, SupplySignal.at),
        }
