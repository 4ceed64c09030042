"""When a handoff is due: the service level the bot promises ("en handläggare svarar inom en arbetsdag").

An ordinary request is due after JOBBCOACH_HANDOFF_SLA_HOURS of working time: Monday to Friday
within JOBBCOACH_HANDOFF_WORKING_HOURS (Swedish time), Swedish public holidays and the days
Swedish offices close on (midsummer eve, Christmas eve, New Year's eve) off. With the defaults, 8
hours in an 08:00-16:00 day, a request on Tuesday at 10:00 is due Wednesday at 10:00 and one on
Friday evening is due Monday at 16:00: exactly "one working day". An urgent request (the safety net's,
after a crisis message) is due JOBBCOACH_HANDOFF_URGENT_SLA_MINUTES later by the clock, nights and
weekends included, because the person may be in danger now.

The deadline is computed when shown, from the request's creation time and the settings in force,
so it needs no column and a changed service level applies to every open case at once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from web.console.config import ConsoleSettings, settings
from web.console.timefmt import LOCAL, local


def easter_sunday(year: int) -> date:
    """The Gregorian Easter (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=32)
def days_off(year: int) -> frozenset[date]:
    """Weekdays no Swedish office works: public holidays and the three eves treated as such."""
    easter = easter_sunday(year)
    midsummer_eve = next(date(year, 6, d) for d in range(19, 26) if date(year, 6, d).weekday() == 4)
    return frozenset({
        date(year, 1, 1), date(year, 1, 6),                      # nyårsdagen, trettondedag jul
        easter - timedelta(days=2), easter + timedelta(days=1),  # långfredagen, annandag påsk
        date(year, 5, 1), easter + timedelta(days=39),           # första maj, Kristi himmelsfärd
        date(year, 6, 6), midsummer_eve,                         # nationaldagen, midsommarafton
        date(year, 12, 24), date(year, 12, 25), date(year, 12, 26), date(year, 12, 31),
    })


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in days_off(day.year)


def working_day(cfg: ConsoleSettings) -> tuple[time, time]:
    start, end = cfg.handoff_working_hours.split("-")
    return time.fromisoformat(start), time.fromisoformat(end)


def add_working_time(start: datetime, hours: float, day: tuple[time, time]) -> datetime:
    """`start` plus `hours` of working time (Swedish local working days, `day` = opening hours)."""
    cursor, left = local(start), timedelta(hours=hours)
    opens, closes = day
    for _ in range(3700):  # ten years of days: an impossible setting ends here instead of looping
        today = cursor.date()
        day_start, day_end = (datetime.combine(today, t, LOCAL) for t in (opens, closes))
        if is_working_day(today) and cursor < day_end:
            cursor = max(cursor, day_start)
            if cursor + left <= day_end:
                return cursor + left
            left -= day_end - cursor
        cursor = datetime.combine(today + timedelta(days=1), time.min, LOCAL)
    raise ValueError("the service level never ends within ten years")


def due_at(created_at: datetime, urgent: bool, cfg: ConsoleSettings | None = None) -> datetime:
    """The deadline of a request made at `created_at` (Swedish local time)."""
    cfg = cfg or settings()
    if urgent:
        return local(created_at) + timedelta(minutes=cfg.handoff_urgent_sla_minutes)
    return add_working_time(created_at, cfg.handoff_sla_hours, working_day(cfg))


def now() -> datetime:
    """Real time, like the console's other clocks: a pinned demo clock must not hide an overdue case."""
    return datetime.now(UTC)


def describe(due: datetime, at: datetime) -> str:
    """"om 3 h 20 min" or "förfallen sedan 12 min", as the inbox's timer reads."""
    seconds = int((local(due) - local(at)).total_seconds())
    minutes = abs(seconds) // 60
    amount = f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
    if minutes >= 24 * 60:
        amount = f"{minutes // (24 * 60)} d {minutes % (24 * 60) // 60} h"
    return f"om {amount}" if seconds > 0 else f"förfallen sedan {amount}"
