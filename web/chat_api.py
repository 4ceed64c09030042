"""The website widget's back end: forwards chat messages to Rasa and serves the conversation history.

Why a proxy instead of letting the browser talk to Rasa directly (see docs/channels.md):
- the browser never sees the Rasa HTTP API token, which is needed to read a conversation's history;
- the widget and its API share one origin, so no CORS opening on Rasa is needed;
- plain request/response over HTTP needs no socket.io client in the page and survives restarts of
  Rasa and of this app: the conversation lives in Rasa's tracker store, keyed by the sender id.

The widget identifies itself by a random 128-bit sender id (32 hex characters) kept in the browser's
localStorage. Knowing that id is what allows reading its history, so only ids of exactly that shape
are accepted (web.chat_identity), and only in a header or a body, never in a URL.
"""

from __future__ import annotations

import heapq
import re
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, HTTPException, Response
from pydantic import BaseModel, Field, field_validator
from starlette.concurrency import run_in_threadpool

from bot.channels.message_guard import clean_text
from jobbcoach_settings import get_settings
from store import outbox, tracker_events
from web.chat_identity import SENDER_PATTERN, WidgetSender
from web.rate_limit import per_client

router = APIRouter(prefix="/api/chat", tags=["chatt"])

MAX_MESSAGE_CHARS = 20_000  # as bot.channels.message_guard: a pasted CV of several pages fits
# Rasa answers after running custom actions; a slow action server is already cut off by Rasa itself
# (bot.resilience), so this only guards against a hung Rasa.
RASA_MESSAGE_TIMEOUT_S = 60.0
RASA_READ_TIMEOUT_S = 15.0
HISTORY_MAX_MESSAGES = 200
EXTERNAL_PREFIX = "EXTERNAL:"  # Rasa's text for a user turn it made itself (a reminder, an external event)
HIDDEN_PAYLOADS = ("/set_language",)  # the widget's language menu: shown by the menu, not as a message

Sender = Annotated[str, Field(pattern=SENDER_PATTERN, description="Widgetens slumpade avsändar-id (32 hex-tecken)")]


class Button(BaseModel):
    title: str
    payload: str


class BotMessage(BaseModel):
    """One message as the widget renders it: plain text (escaped by the widget), buttons, image, and a
    custom payload (e.g. `{"type": "job_ads", "text": …, "ads": […]}`, drawn as cards)."""

    sender: str = Field("bot", description="'bot' eller 'user'")
    text: str = ""
    buttons: list[Button] = []
    image: str | None = None
    custom: dict[str, Any] | None = None
    at: float | None = Field(None, description="När meddelandet skickades (Unix-tid)")


class OutgoingMessage(BaseModel):
    sender: Sender
    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)

    @field_validator("text")
    @classmethod
    def printable(cls, text: str) -> str:
        """Lone surrogates (valid JSON escapes, not encodable text), control and bidi-override
        characters go before anything else sees the text."""
        return clean_text(text)


class Reply(BaseModel):
    messages: list[BotMessage]


class History(BaseModel):
    messages: list[BotMessage]


class Status(BaseModel):
    bot_reachable: bool


def rasa_token() -> str | None:
    return tracker_events.rasa_token()


def rasa_url() -> str:
    return get_settings().rasa_url


def rasa_headers() -> dict[str, str]:
    """Rasa's REST channel and privacy endpoints answer only holders of the Rasa token."""
    token = rasa_token()
    return {"Authorization": f"Bearer {token}"} if token else {}


class BotUnreachable(HTTPException):
    """Rasa could not be reached at all: nothing was delivered, so the widget may safely resend."""

    def __init__(self) -> None:
        super().__init__(status_code=503, detail="Jobbcoach går inte att nå just nu.")


def _http_url(value: Any) -> str | None:
    """Only http(s) URLs reach the page; anything else (javascript:, data:) is dropped."""
    if isinstance(value, str) and re.match(r"^https?://", value, flags=re.IGNORECASE):
        return value
    return None


def _buttons(raw: Any) -> list[Button]:
    buttons = []
    for button in raw or []:
        if isinstance(button, dict) and button.get("title") is not None and button.get("payload") is not None:
            buttons.append(Button(title=str(button["title"]), payload=str(button["payload"])))
    return buttons


def bot_message(raw: dict[str, Any], at: float | None = None) -> BotMessage | None:
    """A Rasa REST-channel message reduced to what the widget shows; None when nothing to show."""
    text = raw.get("text")
    custom = raw.get("custom")
    message = BotMessage(
        text=text if isinstance(text, str) else "",
        buttons=_buttons(raw.get("buttons")),
        image=_http_url(raw.get("image")),
        custom=custom if isinstance(custom, dict) and custom else None,
        at=at,
    )
    return message if (message.text or message.buttons or message.image or message.custom) else None


def messages_from_events(events: list[dict[str, Any]]) -> list[BotMessage]:
    """The chat as the jobseeker saw it, rebuilt from tracker events.

    A button click is stored by Rasa as its payload (e.g. "/search_jobs"); the history shows the
    button's title instead, found among the buttons the bot offered since the user's previous
    message, as it was shown live. A turn Rasa made itself (a reminder that fired) is left out: what
    it said was pushed, and the outbox's delivered messages are its record (see `history`). Such a
    turn ends when the bot listens again: what comes after it (a caseworker's reply, written into the
    tracker by the console) is the conversation's own.
    """
    messages: list[BotMessage] = []
    offered: list[Button] = []
    # What a new session's start says (e.g. a privacy notice) is stored before the user message that
    # opened the session, but the jobseeker saw it as part of the answer to that message.
    session_opening: list[BotMessage] | None = None
    external_turn = False
    for event in events:
        kind = event.get("event")
        if kind == "user":
            text = event.get("text") or ""
            external_turn = text.startswith(EXTERNAL_PREFIX)
            if external_turn:
                continue
            title = next((b.title for b in offered if b.payload == text), None)
            if (text or title) and not text.startswith(HIDDEN_PAYLOADS):
                messages.append(BotMessage(sender="user", text=title or text, at=event.get("timestamp")))
            messages.extend(session_opening or [])
            session_opening = None
            offered = []  # as in the widget: a question's buttons answer it once
        elif kind == "bot" and not external_turn:
            data = event.get("data") or {}
            message = bot_message({"text": event.get("text"), "buttons": data.get("buttons"),
                                   "image": data.get("image"), "custom": data.get("custom")},
                                  at=event.get("timestamp"))
            if message:
                (messages if session_opening is None else session_opening).append(message)
                offered = offered + message.buttons
        elif kind == "action" and event.get("name") == "action_listen":
            external_turn = False
        elif (kind == "action" and event.get("name") == "action_session_start") or kind == "session_started":
            # A custom session start's words come between its action event and session_started.
            session_opening = [] if session_opening is None else session_opening
        elif kind == "restart":
            messages.clear()
    messages.extend(session_opening or [])
    return messages[-HISTORY_MAX_MESSAGES:]


NO_STORE = {"Cache-Control": "no-store"}  # a conversation is personal data: no browser or proxy cache


@router.post("/messages", response_model=Reply, summary="Skicka ett meddelande till Jobbcoach",
             dependencies=[Depends(per_client("chat"))])
async def send_message(message: OutgoingMessage, response: Response) -> Reply:
    """Forward one message to Rasa's REST channel and return the bot's answers.

    503 means Rasa was not reached (safe to resend); 502 and 504 mean Rasa may have got the message
    (resending could duplicate it); 422 means it was refused (resending will not help).
    """
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(RASA_MESSAGE_TIMEOUT_S, connect=5)) as client:
            answer = await client.post(f"{rasa_url()}/webhooks/rest/webhook", headers=rasa_headers(),
                                       json={"sender": message.sender, "message": message.text})
    except httpx.ConnectError as error:
        raise BotUnreachable() from error
    except httpx.TimeoutException as error:
        raise HTTPException(status_code=504, detail="Jobbcoach svarade inte i tid.") from error
    except httpx.HTTPError as error:
        raise HTTPException(status_code=502, detail="Jobbcoach svarade inte som väntat.") from error
    if answer.status_code >= 500 or answer.status_code == 404:
        # Rasa is starting (no model yet) or failing: the message was not handled.
        raise BotUnreachable()
    if 400 <= answer.status_code < 500:
        # Rasa's REST guard refused this message; sending it again would be refused again.
        raise HTTPException(status_code=422, detail="Meddelandet kunde inte skickas.")
    if answer.status_code != 200:
        raise HTTPException(status_code=502, detail="Jobbcoach svarade inte som väntat.")
    answers = answer.json()
    if not isinstance(answers, list):
        answers = []
    response.headers.update(NO_STORE)
    return Reply(messages=[m for m in (bot_message(raw) for raw in answers if isinstance(raw, dict)) if m])


def with_pushed(conversation: list[BotMessage], pushed: list[outbox.Pushed]) -> list[BotMessage]:
    """The conversation with the pushed messages the widget has shown, each where it came in time.

    A pushed message marked `recorded` (a caseworker's reply, the live handoff's joined/left words)
    is in the tracker too, so the conversation has it already: shown once, from there."""
    shown = [m for m in (bot_message(p.message, at=p.created_at.timestamp())
                         for p in pushed if not p.message.get("recorded")) if m]
    merged = heapq.merge(conversation, shown, key=lambda m: m.at or 0.0)
    return list(merged)[-HISTORY_MAX_MESSAGES:]


@router.get("/history", response_model=History, summary="Konversationen hittills för ett avsändar-id",
            dependencies=[Depends(per_client("chat"))])
async def history(sender: WidgetSender, response: Response) -> History:
    """The conversation since the last restart, read server side with the Rasa token, with the
    pushed messages already shown (sender id in the X-Jobbcoach-Sender header).

    Through Rasa's privacy endpoint, which never creates a conversation: Rasa's own tracker
    endpoint creates one for an unknown id and runs the session start, so a read would write (a
    jobseeker row, even for someone just erased)."""
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(RASA_READ_TIMEOUT_S, connect=5)) as client:
            answer = await client.get(f"{rasa_url()}/jobbcoach/privacy/history", params={"sender_id": sender},
                                      headers=rasa_headers())
    except httpx.ConnectError as error:
        raise BotUnreachable() from error
    except httpx.HTTPError as error:
        raise HTTPException(status_code=504, detail="Historiken gick inte att hämta.") from error
    if answer.status_code >= 500 or answer.status_code == 404:
        raise BotUnreachable()
    if answer.status_code != 200:
        # 401/403: this app's token does not match Rasa's; an operator has to fix the configuration.
        raise HTTPException(status_code=502, detail="Historiken gick inte att hämta.")
    response.headers.update(NO_STORE)
    conversation = messages_from_events(answer.json().get("events") or [])
    since = conversation[0].at if conversation and conversation[0].at else 0.0
    pushed = [p for p in await run_in_threadpool(outbox.delivered, sender) if p.created_at.timestamp() >= since]
    return History(messages=with_pushed(conversation, pushed))


@router.get("/status", response_model=Status, summary="Går Jobbcoach att nå?")
async def status() -> Status:
    """Whether Rasa answers at all; the widget polls this while it shows its error state."""
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(5)) as client:
            response = await client.get(f"{rasa_url()}/")
    except httpx.HTTPError:
        return Status(bot_reachable=False)
    return Status(bot_reachable=response.status_code == 200)
