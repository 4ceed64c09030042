"""The jobseeker's own description or CV, kept only when they say yes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete

from store import supply
from store.db import session_scope
from store.models import Profile
from store.timeutil import to_utc


def save_profile(sender_id: str, text: str, occupations: list[dict[str, Any]], location: str | None,
                 at: datetime, url: str | None = None) -> None:
    with session_scope(url) as session:
        profile = session.get(Profile, sender_id)
        if profile is None:
            session.add(Profile(sender_id=sender_id, text=text, occupations=occupations, location=location,
                                updated_at=to_utc(at)))
        else:
            profile.text, profile.occupations, profile.location, profile.updated_at = text, occupations, location, to_utc(at)
        supply.replace_profile_signals(session, sender_id, occupations, location, at)  # counted anonymously


def get_profile(sender_id: str, url: str | None = None) -> dict[str, Any] | None:
    with session_scope(url) as session:
        profile = session.get(Profile, sender_id)
        if profile is None:
            return None
        return {"text": profile.text, "occupations": list(profile.occupations or []),
                "location": profile.location}


def delete_profile(sender_id: str, url: str | None = None) -> bool:
    with session_scope(url) as session:
        supply.delete_profile_signals(session, sender_id)
        return bool(session.execute(delete(Profile).where(Profile.sender_id == sender_id)).rowcount)
