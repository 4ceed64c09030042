"""The open API's CV door: a CV file in, a structured profile out; a profile out and in, in open formats.

- `POST /api/profile/parse`: a multipart file (PDF, DOCX, ODT or TXT) → the profile
  (jobmatch.cv_profile). Nothing is stored: the body is read into memory with a cap
  (web.cv_upload.read_body_capped; Starlette's own form parsing would spool a file over 1 MB to a
  temporary file) and parsed there, and the bytes and the text live in this request only. Each
  jobmatch.cv_files.CvFileError kind has its status (413 too large; 415 not a type we read, or not
  what its name says; 422 the rest) and a message from web/cv_api_messages.yml.
- `GET /api/profile/export?format=json_resume|europass|europass_xml|jobbcoach`: the widget
  jobseeker's stored structured profile (X-Jobbcoach-Sender, as every widget call) in that format. The whole export
  of everything stored stays store.privacy.export (the chat's "ta med din profil", the console):
  this is the same profile, in a format another service reads.
- `POST /api/profile/import?format=…` (JSON) and `POST /api/profile/import/europass-xml`: such a
  document back into the jobseeker's profile (labels from another service resolved against the
  taxonomy), saved as their structured profile.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from python_multipart import create_form_parser
from python_multipart.exceptions import FormParserError
from starlette.concurrency import run_in_threadpool

from jobmatch.cv_files import ERROR_KINDS, MAX_FILE_BYTES, CvFileError, read_cv_file
from jobmatch.cv_profile import profile_from_cv_text, resolve_concepts
from store import cv_formats
from store.profiles import get_structured_profile, save_structured_profile
from web.chat_identity import WidgetSender
from web.cv_upload import TooLarge, read_body_capped
from web.rate_limit import per_client

MESSAGES = Path(__file__).with_name("cv_api_messages.yml")
STATUS_OF_KIND = {"too_large": 413, "wrong_type": 415}  # every other kind: 422
# The multipart wrapping around the file (boundaries, part headers): a few hundred bytes; 64 kB is
# room for long file names without letting a body much bigger than the file limit in.
MULTIPART_OVERHEAD = 64 * 1024
FILE_FIELD = b"file"
UPLOAD_SCHEMA = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": "CV: PDF, DOCX, ODT eller TXT, högst 5 MB"}}}}}}}
FormatName = Literal["jobbcoach", "json_resume", "europass", "europass_xml"]
JsonFormatName = Literal["jobbcoach", "json_resume", "europass"]

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


class Upload(BaseModel):
    data: bytes
    filename: str
    content_type: str | None


def file_from_form(body: bytes, content_type: str) -> Upload:
    """The `file` part of a multipart/form-data body, parsed in memory (python-multipart keeps a part
    in memory up to MAX_MEMORY_FILE_SIZE, here the whole body); 422 when there is none."""
    files = []
    config = {"MAX_MEMORY_FILE_SIZE": len(body) + 1, "MAX_BODY_SIZE": len(body) + 1}
    headers = {"Content-Type": content_type.encode("latin-1", "replace"), "Content-Length": str(len(body)).encode()}
    try:
        parser = create_form_parser(headers, on_field=None, on_file=files.append, config=config)
        parser.write(body)
        parser.finalize()
    except (FormParserError, ValueError) as error:
        raise HTTPException(status_code=422, detail=f"malformed multipart body: {error}") from None
    upload = next((f for f in files if f.field_name == FILE_FIELD), None)
    if upload is None:
        raise HTTPException(status_code=422, detail="send the CV as multipart/form-data in a field named 'file'")
    upload.file_object.seek(0)
    name = (upload.file_name or b"").decode("utf-8", "replace")
    return Upload(data=upload.file_object.read(), filename=name, content_type=getattr(upload, "content_type", None))


def parse_cv(data: bytes, filename: str, content_type: str | None) -> ParsedProfile:
    document = read_cv_file(data, filename, content_type)
    profile = profile_from_cv_text(document.text)
    return ParsedProfile(format=document.format, pages=document.pages, profile=profile.to_dict())


@router.post("/parse", response_model=ParsedProfile, summary="Läs en CV-fil till en strukturerad profil",
             responses={413: {"model": CvProblem}, 415: {"model": CvProblem}, 422: {"model": CvProblem}},
             dependencies=[Depends(per_client("profile"))], openapi_extra=UPLOAD_SCHEMA)
async def parse(request: Request) -> Any:
    """A CV file in (multipart/form-data, field `file`), the profile out; nothing is stored."""
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise HTTPException(status_code=422, detail="send the CV as multipart/form-data in a field named 'file'")
    try:
        body = await read_body_capped(request, MAX_FILE_BYTES + MULTIPART_OVERHEAD)
    except TooLarge:
        return problem_response("too_large")
    upload = file_from_form(body, content_type)
    try:
        return await run_in_threadpool(parse_cv, upload.data, upload.filename, upload.content_type)
    except CvFileError as error:
        return problem_response(error.kind)


@router.get("/export", summary="Din profil i ett öppet format (JSON Resume, Europass som JSON eller XML, Jobbcoach JSON)",
            responses={200: {"content": {"application/json": {}, "application/xml": {}}}})
def export(sender: WidgetSender, format: FormatName = Query("json_resume")) -> Any:  # noqa: A002
    profile = get_structured_profile(sender)
    if profile is None:
        raise HTTPException(status_code=404, detail=messages()["no_profile"]["sv"])
    if format == "europass_xml":
        return Response(cv_formats.to_europass_xml(profile), media_type="application/xml")
    return cv_formats.export_profile(profile, format)


@router.post("/import", summary="Läs in en profil i ett öppet format och spara den som din profil")
def import_profile(sender: WidgetSender, document: dict[str, Any] = Body(...),
                   format: JsonFormatName | None = Query(None)) -> dict[str, Any]:  # noqa: A002
    return save_imported(sender, lambda: cv_formats.import_profile(document, format))


@router.post("/import/europass-xml", summary="Läs in en Europass-profil i XML och spara den som din profil",
             openapi_extra={"requestBody": {"required": True, "content": {"application/xml": {"schema": {"type": "string"}}}}})
async def import_europass_xml(request: Request, sender: WidgetSender) -> dict[str, Any]:
    try:
        body = await read_body_capped(request, cv_formats.MAX_XML_BYTES)
    except TooLarge:
        raise HTTPException(status_code=413, detail="Europass XML: too large") from None
    return await run_in_threadpool(save_imported, sender, lambda: cv_formats.profile_from_europass_xml(body))


def save_imported(sender: str, read) -> dict[str, Any]:
    """Read a document with `read`, resolve its labels to taxonomy concepts, keep it as the profile."""
    try:
        profile = resolve_concepts(read())
    except cv_formats.CvFormatError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    return {"profile": save_structured_profile(sender, profile, datetime.now(UTC))}
