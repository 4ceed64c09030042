"""The open matching API under /api/: search, profile match, labour demand, ad lookup, health.

A FastAPI APIRouter that the project's web app includes (`app.include_router(router)`);
`create_match_app()` wraps it alone for tests and quick runs. Blocking service calls are plain
`def` endpoints, so FastAPI runs them in its thread pool and the event loop stays free.

Contract (tested by others): GET /api/match → {"hits": [{"id", "headline", "employer",
"municipality", "deadline", "url", "score", "reason", + "reasons", "skills", "matched_skills",
"missing_skills"}], "total", + "understood", "alternatives"} (the + fields were added, nothing removed).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Path, Query
from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.channels.message_guard import clean_text
from jobmatch.places import UnknownPlaceError
from jobmatch.places import municipality as find_municipality
from jobmatch.places import region as find_region
from jobmatch.query import (
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_PROFILE_CHARS,
    MAX_QUERY_CHARS,
    BadQueryError,
    SearchQuery,
)
from jobmatch.service import get_service
from web.rate_limit import per_client


class Reason(BaseModel):
    kind: str = Field(description="occupation | group | skill | place | meaning")
    label: str
    related: bool | None = Field(None, description="group: an occupation of the same group as one named")


class MatchHit(BaseModel):
    id: str
    headline: str
    employer: str
    municipality: str
    deadline: str
    url: str
    score: float
    reason: str
    reasons: list[Reason] = []
    skills: list[str] = Field([], description="skills and licences the ad names")
    matched_skills: list[str] = Field([], description="of those, what the jobseeker has or asked for")
    missing_skills: list[str] = []


class Understood(BaseModel):
    text: str = Field(description="what the query was read as, e.g. 'systemutvecklare i Stockholm'")
    occupation: str | None = None
    occupation_id: str | None = None
    group: str | None = None
    group_code: str | None = None
    place: str | None = None
    place_code: str | None = None
    skills: list[str] = []
    licences: list[str] = []
    corrections: list[list[str]] = []
    query_type: str


class Alternative(BaseModel):
    kind: str = Field(description="place | occupation")
    label: str
    code: str
    count: int


class MatchResponse(BaseModel):
    hits: list[MatchHit]
    total: int
    understood: Understood | None = None
    alternatives: list[Alternative] = Field([], description="when nothing fits: the nearest real alternatives")


class ProfileRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(..., min_length=1, max_length=MAX_PROFILE_CHARS,
                      description="CV or free text about yourself, up to a few pages")
    municipality: str | None = Field(None, max_length=100, description="name ('Umeå', 'umea') or code ('2480')")
    region: str | None = Field(None, max_length=100, description="name ('Västerbotten') or code ('24')")
    limit: int = Field(10, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    extent: str | None = Field(None, pattern="^(heltid|deltid)$")
    remote: bool | None = None

    @field_validator("text")
    @classmethod
    def printable(cls, text: str) -> str:
        """Lone surrogates are valid JSON escapes but no text: the embedder cannot encode them."""
        return clean_text(text)


class OccupationDemand(BaseModel):
    id: str | None = None
    label: str | None = None
    ssyk: str | None = None
    recent: int
    previous: int
    change: int
    change_ratio: float | None = None


class DemandResponse(BaseModel):
    municipality_code: str | None = None
    region_code: str | None = None
    window_days: int
    period: dict[str, str]
    ads_recent: int
    ads_previous: int
    occupations: list[OccupationDemand]
    occupation_groups: list[OccupationDemand]


class AdResponse(BaseModel):
    id: str
    headline: str
    employer: str
    description: str
    url: str
    occupation: str
    occupation_group: str
    ssyk: str
    municipality: str
    municipality_code: str
    region: str
    region_code: str
    extent: str
    remote: bool
    employment_type: str
    publication_date: str
    deadline: str


class HealthResponse(BaseModel):
    ok: bool
    ads: int
    model: str | None = None
    error: str | None = None


def get_match_service():
    """Dependency: the process-wide matching service (override in tests)."""
    return get_service()


def _place_codes(municipality: str | None, region: str | None) -> tuple[str | None, str | None]:
    try:
        muni = ",".join(find_municipality(m).code for m in municipality.split(",") if m.strip()) \
            if municipality else None
        reg = find_region(region).code if region else None
    except UnknownPlaceError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return muni or None, reg


def _call(fn: Callable[[], Any]) -> Any:
    """Run a service call, turning its errors into HTTP answers with a clear message."""
    # Imported here, not at the top: both modules import numpy (0.5 s measured with -X importtime, more on a busy
    # machine), and importing the router must load nothing heavy (tests/jobmatch/test_embedders_and_laziness).
    from jobmatch.embedders import EmbedderConfigError
    from jobmatch.local_index import IndexNotFoundError

    try:
        return fn()
    except BadQueryError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    except (IndexNotFoundError, EmbedderConfigError) as exc:
        raise HTTPException(status_code=503, detail=f"matchningen är inte redo: {exc}") from exc


def _response(result) -> MatchResponse:
    data = result.to_dict()
    understood = data.get("understood")
    return MatchResponse(hits=[MatchHit(**{k: h[k] for k in MatchHit.model_fields}) for h in data["hits"]],
                         total=result.total,
                         understood=Understood(**{k: understood[k] for k in Understood.model_fields}) if understood
                         else None,
                         alternatives=[Alternative(**a) for a in data.get("alternatives", [])])


router = APIRouter(prefix="/api", tags=["matching"], dependencies=[Depends(per_client("match"))])
# Matching a whole CV embeds up to jobmatch.profile_text.MAX_CHUNKS chunks: seconds of CPU under load.
# One at a time (the machine has two cores and everyone's searches share them); a caller that waits
# longer than this gets 503 with Retry-After instead of queueing without end.
PROFILE_MATCHES_AT_ONCE = 1
PROFILE_WAIT_SECONDS = 10.0
_profile_slots = threading.BoundedSemaphore(PROFILE_MATCHES_AT_ONCE)


@router.get("/match", response_model=MatchResponse, summary="Sök jobb med fri text")
def match(
    q: str = Query("", max_length=MAX_QUERY_CHARS, description="what the job seeker writes"),
    municipality: str | None = Query(None, max_length=200, description="name or code; several comma-separated"),
    region: str | None = Query(None, max_length=100),
    limit: int = Query(10, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    extent: str | None = Query(None, pattern="^(heltid|deltid)$"),
    remote: bool | None = Query(None, description="true: only Distans/hybrid"),
    employment_type: str | None = Query(None, max_length=100),
    published_within_days: int | None = Query(None, ge=0, le=3650),
    occupation_id: str | None = Query(None, max_length=40, description="taxonomy concept id or SSYK code (boost)"),
    include_closed: bool = Query(False, description="also ads whose deadline has passed"),
    lang: str | None = Query(None, pattern="^[a-z]{2,3}$",
                             description="the language q is written in (sv, en, ar, so, uk, fa); else read from q"),
    service=Depends(get_match_service),
) -> MatchResponse:
    muni, reg = _place_codes(municipality, region)
    query = SearchQuery(text=q, municipality_code=muni, region_code=reg, extent=extent, remote=remote,
                        employment_type=employment_type, published_within_days=published_within_days,
                        occupation_id=occupation_id, open_only=not include_closed, language=lang)
    return _response(_call(lambda: service.search(query, limit=limit, offset=offset)))


@router.post("/match/profile", response_model=MatchResponse, summary="Matcha ett CV eller en längre text",
             dependencies=[Depends(per_client("profile"))])
def match_profile(body: ProfileRequest, service=Depends(get_match_service)) -> MatchResponse:
    muni, reg = _place_codes(body.municipality, body.region)
    base = SearchQuery(municipality_code=muni, region_code=reg, extent=body.extent, remote=body.remote)
    if not _profile_slots.acquire(timeout=PROFILE_WAIT_SECONDS):
        raise HTTPException(status_code=503, detail="Matchningen av långa texter är upptagen just nu. Försök igen "
                            "om en stund.", headers={"Retry-After": "5"})
    try:
        return _response(_call(lambda: service.match_profile(body.text, limit=body.limit, offset=body.offset,
                                                             query=base)))
    finally:
        _profile_slots.release()


@router.get("/demand", response_model=DemandResponse, summary="Efterfrågade yrken senaste 90 dagarna")
def demand(
    municipality: str | None = Query(None, max_length=100),
    region: str | None = Query(None, max_length=100),
    top: int = Query(10, ge=1, le=50),
    service=Depends(get_match_service),
) -> DemandResponse:
    muni, reg = _place_codes(municipality, region)
    if muni and "," in muni:
        raise HTTPException(status_code=422, detail="ange en kommun åt gången för efterfrågan")
    return DemandResponse(**_call(lambda: service.demand(municipality_code=muni, region_code=reg, top=top)))


@router.get("/ads/{ad_id}", response_model=AdResponse, summary="En annons")
def get_ad(ad_id: str = Path(..., min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_\-]+$"),
           service=Depends(get_match_service)) -> AdResponse:
    ad = _call(lambda: service.get_ad(ad_id))
    if ad is None:
        raise HTTPException(status_code=404, detail=f"ingen annons med id {ad_id}")
    return AdResponse(id=ad.id, headline=ad.headline, employer=ad.employer, description=ad.description, url=ad.url,
                      occupation=ad.occupation_label, occupation_group=ad.group_label, ssyk=ad.ssyk,
                      municipality=ad.municipality, municipality_code=ad.municipality_code, region=ad.region,
                      region_code=ad.region_code, extent=ad.extent, remote=ad.remote,
                      employment_type=ad.employment_type, publication_date=ad.publication_date, deadline=ad.deadline)


@router.get("/health", response_model=HealthResponse, summary="Är matchningen redo?")
def health(service=Depends(get_match_service)) -> HealthResponse:
    info = service.health()
    return HealthResponse(ok=info["ok"], ads=info["ads"], model=info.get("model"), error=info.get("error"))


def create_match_app(service=None) -> FastAPI:
    """A FastAPI app with only the matching router (tests; `uvicorn web.match_api:create_match_app --factory`)."""
    app = FastAPI(title="Jobbcoach matchning", version="1.0")
    app.include_router(router)
    if service is not None:
        app.dependency_overrides[get_match_service] = lambda: service
    return app
