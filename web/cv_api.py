"""The open API's CV door: a CV file in, a structured profile out; a profile out and in, in open formats.

- `POST /api/profile/parse`: a multipart file (PDF, DOCX, ODT or TXT) → the profile
  (jobmatch.cv_profile). Nothing is stored: the bytes and the text live in this request only. Each
  jobmatch.cv_files.CvFileError kind has its status (413 too large; 415 not a type we read, or not
  what its name says; 422 the rest) and a message from web/cv_api_messages.yml.
- `GET /api/profile/export?format=json_resume|europass|jobbcoach`: the widget jobseeker's stored
  structured profile (X-Jobbcoach-Sender, as every widget call) in that format. The whole export
  of everything stored stays store.privacy.export (the chat's "ta med din profil", the console):
  this is the same profile, in a format another service reads.
- `POST /api/profile/import?format=…`: such a document back into the jobseeker's profile
  (labels from another service resolved against the taxonomy), saved as their structured profile.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from fastapi import APIRouter, Body, Depends, File, HTTPException, Query, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from jobmatch.cv_files import ERROR_KINDS, MAX_FILE_BYTES, CvFileError, read_cv_file
from jobmatch.cv_profile import profile_from_cv_text, resolve_concepts
from store import cv_formats
from store.profiles import get_structured_profile, save_structured_profile
from web.chat_identity import WidgetSender
from web.rate_limit import per_client

MESSAGES = Path(__file__).with_name("cv_api_messages.yml")
STATUS_OF_KIND = {"too_large": 413, "wrong_type": 415}  # every other kind: 422
FormatName = Literal["jobbcoach", "json_resume", "europass"]

router = APIRouter(prefix="/api/profile", tags=["profil"])


class CvProblem(BaseModel):
    kind: str = Field(description=" | ".join(ERROR_KINDS))
    message: str = Field(description="what is wrong, for a person (Swedish)")
    message_en: str = Field(description="the same in English")


class ParsedProfile(BaseModel):
    format: str = Field(description="pdf | docx | odt | txt")
    pages: int | None = None
    profile: dict[str, Any] = Field(description="occupations, skills, education_level, languages, "
                                                "driving_licences, municipality, municipality_code, extent")


@cache
def messages() -> dict[str, dict[str, str]]:
    """{kind: {"sv": …, "en": …}} from web/cv_api_messages.yml."""
    return yaml.safe_load(MESSAGES.read_text("utf-8"))


def problem_response(kind: str) -> JSONResponse:
    text = messages().get(kind) or messages()["unreadable"]
    body = CvProblem(kind=kind, message=text["sv"], message_en=text["en"])
    return JSONResponse(status_code=STATUS_OF_KIND.get(kind, 422), content={"detail": body.model_dump()})


async def read_limited(upload: UploadFile, limit: int = MAX_FILE_BYTES) -> bytes:
    """At most limit + 1 bytes of the upload: one byte more is enough to know it is too large."""
    return await upload.read(limit + 1)


def parse_cv(data: bytes, filename: str, content_type: str | None) -> ParsedProfile:
    document = read_cv_file(data, filename, content_type)
    profile = profile_from_cv_text(document.text)
    return ParsedProfile(format=document.format, pages=document.pages, profile=profile.to_dict())


@router.post("/parse", response_model=ParsedProfile, summary="Läs en CV-fil till en strukturerad profil",
             responses={413: {"model": CvProblem}, 415: {"model": CvProblem}, 422: {"model": CvProblem}},
             dependencies=[Depends(per_client("profile"))])
async def parse(file: UploadFile = File(description="CV: PDF, DOCX, ODT eller TXT, högst 5 MB")) -> Any:
    """A CV file in, the profile out; nothing is stored (neither the file nor the profile)."""
    data = await read_limited(file)
    try:
        return await run_in_threadpool(parse_cv, data, file.filename or "", file.content_type)
    except CvFileError as error:
        return problem_response(error.kind)
    finally:
        await file.close()


@router.get("/export", summary="Din profil i ett öppet format (JSON Resume, Europass eller Jobbcoach JSON)")
def export(sender: WidgetSender, format: FormatName = Query("json_resume")) -> dict[str, Any]:  # noqa: A002
    profile = get_structured_profile(sender)
    if profile is None:
        raise HTTPException(status_code=404, detail=messages()["no_profile"]["sv"])
    return cv_formats.export_profile(profile, format)


@router.post("/import", summary="Läs in en profil i ett öppet format och spara den som din profil")
def import_profile(sender: WidgetSender, document: dict[str, Any] = Body(...),
                   format: FormatName | None = Query(None)) -> dict[str, Any]:  # noqa: A002
    try:
        profile = resolve_concepts(cv_formats.import_profile(document, format))
    except cv_formats.CvFormatError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    save_structured_profile(sender, profile, datetime.now(UTC))
    return {"profile": profile}
