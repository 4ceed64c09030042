"""The website widget's back end: forwards chat messages to Rasa and serves the conversation history.

Why a proxy instead of letting the browser talk to Rasa directly (see docs/channels.md):
- the browser never sees the Rasa HTTP API token, which is needed to read a conversation's history;
- the widget and its API share one origin, so no CORS opening on Rasa is needed;
- plain request/response over HTTP needs no socket.io client in the page and survives restarts of
  Rasa and of this app: the conversation lives in Rasa's tracker store, keyed by the sender id.

The widget identifies itself by a random 128-bit sender id (32 hex characters) kept in the browser's
localStorage. Knowing that id is what allows reading its history, so only ids of exactly that shape
are accepted: a Telegram chat id, a Slack user id or a test sender can never be read through here.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import quote

import httpx
from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field

from jobbcoach_settings import get_settings

router = APIRouter(prefix="/api/chat", tags=["chatt"])

SENDER_PATTERN = r"^[0-9a-f]{32}$"
MAX_MESSAGE_CHARS = 20_000  # as bot.channels.message_guard: a pasted CV of several pages fits
# Rasa answers after running custom actions; a slow action server is already cut off by Rasa itself
# (bot.resilience), so this only guards against a hung Rasa.
RASA_MESSAGE_TIMEOUT_S = 60.0
RASA_READ_TIMEOUT_S = 15.0
HISTORY_MAX_MESSAGES = 200

Sender = Annotated[str, Field(pattern=SENDER_PATTERN, description="Widgetens slumpade avsändar-id (32 hex-tecken)")]


class Button(BaseModel):
    title: str
    payload: str


class BotMessage(BaseModel):
    """One message as the widget renders it: plain text (escaped by the widget), buttons, image."""

    sender: str = Field("bot", description="'bot' eller 'user'")
    text: str = ""
    buttons: list[Button] = []
    image: str | None = None


class OutgoingMessage(BaseModel):
    sender: Sender
    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)


class Reply(BaseModel):
    messages: list[BotMessage]


class History(BaseModel):
    messages: list[BotMessage]


class Status(BaseModel):
    bot_reachable: bool


def rasa_url() -> str:
    return get_settings().rasa_url


def rasa_token() -> str | None:
    return get_settings().rasa_token()


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


def bot_message(raw: dict[str, Any]) -> BotMessage | None:
    """A Rasa REST-channel message reduced to what the widget shows; None when nothing to show."""
    text = raw.get("text")
    message = BotMessage(
        text=text if isinstance(text, str) else "",
        buttons=_buttons(raw.get("buttons")),
        image=_http_url(raw.get("image")),
    )
    return message if (message.text or message.buttons or message.image) else None


def messages_from_events(events: list[dict[str, Any]]) -> list[BotMessage]:
    """The chat as the jobseeker saw it, rebuilt from tracker events.

    A button click is stored by Rasa as its payload (e.g. "/search_jobs"); the history shows the
    button's title instead, found among the buttons the bot offered since the user's previous
    message, as it was shown live.
    """
    messages: list[BotMessage] = []
    offered: list[Button] = []
    # What a new session's start says (e.g. a privacy notice) is stored before the user message that
    # opened the session, but the jobseeker saw it as part of the answer to that message.
    session_opening: list[BotMessage] | None = None
    for event in events:
        kind = event.get("event")
        if kind == "user":
            text = event.get("text") or ""
            title = next((b.title for b in offered if b.payload == text), None)
            if text or title:
                messages.append(BotMessage(sender="user", text=title or text))
            messages.extend(session_opening or [])
            session_opening = None
            offered = []  # as in the widget: a question's buttons answer it once
        elif kind == "bot":
            data = event.get("data") or {}
            message = bot_message({"text": event.get("text"), "buttons": data.get("buttons"),
                                   "image": data.get("image")})
            if message:
                (messages if session_opening is None else session_opening).append(message)
                offered = offered + message.buttons
        elif (kind == "action" and event.get("name") == "action_session_start") or kind == "session_started":
            # A custom session start's words come between its action event and session_started.
            session_opening = [] if session_opening is None else session_opening
        elif kind == "restart":
            messages.clear()
    messages.extend(session_opening or [])
    return messages[-HISTORY_MAX_MESSAGES:]


@router.post("/messages", response_model=Reply, summary="Skicka ett meddelande till Jobbcoach")
async def send_message(message: OutgoingMessage) -> Reply:
    """Forward one message to Rasa's REST channel and return the bot's answers.

    503 means Rasa was not reached (safe to resend); 502 and 504 mean Rasa may have got the message
    (resending could duplicate it); 422 means it was refused (resending will not help).
    """
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(RASA_MESSAGE_TIMEOUT_S, connect=5)) as client:
            response = await client.post(f"{rasa_url()}/webhooks/rest/webhook",
                                         json={"sender": message.sender, "message": message.text})
    except httpx.ConnectError as error:
        raise BotUnreachable() from error
    except httpx.TimeoutException as error:
        raise HTTPException(status_code=504, detail="Jobbcoach svarade inte i tid.") from error
    except httpx.HTTPError as error:
        raise HTTPException(status_code=502, detail="Jobbcoach svarade inte som väntat.") from error
    if response.status_code >= 500 or response.status_code == 404:
        # Rasa is starting (no model yet) or failing: the message was not handled.
        raise BotUnreachable()
    if 400 <= response.status_code < 500:
        # Rasa's REST guard refused this message; sending it again would be refused again.
        raise HTTPException(status_code=422, detail="Meddelandet kunde inte skickas.")
    if response.status_code != 200:
        raise HTTPException(status_code=502, detail="Jobbcoach svarade inte som väntat.")
    answers = response.json()
    if not isinstance(answers, list):
        answers = []
    return Reply(messages=[m for m in (bot_message(raw) for raw in answers if isinstance(raw, dict)) if m])


@router.get("/history", response_model=History, summary="Konversationen hittills för ett avsändar-id")
async def history(sender: Annotated[str, Query(pattern=SENDER_PATTERN)]) -> History:
    """The conversation since the last restart, read server side with the Rasa token."""
    params = {"include_events": "AFTER_RESTART"}
    if rasa_token():
        params["token"] = rasa_token()
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(RASA_READ_TIMEOUT_S, connect=5)) as client:
            response = await client.get(f"{rasa_url()}/conversations/{quote(sender)}/tracker", params=params)
    except httpx.ConnectError as error:
        raise BotUnreachable() from error
    except httpx.HTTPError as error:
        raise HTTPException(status_code=504, detail="Historiken gick inte att hämta.") from error
    if response.status_code >= 500 or response.status_code == 404:
        raise BotUnreachable()
    if response.status_code != 200:
        # 401/403: this app's token does not match Rasa's; an operator has to fix the configuration.
        raise HTTPException(status_code=502, detail="Historiken gick inte att hämta.")
    return History(messages=messages_from_events(response.json().get("events") or []))


@router.get("/status", response_model=Status, summary="Går Jobbcoach att nå?")
async def status() -> Status:
    """Whether Rasa answers at all; the widget polls this while it shows its error state."""
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(5)) as client:
            response = await client.get(f"{rasa_url()}/")
    except httpx.HTTPError:
        return Status(bot_reachable=False)
    return Status(bot_reachable=response.status_code == 200)
