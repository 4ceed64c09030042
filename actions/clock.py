"""The one clock the actions read, so tests can pin "now" with JOBBCOACH_NOW.

Goals are counted per calendar week and sick reports speak of "idag" and "imorgon": all of that must
be reproducible in tests, and correct (Swedish local time) in production.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

SWEDEN = ZoneInfo("Europe/Stockholm")


def now() -> datetime:
    """JOBBCOACH_NOW if set (naive ISO is read as Swedish time), else the real time in Sweden."""
    pinned = os.environ.get("JOBBCOACH_NOW")
    if pinned:
        try:
            value = datetime.fromisoformat(pinned)
        except ValueError:
            value = None
        if value is not None:
            return value if value.tzinfo else value.replace(tzinfo=SWEDEN)
    return datetime.now(SWEDEN)


def today() -> date:
    return now().date()


def week_start(day: date | None = None) -> date:
    """The Monday of the week that `day` (default today) falls in: goals are weekly."""
    day = day or today()
    return day - timedelta(days=day.weekday())
