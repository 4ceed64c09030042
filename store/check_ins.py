"""The coach's schedule: messages due later (weekly check-in, follow-ups, the activity report).

A row per message, so the schedule survives a restart of every process and leaves with the
jobseeker's other data. Whoever delivers (web.check_ins) claims due rows by setting `fired_at` in
one UPDATE per row, so two workers never send the same check-in. Quiet hours are applied when a
message is scheduled: nobody gets a nudge between 21 and 08 Swedish time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update

from store.db import session_scope
from store.models import CheckIn
from store.timeutil import from_store, to_utc

SWEDEN = ZoneInfo("Europe/Stockholm")
QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)
MAX_ATTEMPTS = 5  # a check-in Rasa refused this often is given up (logged by the deliverer)


@dataclass(frozen=True)
class DueCheckIn:
    id: int
    sender_id: str
    kind: str
    channel: str
    due_at: datetime


def outside_quiet_hours(at: datetime) -> datetime:
    """`at`, or 08:00 the next morning (Swedish time) when it falls between 21 and 08."""
    local = at.astimezone(SWEDEN)
    if local.time() >= QUIET_FROM:
        local = datetime.combine(local.date() + timedelta(days=1), QUIET_UNTIL, SWEDEN)
    elif local.time() < QUIET_UNTIL:
        local = datetime.combine(local.date(), QUIET_UNTIL, SWEDEN)
    return local


def schedule(sender_id: str, kind: str, due_at: datetime, channel: str = "web",
             replace: bool = True, url: str | None = None) -> datetime:
    """Plan a check-in of this kind; returns when it will be sent (moved out of quiet hours).

    With `replace`, an earlier unsent check-in of the same kind goes: there is one weekly check-in
    per jobseeker, not one per time they said yes.
    """
    when = outside_quiet_hours(due_at)
    with session_scope(url) as session:
        if replace:
            session.execute(delete(CheckIn).where(CheckIn.sender_id == sender_id, CheckIn.kind == kind,
                                                  CheckIn.fired_at.is_(None)))
        session.add(CheckIn(sender_id=sender_id, kind=kind, channel=channel, due_at=to_utc(when)))
    return when


def cancel(sender_id: str, kinds: Iterable[str] | None = None, url: str | None = None) -> int:
    """"Sluta påminna mig": unsent check-ins go (all, or of these kinds); how many went."""
    with session_scope(url) as session:
        query = delete(CheckIn).where(CheckIn.sender_id == sender_id, CheckIn.fired_at.is_(None))
        if kinds is not None:
            query = query.where(CheckIn.kind.in_(list(kinds)))
        return session.execute(query).rowcount or 0


def pending(sender_id: str, url: str | None = None) -> list[DueCheckIn]:
    """This jobseeker's unsent check-ins, soonest first (the console and "vilka påminnelser har jag")."""
    with session_scope(url) as session:
        rows = session.scalars(select(CheckIn).where(CheckIn.sender_id == sender_id, CheckIn.fired_at.is_(None))
                               .order_by(CheckIn.due_at))
        return [_due(row) for row in rows]


def claim_due(now: datetime, limit: int = 100, url: str | None = None) -> list[DueCheckIn]:
    """The check-ins due at `now`, each claimed for this caller (fired_at set) so no other sends it."""
    claimed: list[DueCheckIn] = []
    with session_scope(url) as session:
        rows = session.scalars(select(CheckIn).where(CheckIn.fired_at.is_(None), CheckIn.due_at <= to_utc(now))
                               .order_by(CheckIn.due_at).limit(limit)).all()
        for row in rows:
            won = session.execute(update(CheckIn).where(CheckIn.id == row.id, CheckIn.fired_at.is_(None))
                                  .values(fired_at=to_utc(now), attempts=CheckIn.attempts + 1)).rowcount
            if won:
                claimed.append(_due(row))
    return claimed


def release(check_in_id: int, url: str | None = None) -> bool:
    """A claimed check-in that could not be delivered goes back to the schedule (until MAX_ATTEMPTS).

    Returns False when it was given up."""
    with session_scope(url) as session:
        row = session.get(CheckIn, check_in_id)
        if row is None or row.attempts >= MAX_ATTEMPTS:
            return False
        row.fired_at = None
        return True


def postpone(check_in_id: int, until: datetime, url: str | None = None) -> None:
    """A claimed check-in that should not interrupt right now goes back, due `until` (no attempt counted)."""
    with session_scope(url) as session:
        row = session.get(CheckIn, check_in_id)
        if row is not None:
            row.fired_at = None
            row.due_at = to_utc(outside_quiet_hours(until))
            row.attempts = max(0, row.attempts - 1)


def _due(row: CheckIn) -> DueCheckIn:
    return DueCheckIn(row.id, row.sender_id, row.kind, row.channel, from_store(row.due_at))
