"""Where the competence is: what jobseekers search for and what their consented profiles hold,
counted anonymously per place and period.

Each search the bot runs leaves a few rows in supply_signals (the occupation, its SSYK group, the
skills and the place the search was about); a profile saved with the jobseeker's yes leaves its
occupations and place, for as long as the profile exists. The rows are the jobseeker's data like any
other: erased with them (store.privacy), exported with them (store.jobseekers), and the privacy
text tells them searches are counted anonymously.

Nothing per person ever leaves this module: every figure is a COUNT(DISTINCT sender_id) computed in
SQL, and a figure is given only when at least K jobseekers stand behind it.

Why K = 10 (k-anonymity): with fewer, a number about a small place ("2 jobseekers in Bjurholm
search for hamnarbetare") can point at people whom a caseworker, an employer or a neighbour might
recognise, and two figures that differ by one can reveal what one person did. Ten is a common
threshold for published counts about people: small enough that the larger towns show most
occupations, large enough that no shown figure is about a handful of identifiable persons. A figure
below K is left out, not rounded, and how many were left out is not said either.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select

from store.db import session_scope
from store.models import SupplySignal
from store.timeutil import to_utc
from swedish.places import find_place

# k-anonymity threshold; why ten: the module docstring.
K = 10
KINDS = ("occupation", "group", "skill", "place")


def _rows_for(sender_id: str, source: str, at: datetime, occupation_id: str | None, group_code: str | None,
              skill_ids: Iterable[str], municipality_code: str | None, region_code: str | None
              ) -> list[SupplySignal]:
    facets = [("occupation", occupation_id), ("group", group_code), *(("skill", s) for s in skill_ids)]
    facets = [(kind, concept) for kind, concept in facets if concept] or [("place", "")]
    return [SupplySignal(sender_id=sender_id, source=source, kind=kind, concept=str(concept)[:40],
                         municipality_code=municipality_code, region_code=region_code, at=to_utc(at))
            for kind, concept in dict.fromkeys(facets)]


def record_search(sender_id: str, at: datetime, *, occupation_id: str | None = None, group_code: str | None = None,
                  skill_ids: Sequence[str] = (), municipality_code: str | None = None,
                  region_code: str | None = None, url: str | None = None) -> int:
    """Keep what one search was about; returns the rows written (a search with no what: its place)."""
    rows = _rows_for(sender_id, "search", at, occupation_id, group_code, skill_ids, municipality_code, region_code)
    with session_scope(url) as session:
        session.add_all(rows)
    return len(rows)


def replace_profile_signals(session, sender_id: str, occupations: Sequence[dict[str, Any]], location: str | None,
                            at: datetime, skill_ids: Sequence[str] = ()) -> None:
    """The consented profile's occupations, skills and place, in the caller's transaction (store.profiles)."""
    delete_profile_signals(session, sender_id)
    place = find_place(location) if location else None
    municipality_code = place.municipality_code if place and place.kind == "municipality" else None
    region_code = place.region_code if place else None
    for occupation in occupations:
        session.add_all(_rows_for(sender_id, "profile", at, occupation.get("concept_id"),
                                  occupation.get("ssyk_code"), (), municipality_code, region_code))
    if skill_ids:
        session.add_all(_rows_for(sender_id, "profile", at, None, None, skill_ids, municipality_code, region_code))


def delete_profile_signals(session, sender_id: str) -> None:
    session.execute(delete(SupplySignal).where(SupplySignal.sender_id == sender_id,
                                               SupplySignal.source == "profile"))


def _in_period(start: datetime, end: datetime):
    """A search counts in the period it was made; a profile for as long as it exists."""
    return or_(and_(SupplySignal.source == "search", SupplySignal.at >= to_utc(start), SupplySignal.at < to_utc(end)),
               and_(SupplySignal.source == "profile", SupplySignal.at < to_utc(end)))


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")


def jobseekers_by_place(kind: str, concept: str, start: datetime, end: datetime, *, by: str = "municipality",
                        region_code: str | None = None, top: int = 20, url: str | None = None
                        ) -> list[tuple[str, int]]:
    """(place code, distinct jobseekers) for one occupation, group or skill, most first; only the
    places where at least K jobseekers stand behind the number."""
    _check_kind(kind)
    column = SupplySignal.municipality_code if by == "municipality" else SupplySignal.region_code
    people = func.count(func.distinct(SupplySignal.sender_id))
    query = (select(column, people)
             .where(SupplySignal.kind == kind, SupplySignal.concept == concept, column.is_not(None),
                    _in_period(start, end))
             .group_by(column).having(people >= K).order_by(people.desc(), column).limit(top))
    if region_code:
        query = query.where(SupplySignal.region_code == region_code)
    with session_scope(url) as session:
        return [(code, int(count)) for code, count in session.execute(query)]


def jobseekers_per_concept(kind: str, concepts: Sequence[str], start: datetime, end: datetime, *,
                           municipality_code: str | None = None, region_code: str | None = None,
                           url: str | None = None) -> dict[str, int]:
    """Distinct jobseekers per concept in a place (or the country), only where at least K: the
    denominator of the tightness figure (ads per jobseeker searching)."""
    _check_kind(kind)
    if not concepts:
        return {}
    people = func.count(func.distinct(SupplySignal.sender_id))
    query = (select(SupplySignal.concept, people)
             .where(SupplySignal.kind == kind, SupplySignal.concept.in_(list(concepts)), _in_period(start, end))
             .group_by(SupplySignal.concept).having(people >= K))
    if municipality_code:
        query = query.where(SupplySignal.municipality_code == municipality_code)
    elif region_code:
        query = query.where(SupplySignal.region_code == region_code)
    with session_scope(url) as session:
        return {concept: int(count) for concept, count in session.execute(query)}
