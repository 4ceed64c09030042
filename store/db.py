"""Engine and sessions for the per-user store, configured by one URL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from store.files import private_dir, private_sqlite_files

REPO = Path(__file__).resolve().parents[1]


class Base(DeclarativeBase):
    """Declarative base of every table the project owns (the console's tables included)."""


def database_url() -> str:
    """JOBBCOACH_DB_URL, else a SQLite file under JOBBCOACH_VAR (var/ in the checkout)."""
    if url := os.environ.get("JOBBCOACH_DB_URL"):
        return url
    var = private_dir(Path(os.environ.get("JOBBCOACH_VAR", REPO / "var")))
    return f"sqlite:///{var / 'jobbcoach.db'}"


def _make_sqlite_durable_and_concurrent(dbapi_connection, _record) -> None:
    """WAL lets the console read while the action server writes; foreign keys are off by default."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One engine per URL; tables are created on first use so a new install needs no migration step."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _make_sqlite_durable_and_concurrent)
    else:
        # pool_pre_ping: a restarted database server costs one reconnect, not a failed request.
        engine = create_engine(url, pool_pre_ping=True)
    from store import models  # noqa: F401  (registers the tables on Base)

    Base.metadata.create_all(engine)
    private_sqlite_files(url)
    return engine


def get_engine() -> Engine:
    return engine_for(database_url())


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
