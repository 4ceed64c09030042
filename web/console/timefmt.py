"""Times as caseworkers read them: Swedish local time, whatever zone the server runs in."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Stockholm")


def from_timestamp(ts: float | None) -> datetime | None:
    return datetime.fromtimestamp(ts, LOCAL) if ts is not None else None


def local(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    if dt.tzinfo is None:  # SQLite hands back naive datetimes; the store writes UTC
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(LOCAL)


def fmt(value: datetime | float | None) -> str:
    if value is None:
        return ""
    dt = from_timestamp(value) if isinstance(value, int | float) else local(value)
    return dt.strftime("%Y-%m-%d %H:%M")


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, LOCAL)


def day_end(day: date) -> datetime:
    """The start of the next day: filters treat the `to` date as inclusive."""
    return day_start(day + timedelta(days=1))


def parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
