"""Figures for the console's labour-market page: per county (or the whole country) and quarter, the
ads per quarter, the occupation groups and skills most asked for, the municipalities with most ads,
and where jobseekers with the top group are (k-anonymous), as server-drawn SVG bar charts.

The numbers come from web.labour_market, the same code as the open insight API, so the console and
the API never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from jobmatch.insight import previous_quarter_start, quarter_start
from jobmatch.places import region_name
from jobmatch.query import resolve_now
from swedish.places import all_municipalities
from web import labour_market
from web.console import charts

QUARTERS_SHOWN = 4  # this quarter and the three before: a year of seasons
TOP = 10


@dataclass
class MarketPage:
    region_code: str | None
    region_label: str
    quarter: str
    quarters: list[str]
    regions: list[tuple[str, str]]
    ads_recent: int
    ads_previous: int
    few: bool
    k: int
    per_quarter_chart: Markup
    groups_chart: Markup
    skills_chart: Markup
    places_chart: Markup
    supply_chart: Markup
    supply_label: str | None
    groups: list[dict]


def recent_quarters(now: datetime, count: int = QUARTERS_SHOWN) -> list[str]:
    """"2026-Q4", "2026-Q3", …: this quarter first."""
    start, names = quarter_start(now), []
    for _ in range(count):
        names.append(f"{start.year}-Q{(start.month - 1) // 3 + 1}")
        start = previous_quarter_start(start)
    return names


def regions() -> list[tuple[str, str]]:
    codes = sorted({m.region_code for m in all_municipalities()})
    return [(code, region_name(code)) for code in codes]


def compute(service, region_code: str | None, quarter: str | None, now: datetime | None = None) -> MarketPage:
    now = resolve_now(now)
    quarters = recent_quarters(now)
    quarter = quarter if quarter in quarters else quarters[0]
    demand = labour_market.demand(service, None, region_code, quarter, TOP, now=now)
    per_quarter = [(name, labour_market.demand(service, None, region_code, name, 1, now=now)["ads_recent"])
                   for name in reversed(quarters)]
    places = service.insight_places(None, period=quarter, region_code=region_code, by="municipality"
                                    if region_code else "region", now=now, top=TOP)["places"]
    top_group = demand["occupation_groups"][0] if demand["occupation_groups"] else None
    supply_rows: list[tuple[str, float]] = []
    if top_group:
        concept = labour_market.Concept("group", top_group["ssyk"], top_group["label"])
        found = labour_market.supply_places(service, concept, quarter, region_code,
                                            "municipality" if region_code else "region", TOP, now=now)
        supply_rows = [(p["label"], p["jobseekers"]) for p in found["places"]]
    where = region_name(region_code) if region_code else "Hela landet"
    return MarketPage(
        region_code=region_code, region_label=where, quarter=quarter, quarters=quarters, regions=regions(),
        ads_recent=demand["ads_recent"], ads_previous=demand["ads_previous"], few=demand["few"], k=demand["k"],
        per_quarter_chart=charts.columns(f"Annonser per kvartal, {where}", per_quarter),
        groups_chart=charts.horizontal_bars(f"Yrkesgrupper med flest annonser, {quarter}",
                                            [(g["label"] or g["ssyk"], g["recent"]) for g in demand["occupation_groups"]]),
        skills_chart=charts.horizontal_bars(f"Efterfrågade kompetenser, {quarter}",
                                            [(s["label"], s["recent"]) for s in demand["skills"]]),
        places_chart=charts.horizontal_bars("Annonser per kommun" if region_code else "Annonser per län",
                                            [(p["label"], p["recent"]) for p in places]),
        supply_chart=charts.horizontal_bars(
            f"Jobbsökande med {top_group['label'].lower()} (minst {demand['k']} per ort)" if top_group
            else "Jobbsökande", supply_rows),
        supply_label=top_group["label"] if top_group else None,
        groups=demand["occupation_groups"],
    )
