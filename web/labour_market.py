"""Labour-market insight for employers and caseworkers: demand from the ad index, supply from the
store, and the tightness figure that needs both (which is why it is computed here: web may import
jobmatch and store, and they may not import each other).

Used by the open API (web/insight_api.py) and the console's market page (web/console/routes_insight.py).
Tightness is ads per distinct jobseeker searching for the same group or skill in the same place and
period; it exists only where at least store.supply.K jobseekers stand behind the denominator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from jobmatch.insight import Period, period_for
from jobmatch.places import UnknownPlaceError, municipality_name, region_name
from jobmatch.places import municipality as find_municipality
from jobmatch.places import region as find_region
from jobmatch.query import BadQueryError, resolve_now
from jobmatch.skills import skill_label
from jobmatch.vocab import vocabulary
from store import supply
from swedish.text import fold

OCCUPATION_KINDS = ("occupation", "group")
SKILL_KINDS = ("skill", "licence")


@dataclass(frozen=True)
class Concept:
    """An occupation, group or skill as insight counts it: `code` is what the tables hold."""

    kind: str  # occupation | group | skill
    code: str  # occupation concept id, SSYK code or skill concept id
    label: str


@lru_cache(maxsize=1)
def _by_label() -> list[tuple[str, Any]]:
    """(folded label, concept) of every concept, groups first then by code: whole labels ("MS Excel",
    "Utbildningsbevis enligt TLP 10 för truckförare") and label beginnings ("undersköterskor")."""
    concepts = sorted(vocabulary().concepts.values(), key=lambda c: (c.kind != "group", c.id))
    return [(fold(c.label), c) for c in concepts]


def _concept(value: str, kinds: tuple[str, ...]) -> Concept | None:
    vocab = vocabulary()
    text = (value or "").strip()
    found = vocab.concepts.get(text) or (vocab.occupation_or_group(text) if "group" in kinds else None)
    if found is None or found.kind not in kinds:
        named = vocab.find_all(text, kinds=kinds)
        found = named[0][0] if named else None
    if found is None and len(text) >= 3:
        key = fold(text)
        labelled = [c for label, c in _by_label() if c.kind in kinds and label == key] or \
                   [c for label, c in _by_label() if c.kind in kinds and label.startswith(key)]
        found = labelled[0] if labelled else None
    if found is None:
        return None
    if found.kind == "group":
        return Concept("group", found.ssyk, found.label)
    if found.kind in SKILL_KINDS:
        return Concept("skill", found.id, skill_label(found.id))
    return Concept("occupation", found.id, found.label)


def occupation(value: str) -> Concept:
    """An occupation or group by concept id, SSYK code or name ("lagerarbetare", "4322")."""
    concept = _concept(value, OCCUPATION_KINDS)
    if concept is None:
        raise BadQueryError(f"okänt yrke eller yrkesgrupp: {value!r}")
    return concept


def skill(value: str) -> Concept:
    """A skill or driving licence by concept id or name ("truckkort", "MS Excel")."""
    concept = _concept(value, SKILL_KINDS)
    if concept is None:
        raise BadQueryError(f"okänd kompetens: {value!r}")
    return concept


def place_codes(municipality: str | None, region: str | None) -> tuple[str | None, str | None]:
    """SCB codes from names or codes; an unknown place is a BadQueryError (422 in the API)."""
    try:
        return (find_municipality(municipality).code if municipality else None,
                find_region(region).code if region else None)
    except UnknownPlaceError as error:
        raise BadQueryError(str(error)) from error


def _moment(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=UTC)


def period_bounds(period: Period, previous: bool = False) -> tuple[datetime, datetime]:
    """The period's start and end as the store's (UTC) datetimes."""
    if previous:
        return _moment(period.previous_start), _moment(period.previous_end)
    return _moment(period.start), _moment(period.end)


def with_tightness(items: list[dict[str, Any]], kind: str, key: str, period: Period,
                   municipality_code: str | None, region_code: str | None, url: str | None = None) -> None:
    """Add `jobseekers` (None under K) and `tightness` (ads per jobseeker) to each item, in place."""
    people = supply.jobseekers_per_concept(kind, [item[key] for item in items], *period_bounds(period),
                                           municipality_code=municipality_code, region_code=region_code, url=url)
    for item in items:
        count = people.get(item[key])
        item["jobseekers"] = count
        item["tightness"] = round(item["recent"] / count, 2) if count else None


def demand(service, municipality_code: str | None, region_code: str | None, period: str, top: int,
           occupation_value: str | None = None, now: datetime | None = None, url: str | None = None
           ) -> dict[str, Any]:
    """Groups and skills most asked for (with tightness); for an occupation, its skills and, when
    no municipality is named, the places with most of its ads."""
    concept = occupation(occupation_value) if occupation_value else None
    the_period = period_for(period, resolve_now(now))
    result = service.insight_demand(municipality_code=municipality_code, region_code=region_code, period=period,
                                    now=now, top=top, occupation=concept.code if concept else None)
    with_tightness(result["occupation_groups"], "group", "ssyk", the_period, municipality_code, region_code, url)
    with_tightness(result["skills"], "skill", "id", the_period, municipality_code, region_code, url)
    result["occupation"] = {"kind": concept.kind, "code": concept.code, "label": concept.label} if concept else None
    result["places"] = []
    if concept and not municipality_code:
        result["places"] = service.insight_places(concept.code, period=period, region_code=region_code, now=now,
                                                  top=top)["places"]
    result["k"] = supply.K
    return result


def supply_places(service, concept: Concept, period: str, region_code: str | None, by: str, top: int,
                  now: datetime | None = None, url: str | None = None) -> dict[str, Any]:
    """Where the competence is: places ranked by distinct jobseekers with the occupation or skill,
    only places with at least K; with the ads there (occupations) and the tightness."""
    the_period = period_for(period, resolve_now(now))
    start, end = period_bounds(the_period)
    rows = supply.jobseekers_by_place(concept.kind, concept.code, start, end, by=by, region_code=region_code,
                                      top=top, url=url)
    ads: dict[str, int] = {}
    if concept.kind in OCCUPATION_KINDS and rows:
        found = service.insight_places(concept.code, period=period, by=by, region_code=region_code, now=now,
                                       top=50)["places"]
        ads = {p["code"]: p["recent"] for p in found}
    name = municipality_name if by == "municipality" else region_name
    places = [{"code": code, "label": name(code), "jobseekers": people, "ads_recent": ads.get(code),
               "tightness": round(ads[code] / people, 2) if ads.get(code) else None} for code, people in rows]
    return {"concept": {"kind": concept.kind, "code": concept.code, "label": concept.label},
            "period": the_period.to_dict(), "by": by, "region_code": region_code, "k": supply.K, "places": places}
