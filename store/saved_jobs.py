"""Ads a jobseeker chose to keep; a copy of the essentials survives the ad being removed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from store.db import session_scope
from store.models import SavedJob
from store.timeutil import to_utc


def save_job(sender_id: str, ad: dict[str, Any], at: datetime, url: str | None = None) -> bool:
    """Keep an ad (id, headline, employer, municipality, deadline, url); False if it was already kept."""
    with session_scope(url) as session:
        exists = session.scalar(select(SavedJob).where(SavedJob.sender_id == sender_id,
                                                       SavedJob.ad_id == str(ad["id"])))
        if exists is not None:
            return False
        session.add(SavedJob(
            sender_id=sender_id, ad_id=str(ad["id"]), headline=(ad.get("headline") or "Annons")[:500],
            employer=ad.get("employer"), municipality=ad.get("municipality"), deadline=ad.get("deadline"),
            url=ad.get("url"), saved_at=to_utc(at),
        ))
        return True


def saved_jobs(sender_id: str, url: str | None = None) -> list[dict[str, Any]]:
    """The kept ads, oldest first, as plain dicts."""
    with session_scope(url) as session:
        rows = session.scalars(select(SavedJob).where(SavedJob.sender_id == sender_id)
                               .order_by(SavedJob.saved_at, SavedJob.id))
        return [{"id": r.ad_id, "headline": r.headline, "employer": r.employer, "municipality": r.municipality,
                 "deadline": r.deadline, "url": r.url} for r in rows]
