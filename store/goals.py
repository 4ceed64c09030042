"""Weekly goals and reported progress: the numbers a check-in talks about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from store.db import session_scope
from store.models import ProgressEntry, WeeklyGoal
from store.timeutil import from_store, to_utc


@dataclass(frozen=True)
class GoalStatus:
    """A goal and how far the jobseeker came in its week."""

    week_start: date
    target: int
    applications: int

    @property
    def reached(self) -> bool:
        return self.applications >= self.target


def set_weekly_goal(sender_id: str, week_start: date, target: int, at: datetime, url: str | None = None) -> None:
    """Set (or replace) the number of applications for the week starting `week_start`."""
    with session_scope(url) as session:
        goal = session.scalar(select(WeeklyGoal).where(WeeklyGoal.sender_id == sender_id,
                                                       WeeklyGoal.week_start == week_start))
        if goal is None:
            session.add(WeeklyGoal(sender_id=sender_id, week_start=week_start, applications_target=target,
                                   created_at=to_utc(at)))
        else:
            goal.applications_target = target
            goal.created_at = to_utc(at)


def add_progress(sender_id: str, kind: str, count: int, at: datetime, note: str | None = None,
                 url: str | None = None) -> None:
    with session_scope(url) as session:
        session.add(ProgressEntry(sender_id=sender_id, kind=kind, count=count, note=note, created_at=to_utc(at)))


def _week_bounds(week_start: date, tz) -> tuple[datetime, datetime]:
    start = datetime(week_start.year, week_start.month, week_start.day, tzinfo=tz)
    return start, start + timedelta(days=7)


def progress_in_week(sender_id: str, week_start: date, tz, kind: str = "application",
                     url: str | None = None) -> int:
    """How many `kind` the jobseeker reported in that week (local week, Monday to Sunday)."""
    start, end = _week_bounds(week_start, tz)
    with session_scope(url) as session:
        entries = session.scalars(select(ProgressEntry).where(ProgressEntry.sender_id == sender_id,
                                                              ProgressEntry.kind == kind))
        total = 0
        for entry in entries:
            created = from_store(entry.created_at)
            if start <= created < end:
                total += entry.count
        return total


def goal_for_week(sender_id: str, week_start: date, tz, url: str | None = None) -> GoalStatus | None:
    with session_scope(url) as session:
        goal = session.scalar(select(WeeklyGoal).where(WeeklyGoal.sender_id == sender_id,
                                                       WeeklyGoal.week_start == week_start))
        if goal is None:
            return None
        target = goal.applications_target
    return GoalStatus(week_start, target, progress_in_week(sender_id, week_start, tz, url=url))


def latest_goal_since(sender_id: str, earliest_week: date, tz, url: str | None = None) -> GoalStatus | None:
    """The newest goal whose week starts on or after `earliest_week` (this week or last, for check-ins)."""
    with session_scope(url) as session:
        week = session.scalar(select(func.max(WeeklyGoal.week_start)).where(
            WeeklyGoal.sender_id == sender_id, WeeklyGoal.week_start >= earliest_week))
    return goal_for_week(sender_id, week, tz, url=url) if week else None
