"""The console's own tables, on the project's `store.db.Base` so they live in the per-user store.

Kept apart from `store/models.py` (the jobseekers' data) because these describe the caseworkers and
what they did. All names start with `console_` so they are easy to tell apart in the database.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from store.db import Base
from store.models import Note, Tag  # jobseeker data: owned (and erased) by store

ROLES = ("admin", "caseworker")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Caseworker(Base):
    """A console account. Only argon2 hashes are stored; `active=False` keeps the audit trail's name."""

    __tablename__ = "console_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="caseworker")  # admin | caseworker
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # the team the caseworker works in (e.g. "arabiska", "ungdom"); handoffs carry the same word
    team: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ConsoleSession(Base):
    """A server-side login session. The cookie holds a random token; only its SHA-256 is stored, so
    a copy of the database does not log anyone in, and a session can be revoked by deleting its row."""

    __tablename__ = "console_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("console_users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginAttempt(Base):
    """Every login attempt, for rate limiting by address and lock-out by user name.

    Kept in the database rather than in memory so several web workers share one count and a restart
    does not reset a lock-out."""

    __tablename__ = "console_login_attempts"
    __table_args__ = (
        Index("ix_console_login_attempts_username_at", "username", "at"),
        Index("ix_console_login_attempts_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    success: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEntry(Base):
    """Who did what to which jobseeker's data, and when. Never holds message text or passwords."""

    __tablename__ = "console_audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))  # user name, or "system" for the retention job
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str | None] = mapped_column(String(255))  # usually a sender id
    detail: Mapped[str | None] = mapped_column(Text)
    ip: Mapped[str | None] = mapped_column(String(64))


CONSOLE_TABLES = (Caseworker, ConsoleSession, LoginAttempt, Note, Tag, AuditEntry)
PER_SENDER_CONSOLE_TABLES = (Note, Tag)
