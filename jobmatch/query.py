"""What a caller asks (SearchQuery) and what it gets back (Hit, SearchResult).

Kept free of numpy and models so the action server and the web layer can import it cheaply; the
limits of a query live here, once, for the service and the HTTP API alike.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from .config import current

MAX_LIMIT = 100          # hits per page
MAX_OFFSET = 900         # deepest page start: nobody reads further, and ranking cost grows with it
MAX_QUERY_CHARS = 1_000  # search text; longer texts (CVs) go to match_profile
MAX_PROFILE_CHARS = 20_000  # match_profile text: a CV of a few pages


@dataclass
class SearchQuery:
    text: str = ""
    occupation_id: str | None = None      # taxonomy concept id of an occupation or group, or an SSYK code
    municipality_code: str | None = None  # SCB code "2480"; several may be given comma-separated
    region_code: str | None = None        # "24"
    extent: str | None = None             # "heltid" or "deltid"
    remote: bool | None = None            # True: only "Distans/hybrid" ads
    employment_type: str | None = None    # label ("Vanlig anställning", "sommarjobb") or concept id
    published_within_days: int | None = None
    open_only: bool = True                # deadline not passed at `now`
    now: datetime | None = None           # injectable clock; defaults to the configured clock
    occupation_filter: bool = False       # True: occupation_id filters instead of boosting
    language: str | None = None           # the text's language when the caller knows it ("ar"); else read


@dataclass
class Hit:
    id: str
    headline: str
    employer: str
    municipality: str
    deadline: str
    url: str
    score: float
    reason: str
    occupation: str = ""
    publication_date: str = ""
    # what really matched: [{"kind": "occupation"|"group"|"skill"|"place"|"meaning", "label": ...}]
    reasons: list[dict] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)          # skills and licences the ad names
    matched_skills: list[str] = field(default_factory=list)  # of those, the ones the jobseeker has/asked for
    missing_skills: list[str] = field(default_factory=list)  # the others ("Du har 4 av 6 ...")

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Alternative:
    """A real, nearest alternative when nothing fits: another place, or a related occupation group."""
    kind: str          # "place" or "occupation"
    label: str
    code: str          # municipality code or SSYK code
    count: int         # open ads there that pass the other filters

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SearchResult:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    applied_municipality: str | None = None  # a place read from the free text, if any
    understood: Any = None                   # understand.Understood: what the query was read as
    alternatives: list[Alternative] = field(default_factory=list)  # when hits is empty: what exists nearby

    def to_dict(self) -> dict:
        return {"hits": [h.to_dict() for h in self.hits], "total": self.total,
                "understood": self.understood.to_dict() if self.understood is not None else None,
                "alternatives": [a.to_dict() for a in self.alternatives]}


class BadQueryError(ValueError):
    """The query cannot be answered as given (message is meant for the user)."""


def resolve_now(now: datetime | None = None) -> datetime:
    """The clock for "open" and "published within": argument, else the configured clock (naive UTC)."""
    if now is None:
        now = current().clock()
    if now.tzinfo is not None:
        now = now.astimezone(UTC).replace(tzinfo=None)
    return now
