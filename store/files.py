"""Run-time data is private to the service's user: var/ 0700, database files 0600.

The run command sets umask 077, but the store's files are also created by whatever process touches
them first (a test, a console CLI, the action server started by hand), so the store makes them
private itself instead of trusting the caller's umask.
"""

from __future__ import annotations

import os
from pathlib import Path

SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def private_sqlite_files(url: str) -> None:
    """chmod 0600 a SQLite database and the journal files beside it (no-op for other databases)."""
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        return
    database = url.removeprefix("sqlite:///")
    for suffix in SQLITE_COMPANIONS:
        try:
            os.chmod(database + suffix, 0o600)
        except FileNotFoundError:
            continue
