"""Turn matching hits into short Swedish chat messages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

MONTHS_SV = ["jan", "feb", "mars", "april", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec"]


def swedish_date(value: str | date | datetime | None) -> str | None:
    """'2026-12-03T23:59:59' -> '3 dec': how a Swedish reader expects a deadline."""
    if not value:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value[:19])
        except ValueError:
            return None
    return f"{value.day} {MONTHS_SV[value.month - 1]}"


def hit_line(number: int, hit: Any) -> str:
    """One ad as a numbered block: title, employer and place, deadline, reason, link."""
    place = getattr(hit, "municipality", None) or ""
    employer = getattr(hit, "employer", None) or ""
    where = ", ".join(part for part in (employer, place) if part)
    lines = [f"{number}. {hit.headline}" + (f" – {where}" if where else "")]
    deadline = swedish_date(getattr(hit, "deadline", None))
    if deadline:
        lines.append(f"   Sista ansökningsdag: {deadline}")
    reason = getattr(hit, "reason", None)
    if reason:
        lines.append(f"   {reason}")
    lines.append(f"   {hit.url}")
    return "\n".join(lines)


def hits_message(hits: list[Any], first_number: int = 1) -> str:
    """All hits of one page, numbered from `first_number` so 'spara nummer 7' works on page two."""
    return "\n\n".join(hit_line(first_number + i, hit) for i, hit in enumerate(hits))
