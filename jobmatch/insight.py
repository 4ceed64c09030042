"""Labour-market insight from the ad history: what employers ask for in a place and period, and where.

Three questions, each one GROUP BY in the database (SQLite for the embedded index, PostgreSQL for
pgvector_store), never a loop over all ads in Python:

- `demand`: the occupation groups (SSYK) and the skills most asked for in a municipality, a county
  or the whole country, in this quarter (default) or the last 30/90 days, with the change against
  the period before;
- `places`: for an occupation or a group, the municipalities (or counties) with the most ads.

The tables are the history (every ad ever ingested, kept after it closes: demand is about what was
advertised) and the skills read from each ad's text at build time, one row per (ad, skill), with the
ad's date and place copied in so the skill counts need no join (jobmatch/skills.py reads them).

Small numbers are flagged rather than ranked: an area with fewer than FEW_ADS ads in the period, or
an item with fewer than FEW_ITEM_ADS, is said plainly ("3 annonser"), and a change in per cent is
given only when both periods have at least FEW_ITEM_ADS ads (1 → 3 is not "+200 %").

Answers are cached per period (and index version): the period's end is the start of the current
hour, so every question within one hour about the same area shares one answer.
"""

from __future__ import annotations

import copy
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from swedish.places import municipality_name, region_name

from .query import BadQueryError
from .skills import skill_label

PERIODS = ("quarter", "30d", "90d")
NAMED_QUARTER = re.compile(r"(20\d\d)-Q([1-4])")
# Below this many ads in a place and period a ranking says more about chance than about employers
# (the sample's median municipality has 17 ads a quarter): the answer lists them plainly instead.
FEW_ADS = 20
# An item (a group, a skill, a place) with fewer ads than this is "few": no per-cent change for it.
FEW_ITEM_ADS = 5
MAX_TOP = 50
CACHE_SIZE = 1024  # answers kept; one is a few kB, a busy hour asks a few hundred distinct questions

# The rows run() returns: tuples, columns in the SELECT's order.
Runner = Callable[[str, Sequence[Any]], list[tuple]]


@dataclass(frozen=True)
class Period:
    """The period asked about and the one it is compared with (ISO strings, like publication_date).

    For a quarter the comparison is the same stretch of the quarter before (1 Oct–4 Dec against
    1 Jul–4 Sep), so a quarter that has just begun is not compared with a whole one."""

    kind: str
    start: str
    end: str
    previous_start: str
    previous_end: str
    quarter: int | None = None
    year: int | None = None
    days: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def quarter_start(moment: datetime) -> datetime:
    return datetime(moment.year, 3 * ((moment.month - 1) // 3) + 1, 1)


def previous_quarter_start(start: datetime) -> datetime:
    return datetime(start.year - 1, 10, 1) if start.month == 1 else datetime(start.year, start.month - 3, 1)


def _quarter(start: datetime, end: datetime, kind: str) -> Period:
    before = previous_quarter_start(start)
    previous_end = min(before + (end - start), start)  # a whole quarter: the whole one before
    return Period(kind, _iso(start), _iso(end), _iso(before), _iso(previous_end),
                  quarter=(start.month - 1) // 3 + 1, year=start.year)


def period_for(kind: str, now: datetime) -> Period:
    """The period `kind` ending at the start of now's hour: "quarter" (this one so far), "30d",
    "90d", or a named quarter "2026-Q3" (the whole of it, or so far if it is this one)."""
    end = now.replace(tzinfo=None, minute=0, second=0, microsecond=0)
    named = NAMED_QUARTER.fullmatch(kind or "")
    if named:
        start = datetime(int(named[1]), 3 * int(named[2]) - 2, 1)
        if start > end:
            raise BadQueryError(f"kvartalet {kind} har inte börjat än")
        next_start = datetime(start.year + 1, 1, 1) if start.month == 10 else datetime(start.year, start.month + 3, 1)
        return _quarter(start, min(end, next_start), kind)
    if kind not in PERIODS:
        raise BadQueryError(f"period ska vara något av {', '.join(PERIODS)} eller ett kvartal som 2026-Q3, "
                            f"fick {kind!r}")
    if kind == "quarter":
        return _quarter(quarter_start(end), end, kind)
    days = int(kind[:-1])
    start = end - timedelta(days=days)
    return Period(kind, _iso(start), _iso(end), _iso(start - timedelta(days=days)), _iso(start), days=days)


def change_ratio(recent: int, previous: int) -> float | None:
    """The relative change, only when both periods have enough ads for it to mean something."""
    if recent < FEW_ITEM_ADS or previous < FEW_ITEM_ADS:
        return None
    return round((recent - previous) / previous, 3)


def counted(item: dict[str, Any], recent: int, previous: int) -> dict[str, Any]:
    return {**item, "recent": int(recent), "previous": int(previous), "change": int(recent) - int(previous),
            "change_ratio": change_ratio(int(recent), int(previous)), "few": int(recent) < FEW_ITEM_ADS}


def check_top(top: int) -> int:
    if not 1 <= top <= MAX_TOP:
        raise BadQueryError(f"top ska vara 1–{MAX_TOP}, fick {top}")
    return top


@dataclass(frozen=True)
class Area:
    """A municipality, a county (region) or, with neither, the whole country."""

    municipality_code: str | None = None
    region_code: str | None = None

    @property
    def kind(self) -> str:
        return "municipality" if self.municipality_code else "region" if self.region_code else "country"

    @property
    def label(self) -> str | None:
        if self.municipality_code:
            return municipality_name(self.municipality_code)
        return region_name(self.region_code) if self.region_code else None


def occupation_column(occupation: str) -> str:
    """The history column an occupation code is matched on: an SSYK code is a group's."""
    return "ssyk" if occupation.isdigit() else "occupation_id"


class InsightSQL:
    """The insight queries over one database; `mark` is the driver's parameter mark (`?`, `%s`)."""

    def __init__(self, run: Runner, history: str, skills: str | None, mark: str) -> None:
        self.run, self.history, self.skills, self.mark = run, history, skills, mark

    def _area(self, area: Area, occupation: str | None = None) -> tuple[str, list[Any]]:
        """The WHERE of a place and, optionally, an occupation (concept id) or group (SSYK code)."""
        sql, args = "", []
        if area.municipality_code:
            sql, args = f" AND municipality_code = {self.mark}", [area.municipality_code]
        elif area.region_code:
            sql, args = f" AND region_code = {self.mark}", [area.region_code]
        if occupation:
            sql += f" AND {occupation_column(occupation)} = {self.mark}"
            args.append(occupation)
        return sql, args

    def _counts(self, table: str, key: str | None, filters: str, args: list[Any], start: str, end: str
                ) -> dict[Any, int]:
        """COUNT(*) per `key` (or in all, under None) of one window: a plain range on publication_date,
        so the database walks an index (key, publication_date) without sorting; two windows in one
        query (CASE over an OR of ranges) measured 10-50 times slower on SQLite."""
        m = self.mark
        where = f"publication_date >= {m} AND publication_date < {m}{filters}"
        if key is None:
            rows = self.run(f"SELECT COUNT(*) FROM {table} WHERE {where}", [start, end, *args])
            return {None: int(rows[0][0]) if rows else 0}
        rows = self.run(f"SELECT {key}, COUNT(*) FROM {table} WHERE {where} GROUP BY {key}", [start, end, *args])
        return {code: int(count) for code, count in rows if code}

    def _ranked(self, table: str, key: str | None, filters: str, args: list[Any], period: Period,
                top: int | None) -> list[tuple[Any, int, int]]:
        """(key, recent, previous), most recent ads first: the two windows' grouped counts merged
        (a few hundred rows at most, already aggregated by the database)."""
        recent = self._counts(table, key, filters, args, period.start, period.end)
        previous = self._counts(table, key, filters, args, period.previous_start, period.previous_end)
        ranked = sorted(((code, n, previous.get(code, 0)) for code, n in recent.items() if n),
                        key=lambda row: (-row[1], -row[2], str(row[0])))
        return ranked[:top] if top else ranked

    def _group_label(self, ssyk: str) -> str | None:
        rows = self.run(f"SELECT group_label FROM {self.history} WHERE ssyk = {self.mark} LIMIT 1", [ssyk])
        return rows[0][0] if rows else None

    def totals(self, area: Area, period: Period, occupation: str | None = None) -> tuple[int, int]:
        filters, args = self._area(area, occupation)
        recent = self._counts(self.history, None, filters, args, period.start, period.end)[None]
        previous = self._counts(self.history, None, filters, args, period.previous_start, period.previous_end)[None]
        return recent, previous

    def demand(self, area: Area, period: Period, top: int = 10, occupation: str | None = None) -> dict[str, Any]:
        """The groups and skills most asked for in the area and period, and the ads in all; with an
        occupation (concept id) or group (SSYK code), the skills asked for in its ads."""
        filters, args = self._area(area, occupation)
        recent, previous = self.totals(area, period, occupation)
        groups = [counted({"ssyk": ssyk, "label": self._group_label(ssyk)}, r, p)
                  for ssyk, r, p in self._ranked(self.history, "ssyk", filters, args, period, top)]
        skills = [counted({"id": skill, "label": skill_label(skill)}, r, p)
                  for skill, r, p in self._ranked(self.skills, "skill", filters, args, period, top)] if self.skills else []
        return {"area": {"kind": area.kind, "municipality_code": area.municipality_code,
                         "region_code": area.region_code, "label": area.label},
                "occupation": occupation, "period": period.to_dict(), "ads_recent": recent, "ads_previous": previous,
                "few": recent < FEW_ADS, "occupation_groups": groups, "skills": skills}

    def places(self, occupation: str | None, period: Period, by: str = "municipality", region_code: str | None = None,
               top: int = 10) -> dict[str, Any]:
        """The municipalities (or counties) with the most ads for an occupation (concept id) or a
        group (SSYK code), or with None for all ads, optionally within one county."""
        if by not in ("municipality", "region"):
            raise BadQueryError(f"by ska vara 'municipality' eller 'region', fick {by!r}")
        filters, args = self._area(Area(region_code=region_code), occupation)
        name = municipality_name if by == "municipality" else region_name
        places = [counted({"code": code, "label": name(code)}, r, p)
                  for code, r, p in self._ranked(self.history, f"{by}_code", filters, args, period, top)]
        return {"occupation": occupation, "by": by, "region_code": region_code, "period": period.to_dict(),
                "ads_recent": sum(p["recent"] for p in places), "places": places}


def sqlite_runner(db_path) -> Runner:
    """Each query on its own read-only connection: the index's builder may be writing the file."""

    def run(sql: str, args: Sequence[Any]) -> list[tuple]:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            return db.execute(sql, list(args)).fetchall()
        finally:
            db.close()
    return run


@lru_cache(maxsize=CACHE_SIZE)
def _cached(source: InsightSQL, version: str, question: str, arguments: tuple) -> dict[str, Any]:
    """One answer per (database, index version, question, area, period): the cache per period."""
    del version  # part of the key only: a new snapshot asks again
    if question == "demand":
        return source.demand(*arguments)
    return source.places(*arguments)


def cached_demand(source: InsightSQL, version: str, area: Area, period: Period, top: int,
                  occupation: str | None = None) -> dict[str, Any]:
    return copy.deepcopy(_cached(source, version, "demand", (area, period, check_top(top), occupation)))


def cached_places(source: InsightSQL, version: str, occupation: str | None, period: Period, by: str,
                  region_code: str | None, top: int) -> dict[str, Any]:
    return copy.deepcopy(_cached(source, version, "places", (occupation, period, by, region_code, check_top(top))))


def clear_cache() -> None:
    """Forget every cached answer (benchmarks time the queries with the cache cold)."""
    _cached.cache_clear()
