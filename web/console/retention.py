"""The retention job: nothing about a jobseeker is kept longer than N days without activity.

Rules (documented in docs/console.md):
1. Tracker events older than N days are deleted, for everyone (old parts of long conversations too).
2. A jobseeker with no tracker events left and nothing in the per-user store newer than N days is
   forgotten completely: every per-user table and the console's notes and tags on them.
3. Closed handoff requests and acknowledged sick reports older than N days are deleted even for
   jobseekers who are still active; open ones stay until a caseworker has handled them.
The audit log is kept (it holds pseudonymous ids and actions, no message text); each run adds one
entry saying what it removed.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, delete, select

from store.models import (
    PER_USER_TABLES,
    HandoffRequest,
    Jobseeker,
    Profile,
    ProgressEntry,
    Reminder,
    SavedJob,
    SickReport,
    WeeklyGoal,
)
from web.console import audit, tracker_reader
from web.console.config import settings
from web.console.db import console_db
from web.console.models import PER_SENDER_CONSOLE_TABLES, Note, Tag

log = logging.getLogger(__name__)

# The newest moment each per-user table says something happened for a sender.
ACTIVITY_COLUMNS = (
    (Jobseeker, (Jobseeker.first_seen, Jobseeker.privacy_notice_shown_at)),
    (WeeklyGoal, (WeeklyGoal.created_at,)),
    (ProgressEntry, (ProgressEntry.created_at,)),
    (SavedJob, (SavedJob.saved_at,)),
    (Profile, (Profile.updated_at,)),
    (SickReport, (SickReport.created_at, SickReport.acknowledged_at)),
    (HandoffRequest, (HandoffRequest.created_at, HandoffRequest.taken_at, HandoffRequest.closed_at)),
    (Reminder, (Reminder.created_at,)),
    (Note, (Note.created_at,)),
    (Tag, (Tag.created_at,)),
)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def run(days: int, now: datetime | None = None, actor: str = "system") -> dict[str, int]:
    """Apply the retention rules for `days` and return how many rows went, per table."""
    if days < 1:
        raise ValueError("retention needs at least 1 day")
    now = now or datetime.now(UTC)
    cutoff = now - timedelta(days=days)
    counts: dict[str, int] = defaultdict(int)
    counts["events"] = tracker_reader.delete_before(cutoff)
    still_in_tracker = tracker_reader.senders()
    with console_db() as session:
        latest: dict[str, datetime] = {}
        for model, columns in ACTIVITY_COLUMNS:
            for row in session.execute(select(model.sender_id, *columns)):
                stamps = [_aware(v) for v in row[1:] if isinstance(v, datetime)]
                if stamps:
                    newest = max(stamps)
                    latest[row[0]] = max(latest.get(row[0], newest), newest)
                else:
                    latest.setdefault(row[0], now)  # no timestamp: keep until proven old
        forgotten = [
            sender for sender, newest in latest.items() if newest < cutoff and sender not in still_in_tracker
        ]
        for sender in forgotten:
            for model in (*PER_USER_TABLES, *PER_SENDER_CONSOLE_TABLES):
                counts[model.__tablename__] += (
                    session.execute(delete(model).where(model.sender_id == sender)).rowcount or 0
                )
        counts["handoff_requests"] += (
            session.execute(
                delete(HandoffRequest).where(
                    HandoffRequest.status == "closed", HandoffRequest.closed_at < cutoff
                )
            ).rowcount
            or 0
        )
        counts["sick_reports"] += (
            session.execute(
                delete(SickReport).where(
                    and_(SickReport.acknowledged_at.is_not(None), SickReport.created_at < cutoff)
                )
            ).rowcount
            or 0
        )
        counts["forgotten_jobseekers"] = len(forgotten)
        summary = ", ".join(f"{table}={n}" for table, n in sorted(counts.items()) if n)
        audit.record(session, actor, "retention", detail=f"days={days}; {summary or 'inget att radera'}")
    return dict(counts)


async def _periodic(days: int, interval_hours: float) -> None:
    while True:
        try:
            counts = await asyncio.to_thread(run, days)
            log.info("retention: %s", counts)
        except Exception:  # noqa: BLE001 - a failed run is logged and retried next interval
            log.exception("retention run failed")
        await asyncio.sleep(max(interval_hours, 0.01) * 3600)


@asynccontextmanager
async def lifespan(_app):
    """Runs the retention job inside the web app when JOBBCOACH_RETENTION_DAYS is set."""
    cfg = settings()
    task = None
    if cfg.retention_days:
        task = asyncio.create_task(_periodic(cfg.retention_days, cfg.retention_interval_hours))
    try:
        yield
    finally:
        if task:
            task.cancel()
