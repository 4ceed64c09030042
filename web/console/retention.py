"""The retention job: nothing about a jobseeker is kept longer than N days without activity.

Rules (documented in docs/console.md):
1. Tracker events older than N days are deleted, for everyone (old parts of long conversations too).
2. A jobseeker with no tracker events left and nothing in the per-user store newer than N days is
   forgotten completely: every per-user table and the console's notes and tags on them.
3. Closed handoff requests and acknowledged sick reports older than N days are deleted even for
   jobseekers who are still active; open ones stay until a caseworker has handled them.
The audit log is kept (it holds pseudonymous ids and actions, no message text); each run adds one
entry saying what it removed.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from store import privacy
from web.console import audit
from web.console.config import settings
from web.console.db import console_db

log = logging.getLogger(__name__)


def run(days: int, now: datetime | None = None, actor: str = "system") -> dict[str, int]:
    """Apply the retention rules (store.privacy.expire) for `days`; rows removed per table."""
    if days < 1:
        raise ValueError("retention needs at least 1 day")
    now = now or datetime.now(UTC)
    counts = privacy.expire(now - timedelta(days=days), tracker_url=settings().tracker_db_url)
    summary = ", ".join(f"{table}={n}" for table, n in sorted(counts.items()) if n)
    with console_db() as session:
        audit.record(session, actor, "retention", detail=f"days={days}; {summary or 'inget att radera'}")
    return counts


async def _periodic(days: int, interval_hours: float) -> None:
    while True:
        try:
            counts = await asyncio.to_thread(run, days)
            log.info("retention: %s", counts)
        except Exception:  # noqa: BLE001 - a failed run is logged and retried next interval
            log.exception("retention run failed")
        await asyncio.sleep(max(interval_hours, 0.01) * 3600)


@asynccontextmanager
async def lifespan(_app):
    """Runs the retention job inside the web app when JOBBCOACH_RETENTION_DAYS is set."""
    cfg = settings()
    task = None
    if cfg.retention_days:
        task = asyncio.create_task(_periodic(cfg.retention_days, cfg.retention_interval_hours))
    try:
        yield
    finally:
        if task:
            task.cancel()
