"""Sessions on the per-user store, which also holds the console's tables (web/console/models.py).

The schema, the console's tables included, is made by the migrations (`python -m migrations`),
never by this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from store.db import session_scope


@contextmanager
def console_db(url: str | None = None) -> Iterator[Session]:
    """A transaction on the per-user store (store tables and console tables)."""
    with session_scope(url) as session:
        yield session
