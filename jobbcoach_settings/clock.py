"""The one clock: what "now" is for goals, sick reports, reminders and the matching's "open ads".

Swedish local time, because weeks, "idag" and "imorgon" are Swedish; JOBBCOACH_NOW pins it (read
and validated by the settings object, so a bad value stops the process at start-up).
jobmatch receives this function through its MatchConfig (it imports nothing of ours).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from jobbcoach_settings import SWEDEN, get_settings


def now() -> datetime:
    """JOBBCOACH_NOW if set, else the real time; always aware, in Europe/Stockholm."""
    pinned = get_settings().now
    return pinned.astimezone(SWEDEN) if pinned else datetime.now(SWEDEN)


def today() -> date:
    return now().date()


def week_start(day: date | None = None) -> date:
    """The Monday of the week that `day` (default today) falls in: goals are weekly."""
    day = day or today()
    return day - timedelta(days=day.weekday())
