"""Sessions on the per-user store with the console's tables guaranteed to exist.

`store.db.engine_for` creates tables once per URL when it first builds the engine; if something
built that engine before this package was imported, the console's tables would be missing, so
they are created here explicitly (idempotent, once per URL per process).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from store.db import Base, database_url, engine_for, session_scope
from web.console import models

_prepared: set[str] = set()


def ensure_tables(url: str | None = None) -> str:
    url = url or database_url()
    if url not in _prepared:
        engine = engine_for(url)
        Base.metadata.create_all(engine, tables=[m.__table__ for m in models.CONSOLE_TABLES])
        _prepared.add(url)
    return url


@contextmanager
def console_db(url: str | None = None) -> Iterator[Session]:
    """A transaction on the per-user store (store tables and console tables)."""
    with session_scope(ensure_tables(url)) as session:
        yield session
