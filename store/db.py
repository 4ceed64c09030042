"""Engine and sessions for the per-user store, configured by one URL that its caller hands in.

store/ imports nothing of ours: the web app and the action server call `configure()` at start-up
with a function that returns the settings' JOBBCOACH_DB_URL (jobbcoach_settings.wiring). The schema
is Alembic's (store/migrations): an engine never creates tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

DEFAULT_URL = f"sqlite:///{Path(__file__).resolve().parents[1] / 'var' / 'jobbcoach.db'}"


class Base(DeclarativeBase):
    """Declarative base of every table the project owns (the console's tables included)."""


_url_provider: Callable[[], str] = lambda: DEFAULT_URL  # noqa: E731 - replaced by configure()


def configure(url: Callable[[], str] | str) -> None:
    """Where the store lives: a URL, or a function asked at each session (followed when it changes)."""
    global _url_provider
    _url_provider = url if callable(url) else (lambda: url)


def database_url() -> str:
    return _url_provider()


def _make_sqlite_durable_and_concurrent(dbapi_connection, _record) -> None:
    """WAL lets the console read while the action server writes; foreign keys are off by default."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def new_engine(url: str, prepare_sqlite: Callable[[Any, Any], None]) -> Engine:
    """An engine for SQLite (shared across threads, `prepare_sqlite` run on each new connection) or
    a server database (PostgreSQL)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", prepare_sqlite)
        return engine
    # pool_pre_ping: a restarted database server costs one reconnect, not a failed request.
    return create_engine(url, pool_pre_ping=True)


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One engine per URL. The tables come from `python -m migrations` (Alembic), not from here."""
    return new_engine(url, _make_sqlite_durable_and_concurrent)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A transaction: committed when the block ends, rolled back on any error."""
    factory = sessionmaker(engine_for(url or database_url()), expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
