"""The one owner of a jobseeker's data as a whole: forget, export and expire.

The bot ("radera mina uppgifter", "ta med din profil"), the caseworker console (erasure, export)
and the retention job all call these, so each reaches the same places: every per-user table, the
console's notes and tags, and the chat history in Rasa's tracker store (store.tracker_events says
why that part goes through the Rasa server and its conversation lock).
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, delete, select

from store import handoffs, tracker_events
from store.db import session_scope
from store.jobseekers import export_everything
from store.models import (
    ALL_SENDER_TABLES,
    Activity,
    ActivityReport,
    HandoffRequest,
    JobAlert,
    Jobseeker,
    Note,
    Profile,
    ProgressEntry,
    Reminder,
    SavedJob,
    SickReport,
    SupplySignal,
    Tag,
    WeeklyGoal,
)

logger = logging.getLogger(__name__)

# The newest moment each table says something happened for a sender (what "inactive" means).
ACTIVITY_COLUMNS = (
    (Jobseeker, (Jobseeker.first_seen, Jobseeker.privacy_notice_shown_at)),
    (WeeklyGoal, (WeeklyGoal.created_at,)),
    (ProgressEntry, (ProgressEntry.created_at,)),
    (SavedJob, (SavedJob.saved_at,)),
    (Profile, (Profile.updated_at,)),
    (SickReport, (SickReport.created_at, SickReport.acknowledged_at)),
    (HandoffRequest, (HandoffRequest.created_at, HandoffRequest.taken_at, HandoffRequest.closed_at)),
    (Reminder, (Reminder.created_at,)),
    (JobAlert, (JobAlert.created_at, JobAlert.last_digest_at)),
    (Activity, (Activity.created_at,)),
    (ActivityReport, (ActivityReport.drafted_at, ActivityReport.confirmed_at)),
    (SupplySignal, (SupplySignal.at,)),
    (Note, (Note.created_at,)),
    (Tag, (Tag.created_at,)),
)


def _delete_rows(sender_id: str, url: str | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    with session_scope(url) as session:
        for model in ALL_SENDER_TABLES:  # reminders before the jobseeker row they reference
            counts[model.__tablename__] = session.execute(
                delete(model).where(model.sender_id == sender_id)).rowcount or 0
    return counts


def _forget_after_turn(sender_id: str, url: str | None, tracker_url: str | None) -> None:
    """Wait (in Rasa) for the turn in flight, erase the history, then sweep the store again: an
    action of a message queued behind the erasure may have written a row in the meantime."""
    try:
        tracker_events.forget(sender_id, tracker_url, rasa_may_be_down=False)
        _delete_rows(sender_id, url)
    except Exception:  # noqa: BLE001 - logged; the retention job is the last line
        logger.exception("Could not erase the chat history of a jobseeker who asked for it")


def forget(sender_id: str, during_turn: bool = False, url: str | None = None,
           tracker_url: str | None = None) -> dict[str, int]:
    """Erase everything about one jobseeker; rows deleted per table ("events": the chat history).

    Normally the history is erased first (Rasa waits for a turn in flight), then the store rows.
    `during_turn` is for a custom action of that very conversation: its own turn holds the lock,
    so the store rows go now and the history goes in the background as soon as the turn is saved.
    Raises tracker_events.TrackerErasureFailed when Rasa refuses; nothing is then reported gone.
    """
    if during_turn:
        counts = _delete_rows(sender_id, url)
        worker = threading.Thread(target=_forget_after_turn, args=(sender_id, url, tracker_url),
                                  name="forget-after-turn", daemon=True)
        worker.start()
        return counts
    events = tracker_events.forget(sender_id, tracker_url)
    counts = _delete_rows(sender_id, url)
    counts["events"] = events
    return counts


def export(sender_id: str, url: str | None = None, tracker_url: str | None = None) -> dict[str, Any]:
    """Everything stored about one jobseeker, as JSON-ready data: the same reach as `forget`."""
    document = export_everything(sender_id, url)
    with session_scope(url) as session:
        document["notes"] = [
            {"author": n.author, "text": n.text, "created_at": n.created_at.isoformat()}
            for n in session.scalars(select(Note).where(Note.sender_id == sender_id).order_by(Note.id))]
        document["tags"] = [
            t.tag for t in session.scalars(select(Tag).where(Tag.sender_id == sender_id).order_by(Tag.tag))]
    document["chat_events"] = tracker_events.sender_events(sender_id, tracker_url)
    return document


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _latest_activity(session, now: datetime) -> dict[str, datetime]:
    latest: dict[str, datetime] = {}
    for model, columns in ACTIVITY_COLUMNS:
        for row in session.execute(select(model.sender_id, *columns)):
            stamps = [_aware(v) for v in row[1:] if isinstance(v, datetime)]
            newest = max(stamps) if stamps else now  # no timestamp: keep until proven old
            latest[row[0]] = max(latest.get(row[0], newest), newest)
    return latest


def expire(older_than: datetime, url: str | None = None, tracker_url: str | None = None) -> dict[str, int]:
    """The retention rules (docs/console.md) for everything older than `older_than`:

    1. chat events older than it are deleted, for everyone;
    2. a jobseeker with no chat events left and nothing newer in any table is forgotten completely;
    3. closed handoff requests and acknowledged sick reports older than it go even for active
       jobseekers; open ones stay until a caseworker has handled them.
    Returns rows deleted per table, plus "forgotten_jobseekers".
    """
    cutoff = _aware(older_than)
    counts: dict[str, int] = defaultdict(int)
    counts["events"] = tracker_events.expire(cutoff, tracker_url)
    still_talking = tracker_events.senders(tracker_url)
    with session_scope(url) as session:
        latest = _latest_activity(session, datetime.now(UTC))
        forgotten = [s for s, newest in latest.items() if newest < cutoff and s not in still_talking]
        for sender in forgotten:
            for model in ALL_SENDER_TABLES:
                counts[model.__tablename__] += session.execute(
                    delete(model).where(model.sender_id == sender)).rowcount or 0
        counts["handoff_requests"] += session.execute(delete(HandoffRequest).where(
            HandoffRequest.status.in_(handoffs.FINISHED), HandoffRequest.closed_at < cutoff)).rowcount or 0
        counts["sick_reports"] += session.execute(delete(SickReport).where(and_(
            SickReport.acknowledged_at.is_not(None), SickReport.created_at < cutoff))).rowcount or 0
    counts["forgotten_jobseekers"] = len(forgotten)
    return dict(counts)
