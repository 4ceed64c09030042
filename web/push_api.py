"""HTTP side of push: the widget's event stream, its acknowledgements, and the internal push door.

- `GET /api/chat/stream` (server-sent events, sse-starlette): the widget's queued messages, oldest
  first, then each new one as it is pushed. The sender id comes in the X-Jobbcoach-Sender header
  (the widget reads the stream with fetch, not EventSource, which cannot send headers), so the
  capability never appears in a URL or an access log.
- `POST /api/chat/stream/ack`: the widget confirms the ids it has shown; only then is a message
  delivered. Unacknowledged ones come again on the next stream (after a reload, a lost connection
  or a restart of this app), and the widget shows each id once.
- `POST /internal/push` (contract in the team's COMMON.md): loopback callers with the internal
  token queue messages for any sender; see web.push for where they go.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

import httpx
from fastapi import APIRouter, FastAPI, Header, HTTPException, Request
from pydantic import BaseModel, Field
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from store import outbox
from web import push
from web.chat_api import bot_message
from web.chat_identity import WidgetSender

# A stream re-reads the outbox this often even without a wake-up from this process (a push that
# reached another worker); a comment line every PING_S keeps proxies from closing an idle stream.
STREAM_POLL_S = 20.0
PING_S = 15
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
MAX_PUSH_MESSAGES = 50
PUSH_SENDER = re.compile(r"^[\w.:@+\-]{1,255}$")  # as bot.channels.message_guard's sender ids


@asynccontextmanager
async def delivery_loop(_app: FastAPI) -> AsyncIterator[None]:
    """Make the internal token, then run the Telegram/Slack delivery loop for as long as the app runs."""
    push.internal_token()  # made now if missing, so Rasa's REST channel finds it before the first push
    task = asyncio.create_task(push.messaging.run())
    try:
        yield
    finally:
        task.cancel()


router = APIRouter(tags=["push"], lifespan=delivery_loop)


class Ack(BaseModel):
    ids: list[int] = Field(min_length=1, max_length=outbox.MAX_BATCH)


class Acked(BaseModel):
    acknowledged: int


class PushRequest(BaseModel):
    sender_id: str = Field(min_length=1, max_length=255)
    messages: list[dict[str, Any]] = Field(min_length=1, max_length=MAX_PUSH_MESSAGES)
    channel: Literal["web", "telegram", "slack"] | None = Field(
        None, description="Valfritt: annars widget-id → web, annars konversationens senaste kanal i Rasa")


class Queued(BaseModel):
    channel: str
    ids: list[int]


def stream_event(item: outbox.Pushed) -> ServerSentEvent | None:
    """A queued message as the widget draws it (text, buttons, image, custom), or None if empty."""
    shown = bot_message(item.message)
    if shown is None:
        return None
    data = shown.model_dump(exclude_none=True)
    data["at"] = item.created_at.timestamp()
    return ServerSentEvent(data=json.dumps(data, ensure_ascii=False), id=str(item.id), event="push")


async def sender_events(sender_id: str) -> AsyncIterator[ServerSentEvent]:
    """Everything queued for the sender, then each new push; ends when the client goes away."""
    yield ServerSentEvent(data="{}", event="ready")
    last_sent = 0
    while True:
        batch = await run_in_threadpool(outbox.pending, sender_id, last_sent)
        empty = []
        for item in batch:
            last_sent = item.id
            event = stream_event(item)
            if event is None:
                empty.append(item.id)
            else:
                yield event
        if empty:  # nothing to show: delivered by definition
            await run_in_threadpool(outbox.acknowledge, sender_id, empty)
        if len(batch) < outbox.MAX_BATCH:
            await push.hub.wait(sender_id, STREAM_POLL_S)


@router.get("/api/chat/stream", summary="Meddelanden som Jobbcoach skickar på eget initiativ (SSE)")
async def stream(sender: WidgetSender) -> EventSourceResponse:
    return EventSourceResponse(sender_events(sender), ping=PING_S,
                               headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


@router.post("/api/chat/stream/ack", response_model=Acked, summary="Bekräfta visade meddelanden")
async def acknowledge(ack: Ack, sender: WidgetSender) -> Acked:
    delivered = await run_in_threadpool(outbox.acknowledge, sender, ack.ids)
    async with httpx.AsyncClient(timeout=push.RASA_TIMEOUT_S) as client:
        await push.remember_shown_ads(client, delivered)
    return Acked(acknowledged=len(delivered))


@router.post("/internal/push", response_model=Queued, include_in_schema=False)
async def internal_push(
    body: PushRequest, request: Request,
    x_jobbcoach_internal: Annotated[str | None, Header()] = None,
) -> Queued:
    """Queue messages for a jobseeker (reminders from Rasa, alert digests); loopback and token only."""
    if request.client is None or request.client.host not in LOOPBACK:
        raise HTTPException(status_code=403, detail="Only local callers may push.")
    if not push.token_matches(x_jobbcoach_internal):
        raise HTTPException(status_code=401, detail="Missing or wrong X-Jobbcoach-Internal token.")
    if not PUSH_SENDER.match(body.sender_id):
        raise HTTPException(status_code=422, detail="sender_id: 1-255 letters, digits or . _ : @ + -")
    messages = [m for m in body.messages if bot_message(m) is not None]
    if not messages:
        raise HTTPException(status_code=422, detail="No message with text, buttons, image or custom payload.")
    channel, ids = await push.push(body.sender_id, messages, body.channel)
    return Queued(channel=channel, ids=ids)
