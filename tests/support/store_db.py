"""Per-user stores for tests, at the schema the migrations make (the same `upgrade head` the run
command runs), without paying for a migration run in every test: a migrated template file is made
once per test process and copied."""

from __future__ import annotations

import shutil
import tempfile
from functools import cache
from pathlib import Path

from migrations import upgrade
from store.db import engine_for


@cache
def _template() -> Path:
    path = Path(tempfile.mkdtemp(prefix="jobbcoach-store-template-")) / "store.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine_for(url).dispose()  # closing the last connection folds the WAL into the file we copy
    return path


def fresh_store_url(directory: Path, name: str = "store.db") -> str:
    """A new SQLite store at head in `directory`; its URL."""
    target = directory / name
    shutil.copyfile(_template(), target)
    return f"sqlite:///{target}"

