"""The ad as the matcher sees it, flattened from the JobTech JobSearch hit shape.

JobSearch hits are deeply nested and many fields are optional or null; everything downstream
(index columns, filters, reasons, the API) wants a flat, typed record, so the conversion and its
tolerance of missing fields live in one place.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any


class BadAdError(ValueError):
    """A hit that cannot be used at all (no id or no headline)."""


@dataclass
class Ad:
    id: str
    headline: str
    employer: str = ""
    description: str = ""
    url: str = ""
    occupation_id: str = ""
    occupation_label: str = ""
    group_id: str = ""
    group_label: str = ""
    ssyk: str = ""
    field_id: str = ""
    field_label: str = ""
    municipality: str = ""
    municipality_code: str = ""
    region: str = ""
    region_code: str = ""
    extent: str = ""  # working_hours_type label: Heltid, Deltid, Heltid/Deltid
    remote: bool = False  # workplace_model "Distans/hybrid"
    employment_type: str = ""
    employment_type_id: str = ""
    publication_date: str = ""  # ISO, "YYYY-MM-DDTHH:MM:SS"
    deadline: str = ""
    removed: bool = False
    skills: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ad:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def _label(obj: Any) -> str:
    return (obj or {}).get("label") or "" if isinstance(obj, dict) else ""


def _get(obj: Any, key: str) -> str:
    if not isinstance(obj, dict):
        return ""
    value = obj.get(key)
    return "" if value is None else str(value)


def ad_from_hit(hit: dict[str, Any]) -> Ad:
    """Flatten one JobSearch/JobStream hit; raise BadAdError when it is unusable."""
    if not isinstance(hit, dict):
        raise BadAdError("hit is not a JSON object")
    ad_id = hit.get("id")
    headline = hit.get("headline")
    if ad_id in (None, "") or not headline:
        raise BadAdError(f"hit without id or headline: id={ad_id!r}")
    address = hit.get("workplace_address") or {}
    if not address.get("municipality_code"):
        for alt in hit.get("workplace_addresses") or []:
            if isinstance(alt, dict) and alt.get("municipality_code"):
                address = alt
                break
    description = hit.get("description") or {}
    text = description.get("text") if isinstance(description, dict) else str(description)
    group = hit.get("occupation_group") or {}
    skills = []
    for bucket in ("must_have", "nice_to_have"):
        for item in ((hit.get(bucket) or {}).get("skills") or []):
            if isinstance(item, dict) and item.get("label"):
                skills.append(item["label"])
    return Ad(
        id=str(ad_id),
        headline=str(headline).strip(),
        employer=_get(hit.get("employer"), "name") or _get(hit.get("employer"), "workplace"),
        description=text or "",
        url=hit.get("webpage_url") or f"https://arbetsformedlingen.se/platsbanken/annonser/{ad_id}",
        occupation_id=_get(hit.get("occupation"), "concept_id"),
        occupation_label=_label(hit.get("occupation")),
        group_id=_get(group, "concept_id"),
        group_label=_label(group),
        ssyk=_get(group, "legacy_ams_taxonomy_id"),
        field_id=_get(hit.get("occupation_field"), "concept_id"),
        field_label=_label(hit.get("occupation_field")),
        municipality=_get(address, "municipality"),
        municipality_code=_get(address, "municipality_code"),
        region=_get(address, "region"),
        region_code=_get(address, "region_code"),
        extent=_label(hit.get("working_hours_type")),
        remote=_label(hit.get("workplace_model")) == "Distans/hybrid",
        employment_type=_label(hit.get("employment_type")),
        employment_type_id=_get(hit.get("employment_type"), "concept_id"),
        publication_date=hit.get("publication_date") or "",
        deadline=hit.get("application_deadline") or "",
        removed=bool(hit.get("removed")),
        skills=skills,
    )
