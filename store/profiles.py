"""The jobseeker's own description or CV, kept only when they say yes.

Two parts of one row: the text (a pasted description or CV) with the occupations recognised in it,
and the structured profile from a CV file or an imported JSON Resume / Europass document
(store/cv_formats.py validates its shape). Erasure and export reach both (store/privacy.py deletes
and exports the row as a whole).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete

from store import supply
from store.cv_formats import validate_profile
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
                "location": profile.location, "structured": profile.structured}


def save_structured_profile(sender_id: str, structured: dict[str, Any], at: datetime,
                            url: str | None = None) -> dict[str, Any]:
    """Keep a confirmed structured profile (validated first; CvFormatError when it is not one).

    The recognised occupations and the place of the row follow it, so everything that reads the
    profile (matching, the console, alerts) sees the same jobseeker. A row made this way has no
    text: the file it came from is never kept.
    """
    checked = validate_profile(structured)
    occupations = [{"concept_id": o["concept_id"], "label": o["label"], "ssyk_code": o["ssyk_code"]}
                   for o in checked["occupations"] if o["concept_id"]]
    with session_scope(url) as session:
        profile = session.get(Profile, sender_id)
        if profile is None:
            session.add(Profile(sender_id=sender_id, text="", occupations=occupations,
                                location=checked["municipality"], structured=checked, updated_at=to_utc(at)))
        else:
            profile.structured, profile.occupations, profile.updated_at = checked, occupations, to_utc(at)
            profile.location = checked["municipality"] or profile.location
        supply.replace_profile_signals(session, sender_id, occupations, checked["municipality"], at,  # anonymous counts
                                       skill_ids=[s["concept_id"] for s in checked["skills"] if s.get("concept_id")])
    return checked


def get_structured_profile(sender_id: str, url: str | None = None) -> dict[str, Any] | None:
    """The structured profile, or None when the jobseeker has none."""
    with session_scope(url) as session:
        profile = session.get(Profile, sender_id)
        return dict(profile.structured) if profile is not None and profile.structured else None


def delete_profile(sender_id: str, url: str | None = None) -> bool:
    with session_scope(url) as session:
        supply.delete_profile_signals(session, sender_id)
        return bool(session.execute(delete(Profile).where(Profile.sender_id == sender_id)).rowcount)
