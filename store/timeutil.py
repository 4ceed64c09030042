"""Times go into the store as UTC: SQLite drops the zone, so anything else would drift by an hour."""

from __future__ import annotations

from datetime import UTC, datetime


def to_utc(at: datetime) -> datetime:
    return at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)


def from_store(value: datetime) -> datetime:
    """A datetime read back: SQLite gives it naive (it was UTC), PostgreSQL aware."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
