"""The open insight API under /api/insight: what employers ask for, and where the competence is.

`GET /api/insight/demand`: for a municipality, a county or the whole country and a period, the
occupation groups and skills most asked for, with counts, the change against the period before and
the tightness (ads per jobseeker searching); for an occupation, its skills and the places with most
of its ads. `GET /api/insight/supply`: municipalities (or counties) ranked by the distinct jobseekers
who searched for an occupation or skill or hold it in a consented profile, only where at least
K = 10 stand behind a number. Same house style as web/match_api.py: plain `def` endpoints (the
thread pool), 422 with a clear message on bad input, 503 when the index is not ready.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field

from jobmatch.insight import MAX_TOP
from web import labour_market
from web.match_api import _call, get_match_service
from web.rate_limit import per_client

PERIOD_PATTERN = r"^(quarter|30d|90d|20\d\d-Q[1-4])$"
PERIOD_HELP = "quarter (this quarter so far, the default), 30d, 90d, or a quarter such as 2026-Q3"


class Period(BaseModel):
    kind: str = Field(description="quarter | 30d | 90d | 2026-Q3")
    start: str = Field(description="first moment counted (ISO, Swedish time)")
    end: str = Field(description="first moment not counted")
    previous_start: str = Field(description="the period compared with: for a quarter, the same stretch of the one before")
    previous_end: str
    quarter: int | None = None
    year: int | None = None
    days: int | None = None


class Area(BaseModel):
    kind: str = Field(description="municipality | region | country")
    municipality_code: str | None = None
    region_code: str | None = None
    label: str | None = None


class DemandItem(BaseModel):
    ssyk: str | None = Field(None, description="occupation groups: the SSYK code")
    id: str | None = Field(None, description="skills: the taxonomy concept id")
    label: str | None = None
    recent: int = Field(description="ads in the period")
    previous: int = Field(description="ads in the period before")
    change: int
    change_ratio: float | None = Field(None, description="relative change; null when either period has under 5 ads")
    few: bool = Field(description="under 5 ads: say the number, do not rank on it")
    jobseekers: int | None = Field(None, description="distinct jobseekers searching for it there; null under k")
    tightness: float | None = Field(None, description="ads per jobseeker searching (recent / jobseekers)")


class PlaceAds(BaseModel):
    code: str
    label: str | None = None
    recent: int
    previous: int
    change: int
    change_ratio: float | None = None
    few: bool


class ConceptOut(BaseModel):
    kind: str = Field(description="occupation | group | skill")
    code: str
    label: str


class DemandInsight(BaseModel):
    area: Area
    period: Period
    occupation: ConceptOut | None = Field(None, description="when asked for one occupation or group")
    ads_recent: int
    ads_previous: int
    few: bool = Field(description="under 20 ads in the area and period: list them plainly, no ranking")
    occupation_groups: list[DemandItem]
    skills: list[DemandItem]
    places: list[PlaceAds] = Field([], description="with an occupation and no municipality: where its ads are")
    k: int = Field(description="the k-anonymity threshold of the jobseeker counts")


class SupplyPlace(BaseModel):
    code: str
    label: str | None = None
    jobseekers: int = Field(description="distinct jobseekers (at least k)")
    ads_recent: int | None = Field(None, description="ads for the occupation there in the period")
    tightness: float | None = None


class SupplyInsight(BaseModel):
    concept: ConceptOut
    period: Period
    by: str
    region_code: str | None = None
    k: int
    places: list[SupplyPlace] = Field(description="places with fewer than k jobseekers are left out")


router = APIRouter(prefix="/api/insight", tags=["insight"], dependencies=[Depends(per_client("match"))])
# _call turns a BadQueryError (an unknown place, occupation or skill; a quarter not begun) into 422.


@router.get("/demand", response_model=DemandInsight, summary="Vad arbetsgivare söker: yrkesgrupper och kompetenser")
def insight_demand(
    municipality: str | None = Query(None, max_length=100, description="name ('Kiruna') or code ('2584')"),
    region: str | None = Query(None, max_length=100, description="county: name ('Skåne') or code ('12')"),
    occupation: str | None = Query(None, max_length=100, description="occupation or group: name, concept id or SSYK"),
    period: str = Query("quarter", pattern=PERIOD_PATTERN, description=PERIOD_HELP),
    top: int = Query(10, ge=1, le=MAX_TOP),
    service=Depends(get_match_service),
) -> DemandInsight:
    def answer():
        muni, reg = labour_market.place_codes(municipality, region)
        return labour_market.demand(service, muni, reg, period, top, occupation)
    return DemandInsight(**_call(answer))


@router.get("/supply", response_model=SupplyInsight, summary="Var kompetensen finns (k-anonymt)")
def insight_supply(
    occupation: str | None = Query(None, max_length=100, description="occupation or group: name, concept id or SSYK"),
    skill: str | None = Query(None, max_length=100, description="skill or licence: name or concept id"),
    region: str | None = Query(None, max_length=100, description="only municipalities in this county"),
    by: str = Query("municipality", pattern="^(municipality|region)$"),
    period: str = Query("quarter", pattern=PERIOD_PATTERN, description=PERIOD_HELP),
    top: int = Query(20, ge=1, le=MAX_TOP),
    service=Depends(get_match_service),
) -> SupplyInsight:
    if bool(occupation) == bool(skill):
        raise HTTPException(status_code=422, detail="ange antingen occupation eller skill")

    def answer():
        concept = labour_market.occupation(occupation) if occupation else labour_market.skill(skill)
        _, reg = labour_market.place_codes(None, region)
        return labour_market.supply_places(service, concept, period, reg, by, top)
    return SupplyInsight(**_call(answer))
