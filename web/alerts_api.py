"""The open API's job alerts: another service saves a search, and new ads are POSTed to its webhook.

    POST   /api/alerts        {"query": "lagerarbetare", "municipality": "Jönköping", "webhook_url": "https://…"}
    GET    /api/alerts        the caller's alerts
    GET    /api/alerts/{id}   one of them
    DELETE /api/alerts/{id}   stop it

Conventions of the matching API (web.match_api): the same rate limit per client address (bucket
"match"), pydantic schemas with descriptions in the OpenAPI docs at /docs, Swedish error details,
places by name or code. What is new here is ownership: an alert belongs to the caller, so every
request carries a client key in the `X-Jobbcoach-Client` header (32–128 letters, digits, - or _,
chosen by the caller like a password, e.g. `openssl rand -hex 24`). Only its SHA-256 is stored
(the alert's sender id is "api:<hash>"), so the database does not hold a key that could read or
delete anyone's alerts; another key's alert answers 404, exactly like a missing one.

The digests themselves are made by the web app's digest round (web.job_alerts) after each index
update, at most one per alert and JOBBCOACH_ALERT_DIGEST_HOURS, and POSTed as `WebhookDigest`.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Path, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.channels.message_guard import clean_text
from jobbcoach_settings.clock import now as clock_now
from jobmatch.alerts import read_alert
from jobmatch.places import UnknownPlaceError
from jobmatch.places import municipality as find_municipality
from jobmatch.places import region as find_region
from nlu import languages
from store import alerts as store_alerts
from web import job_alerts
from web.rate_limit import per_client

CLIENT_HEADER = "X-Jobbcoach-Client"
CLIENT_PATTERN = r"^[A-Za-z0-9_\-]{32,128}$"
MAX_ALERTS_PER_CLIENT = 100  # a client with more is a crawler, not a service for jobseekers
MAX_QUERY_CHARS = 200


@asynccontextmanager
async def alert_loops(_app: FastAPI) -> AsyncIterator[None]:
    """The digest watcher and the webhook sender run for as long as the app runs."""
    tasks = [asyncio.create_task(job_alerts.watcher.run()), asyncio.create_task(job_alerts.webhooks.run())]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()


router = APIRouter(prefix="/api/alerts", tags=["alerts"], lifespan=alert_loops,
                   dependencies=[Depends(per_client("match"))])


def client_owner(
    x_jobbcoach_client: Annotated[str | None, Header(
        description="Klientnyckel: 32–128 tecken A–Z, a–z, 0–9, - eller _, som bara ni känner till",
        pattern=CLIENT_PATTERN)] = None,
) -> str:
    """The owner id of the caller's alerts: "api:" and the key's SHA-256 (the key is never stored)."""
    if not x_jobbcoach_client:
        raise HTTPException(status_code=401, detail=f"{CLIENT_HEADER} saknas: ange er klientnyckel.")
    return "api:" + hashlib.sha256(x_jobbcoach_client.encode()).hexdigest()[:40]


Owner = Annotated[str, Depends(client_owner)]


class AlertRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: str = Field(..., min_length=1, max_length=MAX_QUERY_CHARS,
                       description="what to watch in the jobseeker's words: 'lagerarbetare', 'kock i Malmö'")
    municipality: str | None = Field(None, max_length=100, description="name ('Jönköping') or code ('0680')")
    region: str | None = Field(None, max_length=100, description="name ('Skåne') or code ('12')")
    webhook_url: str = Field(..., min_length=1, max_length=2000,
                             description="http(s) address that receives each digest as a JSON POST")
    language: str = Field("sv", description="language of the digest's sentence: sv, en, ar, so, uk or fa")

    @field_validator("query")
    @classmethod
    def printable(cls, text: str) -> str:
        text = clean_text(text).strip()
        if not text:
            raise ValueError("query är tom")
        return text

    @field_validator("language")
    @classmethod
    def known_language(cls, code: str) -> str:
        if code not in languages.codes():
            raise ValueError(f"okänt språk {code!r}; välj ett av {', '.join(languages.codes())}")
        return code


class Understood(BaseModel):
    occupation: str | None = Field(None, description="the occupation recognised, a taxonomy label")
    place: str | None = None
    words: list[str] = Field([], description="words the taxonomy does not know: every one must be in the ad")


class AlertResponse(BaseModel):
    id: int
    query: str
    place: str | None = None
    language: str
    webhook_url: str
    understood: Understood
    created_at: datetime
    last_digest_at: datetime | None = None


class AlertList(BaseModel):
    alerts: list[AlertResponse]


class DigestAd(BaseModel):
    id: str
    headline: str
    employer: str
    municipality: str
    municipality_code: str
    occupation: str
    ssyk: str
    extent: str
    publication_date: str
    deadline: str
    url: str


class WebhookDigest(BaseModel):
    """What the webhook receives: at most one per alert a day, only ads it was not sent before."""

    alert_id: int
    query: str
    place: str | None = None
    sent_at: str = Field(description="ISO date-time of the digest round")
    count: int = Field(description="new ads since the last digest (the first ten are in `ads`)")
    text: str = Field(description="one sentence about the digest, in the alert's language")
    ads: list[DigestAd]


def _place_label(body: AlertRequest) -> str | None:
    try:
        if body.municipality:
            return find_municipality(body.municipality).label
        if body.region:
            return find_region(body.region).label
    except UnknownPlaceError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return None


def _response(alert: store_alerts.Alert) -> AlertResponse:
    reading = read_alert(alert.query, alert.occupation, alert.place)
    return AlertResponse(id=alert.id, query=alert.query, place=alert.place, language=alert.language,
                         webhook_url=alert.webhook_url or "", created_at=alert.created_at,
                         last_digest_at=alert.last_digest_at,
                         understood=Understood(occupation=reading.occupation, place=reading.place,
                                               words=list(reading.words)))


def _mine(alert_id: int, owner: str) -> store_alerts.Alert:
    alert = store_alerts.get(alert_id, owner)
    if alert is None:
        raise HTTPException(status_code=404, detail=f"ingen bevakning med id {alert_id} för den här klientnyckeln")
    return alert


@router.post("", response_model=AlertResponse, status_code=201, summary="Skapa en jobbevakning med webhook",
             description="Nya annonser som matchar skickas som JSON (WebhookDigest) med POST till webhook_url "
                         "efter varje uppdatering av annonserna, högst en gång per dygn och bevakning.")
def create_alert(body: AlertRequest, owner: Owner) -> AlertResponse:
    if problem := job_alerts.webhook_problem(body.webhook_url):
        raise HTTPException(status_code=422, detail=problem)
    place = _place_label(body)
    reading = read_alert(body.query, None, place)
    if not reading.names_anything:
        raise HTTPException(status_code=422, detail="query nämner inget yrke, ord eller ort att bevaka; "
                            "skriv till exempel 'lagerarbetare' eller 'kock i Malmö'")
    existing = store_alerts.of_sender(owner)
    for alert in existing:
        if alert.query.lower() == body.query.lower() and alert.place == place and alert.webhook_url == body.webhook_url:
            raise HTTPException(status_code=409, detail=f"en likadan bevakning finns redan (id {alert.id})")
    if len(existing) >= MAX_ALERTS_PER_CLIENT:
        raise HTTPException(status_code=409, detail=f"högst {MAX_ALERTS_PER_CLIENT} bevakningar per klientnyckel; "
                            "ta bort en innan du skapar en ny")
    alert = store_alerts.create(owner, body.query, place=place, language=body.language,
                                channel=store_alerts.WEBHOOK, webhook_url=body.webhook_url, now=clock_now())
    return _response(alert)


@router.get("", response_model=AlertList, summary="Mina jobbevakningar")
def list_alerts(owner: Owner) -> AlertList:
    return AlertList(alerts=[_response(a) for a in store_alerts.of_sender(owner)])


AlertId = Annotated[int, Path(ge=1, le=2**31 - 1, description="the alert's id")]


@router.get("/{alert_id}", response_model=AlertResponse, summary="En jobbevakning")
def get_alert(alert_id: AlertId, owner: Owner) -> AlertResponse:
    return _response(_mine(alert_id, owner))


@router.delete("/{alert_id}", status_code=204, response_class=Response, summary="Ta bort en jobbevakning")
def delete_alert(alert_id: AlertId, owner: Owner) -> Response:
    if not store_alerts.remove(alert_id, owner):
        _mine(alert_id, owner)  # raises the 404 with its message
    return Response(status_code=204)
