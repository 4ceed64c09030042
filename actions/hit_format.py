"""Ads as chat data: the `job_ads` custom payload (docs/architecture.md contract) and its text fallback.

The widget draws a card per ad from `ads`; Telegram and other channels show `text`. The fallback is
a rendering of the ads' own data (title, employer, place, deadline, reason, link), not bot prose,
which is why it is built here and not in the domain.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from actions.dates import short_date

MAX_SKILLS_SHOWN = 4  # skills named per ad: more is a wall of words in a chat bubble

def parse_day(value: str | date | datetime | None) -> date | None:
    """'2026-12-03T23:59:59' -> date(2026, 12, 3); None when missing or unreadable."""
    if not value:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(str(value)[:19]).date()
    except ValueError:
        return None


def deadline_text(value: str | date | datetime | None, language: str | None = None) -> str | None:
    """'2026-12-03T23:59:59' -> '3 dec.' (or '3 Dec' in English): an ad's deadline, as its reader writes it."""
    day = parse_day(value)
    return short_date(day, language) if day else None


def entry_from_hit(number: int, hit: Any, extent: str = "") -> dict[str, Any]:
    """What the bot keeps of a shown ad (slot `shown_jobs`): enough to save it and answer about it."""
    return {"n": number, "id": str(getattr(hit, "id", "")), "headline": getattr(hit, "headline", "") or "",
            "employer": getattr(hit, "employer", "") or "", "municipality": getattr(hit, "municipality", "") or "",
            "deadline": getattr(hit, "deadline", "") or "", "url": getattr(hit, "url", "") or "",
            "reason": getattr(hit, "reason", "") or "", "extent": extent or "", **skills_of(hit)}


def skills_of(hit: Any) -> dict[str, Any]:
    """What the ad asks for that the jobseeker has, and what they lack ("Du har 4 av 6 kompetenser").

    Only when the search knew the jobseeker's skills (a profile, a CV, skills asked for): otherwise
    the lists are empty and nothing is said."""
    have = list(getattr(hit, "matched_skills", None) or [])
    missing = list(getattr(hit, "missing_skills", None) or [])
    if not have and not missing:
        return {}
    return {"skills_have": have[:MAX_SKILLS_SHOWN], "skills_missing": missing[:MAX_SKILLS_SHOWN],
            "skills_total": len(have) + len(missing), "skills_have_count": len(have)}


def entry_line(entry: dict[str, Any]) -> str:
    """One ad of the text fallback: '1. Title – Employer, Place (sista dag 3 dec)' and its link."""
    where = ", ".join(part for part in (entry.get("employer"), entry.get("municipality")) if part)
    line = f"{entry['n']}. {entry.get('headline', '')}" + (f" – {where}" if where else "")
    deadline = deadline_text(entry.get("deadline"))
    if deadline:
        line += f" (sista dag {deadline})"
    if entry.get("reason"):
        line += f"\n   {entry['reason']}"
    if entry.get("skills_total"):
        line += f"\n   Du har {entry['skills_have_count']} av {entry['skills_total']} kompetenser som annonsen nämner"
        if entry.get("skills_missing"):
            line += f" (saknas: {', '.join(entry['skills_missing'])})"
    if entry.get("url"):
        line += f"\n   {entry['url']}"
    return line


def ads_payload(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The `job_ads` custom payload for a list of shown entries."""
    ads = []
    for entry in entries:
        day = parse_day(entry.get("deadline"))
        ads.append({"n": entry["n"], "id": entry.get("id", ""), "title": entry.get("headline", ""),
                    "employer": entry.get("employer", ""), "place": entry.get("municipality", ""),
                    "extent": entry.get("extent", ""), "deadline": day.isoformat() if day else "",
                    "reason": entry.get("reason", ""), "url": entry.get("url", ""),
                    **({"skills": {"have": entry.get("skills_have", []), "missing": entry.get("skills_missing", []),
                                   "have_count": entry["skills_have_count"], "total": entry["skills_total"]}}
                       if entry.get("skills_total") else {})})
    return {"type": "job_ads", "text": "\n\n".join(entry_line(e) for e in entries), "ads": ads}


def send_ads(dispatcher, entries: list[dict[str, Any]]) -> None:
    """One message with the ads as structured data (REST: {"custom": {...}})."""
    if entries:
        dispatcher.utter_message(json_message=ads_payload(entries))
