"""Labour demand: which occupations are advertised in a place now, and how that changed.

Counts ads published in the last 90 days against the 90 days before, per occupation and per
occupation group (SSYK), from the history table — which keeps ads after they close, because
demand is about what was advertised, not what is still open.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from typing import Any

WINDOW_DAYS = 90


def _change(now_count: int, before: int) -> float | None:
    return None if before == 0 else round((now_count - before) / before, 3)


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S")


def demand_from_rows(rows: list[tuple], now: datetime, top: int) -> dict[str, Any]:
    """rows: (publication_date, occupation_id, occupation_label, group_id, group_label, ssyk)."""
    start_now = _iso(now - timedelta(days=WINDOW_DAYS))
    start_before = _iso(now - timedelta(days=2 * WINDOW_DAYS))
    end = _iso(now)
    occ: dict[str, dict] = {}
    grp: dict[str, dict] = {}
    totals = {"recent": 0, "previous": 0}
    for pub, occ_id, occ_label, grp_id, grp_label, ssyk in rows:
        if not pub or pub >= end or pub < start_before:
            continue
        period = "recent" if pub >= start_now else "previous"
        totals[period] += 1
        o = occ.setdefault(occ_id or occ_label, {"id": occ_id, "label": occ_label, "recent": 0, "previous": 0})
        o[period] += 1
        g = grp.setdefault(grp_id or ssyk, {"id": grp_id, "ssyk": ssyk, "label": grp_label, "recent": 0, "previous": 0})
        g[period] += 1

    def ranked(table: dict[str, dict]) -> list[dict]:
        items = sorted(table.values(), key=lambda d: (-d["recent"], -d["previous"], d["label"] or ""))
        out = []
        for d in items[:top]:
            if d["recent"] == 0:
                break
            out.append({**d, "change": d["recent"] - d["previous"], "change_ratio": _change(d["recent"], d["previous"])})
        return out

    return {
        "window_days": WINDOW_DAYS,
        "period": {"recent_from": start_now, "previous_from": start_before, "until": end},
        "ads_recent": totals["recent"], "ads_previous": totals["previous"],
        "occupations": ranked(occ), "occupation_groups": ranked(grp),
    }


def history_query(table: str, placeholder: str, municipality_code: str | None, region_code: str | None,
                  now: datetime) -> tuple[str, list[Any]]:
    """The SELECT of the two windows' history rows in a place, for demand_from_rows; `placeholder`
    is the driver's parameter mark (sqlite3 `?`, psycopg `%s`)."""
    sql = ("SELECT publication_date, occupation_id, occupation_label, group_id, group_label, ssyk "
           f"FROM {table} WHERE publication_date >= {placeholder}")
    args: list[Any] = [_iso(now - timedelta(days=2 * WINDOW_DAYS))]
    for column, value in (("municipality_code", municipality_code), ("region_code", region_code)):
        if value:
            sql += f" AND {column} = {placeholder}"
            args.append(value)
    return sql, args


def demand_sqlite(db_path, municipality_code: str | None, region_code: str | None, now: datetime,
                  top: int = 10) -> dict[str, Any]:
    sql, args = history_query("history", "?", municipality_code, region_code, now)
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = db.execute(sql, args).fetchall()
    finally:
        db.close()
    return demand_from_rows(rows, now, top)
