"""Figures for the insight page: conversations per day, top intents, fallback rate, and job
searches by municipality, over a window of recent days."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from markupsafe import Markup

from web.console import charts, timefmt, tracker_reader

SEARCH_ACTIONS = ("action_search_jobs",)
LOCATION_SLOTS = ("location", "municipality")
NO_PLACE = "(ingen ort angiven)"


@dataclass
class Insight:
    days: int
    conversations: int
    user_messages: int
    fallback_rate: float | None
    per_day_chart: Markup
    intents_chart: Markup
    fallback_chart: Markup
    municipality_chart: Markup
    searches_by_place: list[tuple[str, int]]
    top_intents: list[tuple[str, int]]


def _day_labels(days: int, now: datetime) -> list[str]:
    today = timefmt.local(now).date()
    return [(today - timedelta(days=offset)).isoformat() for offset in range(days - 1, -1, -1)]


def searches_by_place(since: datetime) -> list[tuple[str, int]]:
    """Count each run of the search action by the location slot in force at that moment."""
    counts: Counter[str] = Counter()
    current_sender, place = None, None
    for sender, kind, action_name, data in tracker_reader.search_events(since):
        if sender != current_sender:
            current_sender, place = sender, None
        if kind == "slot" and data.get("name") in LOCATION_SLOTS:
            value = data.get("value")
            place = str(value).strip().title() if value else None
        elif kind == "action" and (action_name or data.get("name")) in SEARCH_ACTIONS:
            counts[place or NO_PLACE] += 1
    return counts.most_common(15)


def compute(days: int = 30, now: datetime | None = None) -> Insight:
    now = now or datetime.now(UTC)
    since = timefmt.day_start(timefmt.local(now).date() - timedelta(days=days - 1))
    labels = _day_labels(days, now)

    starts = Counter(
        timefmt.from_timestamp(ts).date().isoformat() for ts in tracker_reader.conversation_starts(since)
    )
    per_day = [(label, starts.get(label, 0)) for label in labels]

    messages = tracker_reader.user_messages_with_fallback(since)
    totals: Counter[str] = Counter()
    fallbacks: Counter[str] = Counter()
    for ts, is_fallback in messages:
        day = timefmt.from_timestamp(ts).date().isoformat()
        totals[day] += 1
        fallbacks[day] += int(is_fallback)
    fallback_points = [
        (label, (fallbacks[label] / totals[label]) if totals[label] else 0.0) for label in labels
    ]
    overall = (sum(fallbacks.values()) / len(messages)) if messages else None

    intents = tracker_reader.top_intents(since)
    places = searches_by_place(since)
    return Insight(
        days=days,
        conversations=sum(starts.values()),
        user_messages=len(messages),
        fallback_rate=overall,
        per_day_chart=charts.columns("Konversationer per dag", per_day),
        intents_chart=charts.horizontal_bars("Vanligaste avsikter (intents)", [(n, c) for n, c in intents]),
        fallback_chart=charts.columns(
            "Andel fallback / låg säkerhet per dag",
            fallback_points,
            value_format="{:.0%}",
            colour=charts.LINE_COLOUR,
            max_value=1.0,
        ),
        municipality_chart=charts.horizontal_bars("Jobbsökningar per ort", [(p, c) for p, c in places]),
        searches_by_place=places,
        top_intents=intents,
    )
