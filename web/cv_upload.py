"""A CV file handed over in the chat: read it, keep what matching needs, tell the dialogue.

Two doors, one path (`hand_over`):
- `POST /api/chat/cv`, the widget's: the file is the request body itself (its type in
  Content-Type, its name percent-encoded in X-Jobbcoach-Filename), the sender in X-Jobbcoach-Sender
  as for every widget call. A raw body, not a multipart form, so the file never touches a disk
  (Starlette spools form uploads over 1 MB to a temporary file) and the size is cut off while reading.
- `POST /internal/cv`, Rasa's Telegram channel's (bot/channels/telegram.py): loopback and the internal
  token, for a document the channel downloaded, or only the problem when it refused one before the
  download (too large).

The file is read in memory (jobmatch.cv_files), the profile extracted (jobmatch.cv_profile), and the
bytes and the text are dropped when this request ends. What the dialogue gets is the profile alone,
as the entity `cv_profile` of the external event `EXTERNAL_cv_received` (Rasa's trigger_intent), so
the pending profile lives in the conversation's tracker, which erasure already deletes, and nothing
is written to the store until the jobseeker says yes (actions/cv_upload.py). A file that cannot be
read becomes `EXTERNAL_cv_file_problem` with the kind, so the bot answers it in the jobseeker's
language. The answers reach the widget through the push outbox (Rasa's REST channel pushes what an
external event says) and Telegram through Rasa's Telegram channel.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any, Literal
from urllib.parse import unquote

import httpx
from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from jobmatch.cv_files import MAX_FILE_BYTES, CvFileError, read_cv_file
from jobmatch.cv_profile import profile_from_cv_text, resolve_concepts
from store import cv_formats
from web import push
from web.chat_api import NO_STORE, BotUnreachable, rasa_token, rasa_url
from web.chat_identity import WidgetSender
from web.push_api import LOOPBACK, PUSH_SENDER
from web.rate_limit import per_client

logger = logging.getLogger(__name__)

router = APIRouter(tags=["chatt"])

RECEIVED_INTENT = "EXTERNAL_cv_received"
PROBLEM_INTENT = "EXTERNAL_cv_file_problem"
PROFILE_ENTITY = "cv_profile"
PROBLEM_ENTITY = "cv_file_problem"
FILENAME_HEADER = "X-Jobbcoach-Filename"
MAX_FILENAME_CHARS = 255
# Rasa runs the summary action on the action server; a slow one is cut off by Rasa itself.
RASA_TIMEOUT_S = 60.0
# Which Rasa output channel speaks to a sender of each door: the REST channel pushes to the widget.
OUTPUT_CHANNELS = {"web": "rest", "telegram": "telegram"}

Problem = Literal["too_large", "too_many_pages", "no_text", "encrypted", "zip_bomb", "wrong_type",
                  "unreadable", "empty"]


class HandedOver(BaseModel):
    """What became of the file; the jobseeker's answer comes from the bot, in the chat."""

    read: bool = Field(description="Om filen gick att läsa som ett CV")
    problem: Problem | None = Field(None, description="Varför den inte gick att läsa")


class TooLarge(Exception):
    """The body grew past MAX_FILE_BYTES while it was read."""


async def read_body_capped(request: Request, limit: int = MAX_FILE_BYTES) -> bytes:
    """The request body, refused as soon as it is larger than `limit` (a declared length is trusted
    only to refuse early: a chunked body is counted as it comes)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge()
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


def filename_from(header: str | None) -> str:
    """The file's name from its percent-encoded header; only its last part, never a path."""
    name = unquote(header or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:MAX_FILENAME_CHARS] or "cv"


def is_profile_document(filename: str, content_type: str | None) -> bool:
    """A profile exported elsewhere (JSON Resume, Europass JSON, Jobbcoach JSON), not a CV to read."""
    return filename.lower().endswith(".json") or (content_type or "").split(";")[0].strip() == "application/json"


def imported_profile(data: bytes) -> dict[str, Any]:
    """A profile document's profile, its labels resolved against the taxonomy; CvFileError when it is none."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
        return resolve_concepts(cv_formats.import_profile(document))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise CvFileError("unreadable", "not UTF-8 JSON") from error
    except cv_formats.CvFormatError as error:
        raise CvFileError("wrong_type", str(error)) from error


def profile_of(data: bytes, filename: str, content_type: str | None) -> dict[str, Any]:
    """The structured profile of a CV file, or of an exported profile (the way back in: a profile
    taken from Jobbcoach or another service is handed over like a CV). Raises CvFileError. Runs in
    a worker thread (parsing is CPU)."""
    if not data:
        raise CvFileError("empty", "no bytes")
    if is_profile_document(filename, content_type):
        return imported_profile(data)
    document = read_cv_file(data, filename, content_type)
    return profile_from_cv_text(document.text).to_dict()


async def tell_dialogue(sender_id: str, channel: str, intent: str, entities: dict[str, Any]) -> None:
    """The external event for this sender through Rasa's HTTP API; what the bot says goes to `channel`."""
    params = {"output_channel": OUTPUT_CHANNELS[channel]}
    if token := rasa_token():
        params["token"] = token
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(RASA_TIMEOUT_S, connect=5)) as client:
            answer = await client.post(f"{rasa_url()}/conversations/{sender_id}/trigger_intent", params=params,
                                       json={"name": intent, "entities": entities})
    except httpx.ConnectError as error:
        raise BotUnreachable() from error
    except httpx.HTTPError as error:
        raise HTTPException(status_code=504, detail="Jobbcoach svarade inte i tid.") from error
    if answer.status_code >= 500 or answer.status_code == 404:
        raise BotUnreachable()
    if answer.status_code != 200:
        logger.error("Rasa refused the CV event for a %s sender (%s)", channel, answer.status_code)
        raise HTTPException(status_code=502, detail="Jobbcoach svarade inte som väntat.")


async def hand_over(sender_id: str, channel: str, data: bytes | None, filename: str,
                    content_type: str | None, problem: str | None = None) -> HandedOver:
    """Read the file (unless the caller already refused it) and tell the dialogue what came of it.

    Nothing is kept here: `data` and the text die with this call; the profile goes to the tracker."""
    if problem is None and data is not None:
        try:
            profile = await run_in_threadpool(profile_of, data, filename, content_type)
        except CvFileError as error:
            problem = error.kind
            logger.info("A CV file from a %s sender was refused: %s", channel, error)
        except Exception:  # noqa: BLE001 - a parser's own bug must still give the jobseeker a kind answer
            problem = "unreadable"
            logger.exception("A CV file from a %s sender could not be read", channel)
        else:
            await tell_dialogue(sender_id, channel, RECEIVED_INTENT, {PROFILE_ENTITY: profile})
            return HandedOver(read=True)
    problem = problem or "empty"
    await tell_dialogue(sender_id, channel, PROBLEM_INTENT, {PROBLEM_ENTITY: problem})
    return HandedOver(read=False, problem=problem)


@router.post("/api/chat/cv", response_model=HandedOver, summary="Lämna ett CV i chatten (PDF, DOCX, ODT, text)",
             dependencies=[Depends(per_client("profile"))],
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
                     "schema": {"type": "string", "format": "binary"}},
                 "application/vnd.oasis.opendocument.text": {"schema": {"type": "string", "format": "binary"}},
                 "text/plain": {"schema": {"type": "string", "format": "binary"}}}}})
async def widget_cv(
    request: Request, response: Response, sender: WidgetSender,
    x_jobbcoach_filename: Annotated[str | None, Header(description="Filens namn, procentkodat")] = None,
) -> HandedOver:
    """The widget's file: read, its profile handed to the dialogue, which shows the summary in the chat.

    200 when the bot was told (read or not: `problem` says why not, and the bot has said it kindly);
    503 when Rasa was not reached (nothing happened, safe to send again)."""
    filename = filename_from(x_jobbcoach_filename)
    try:
        data: bytes | None = await read_body_capped(request)
        problem = None
    except TooLarge:
        data, problem = None, "too_large"
    response.headers.update(NO_STORE)
    return await hand_over(sender, "web", data, filename, request.headers.get("content-type"), problem)


@router.post("/internal/cv", response_model=HandedOver, include_in_schema=False)
async def internal_cv(
    request: Request,
    sender_id: Annotated[str, Query(max_length=255)],
    channel: Annotated[Literal["telegram"], Query()],
    problem: Annotated[Problem | None, Query()] = None,
    x_jobbcoach_internal: Annotated[str | None, Header()] = None,
    x_jobbcoach_filename: Annotated[str | None, Header()] = None,
) -> HandedOver:
    """A document a messaging channel received (or refused before downloading); loopback and token only."""
    if request.client is None or request.client.host not in LOOPBACK:
        raise HTTPException(status_code=403, detail="Only local callers may hand over files.")
    if not push.token_matches(x_jobbcoach_internal):
        raise HTTPException(status_code=401, detail="Missing or wrong X-Jobbcoach-Internal token.")
    if not PUSH_SENDER.match(sender_id):
        raise HTTPException(status_code=422, detail="sender_id: 1-255 letters, digits or . _ : @ + -")
    data = None
    if problem is None:
        try:
            data = await read_body_capped(request)
        except TooLarge:
            problem = "too_large"
    return await hand_over(sender_id, channel, data, filename_from(x_jobbcoach_filename),
                           request.headers.get("content-type"), problem)
