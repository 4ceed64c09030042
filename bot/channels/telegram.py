"""Rasa's Telegram channel with a configurable Bot API address and a webhook secret.

Registered in a credentials file as `bot.channels.telegram.TelegramChannel` (see
bot/credentials.channels.yml and docs/channels.md). Differences from Rasa's built-in `telegram`:

- `api_url` (default https://api.telegram.org) says where the Bot API lives, so a self-hosted Bot
  API server works and tests can point the channel at a fake on loopback;
- `secret_token` (required: without it every webhook call is refused): given to Telegram with setWebhook, and every webhook call
  must carry it in `X-Telegram-Bot-Api-Secret-Token`. Rasa's channel accepts any POST, so anyone who
  guessed the URL could write into a jobseeker's conversation under their chat id.
- the webhook is registered at start-up without leaving an HTTP session bound to a closed event loop,
  and only then: a later output channel (a message pushed through Rasa's HTTP API) just sends;
- a list of job ads (custom payload `{"type": "job_ads", "text": …, "ads": […]}`, see docs/channels.md)
  is its plain-text list with an inline keyboard: per ad, "Läs annonsen n" (a link) and "Spara n"
  (sends `/save_job{"ad_number": n}` back); another custom payload of ours shows its `text`.
- a document the jobseeker sends (a CV file) is handed to the web app's POST /internal/cv, which
  reads it and tells the dialogue (web/cv_upload.py), the same path as the widget's upload. Its size
  is checked on what Telegram declares before anything is downloaded, and the download itself is cut
  off past the limit; a refused file is still told to the web app, so the bot answers it kindly.

The sender id is the Telegram chat id, as in Rasa's channel.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
from typing import Any
from urllib.parse import quote

import aiohttp
from aiogram import Bot
from aiogram.bot.api import Methods, TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.settings import PushSettings

logger = logging.getLogger(__name__)

TELEGRAM_API_URL = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Labels of the ad buttons: channel chrome beside the Swedish ads, as the widget's card labels.
READ_AD_LABEL = "Läs annonsen {n}"
SAVE_AD_LABEL = "Spara {n}"
TELEGRAM_TEXT_LIMIT = 4096
# As jobmatch.cv_files.MAX_FILE_BYTES (this runtime cannot import it; tests/cv_upload checks they agree).
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
DOCUMENT_TIMEOUT_S = 60  # download and hand-over; the reading and the bot's answer come after


def job_ads_keyboard(ads: list[Any]) -> InlineKeyboardMarkup:
    """One row per ad: a link to the ad (when it has an http(s) address) and a save button."""
    keyboard = InlineKeyboardMarkup()
    for ad in ads:
        if not isinstance(ad, dict) or not isinstance(ad.get("n"), int):
            continue
        n = ad["n"]
        row = [InlineKeyboardButton(SAVE_AD_LABEL.format(n=n), callback_data=f'/save_job{{"ad_number": {n}}}')]
        if isinstance(ad.get("url"), str) and re.match(r"^https?://", ad["url"]):
            row.insert(0, InlineKeyboardButton(READ_AD_LABEL.format(n=n), url=ad["url"]))
        keyboard.row(*row)
    return keyboard


def sent_document(update: Any) -> tuple[str, dict[str, Any]] | None:
    """The chat id and the document of an update that carries a file, else None."""
    message = update.get("message") if isinstance(update, dict) else None
    if not isinstance(message, dict):
        return None
    document, chat = message.get("document"), message.get("chat")
    if not isinstance(document, dict) or not isinstance(document.get("file_id"), str) or not isinstance(chat, dict):
        return None
    return str(chat.get("id")), document


def too_large(size: Any) -> bool:
    return isinstance(size, int) and size > MAX_DOCUMENT_BYTES


async def read_capped(answer: aiohttp.ClientResponse) -> bytes | None:
    """The body, or None once it grows past MAX_DOCUMENT_BYTES (what Telegram declared is not trusted)."""
    chunks, size = [], 0
    async for chunk in answer.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > MAX_DOCUMENT_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


class TelegramApiOutput(TelegramOutput):
    """Rasa's Telegram output, talking to the Bot API at `api_url`."""

    def __init__(self, access_token: str | None, api_url: str = TELEGRAM_API_URL) -> None:
        Bot.__init__(self, access_token, server=TelegramAPIServer.from_base(api_url))

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """Our own payloads (they carry a `type`) as text, job ads with their keyboard; others as Rasa does."""
        kind = json_message.get("type")
        if kind is None:
            await super().send_custom_json(recipient_id, json_message, **kwargs)
            return
        text = str(json_message.get("text") or "")[:TELEGRAM_TEXT_LIMIT]
        if kind == "job_ads" and isinstance(json_message.get("ads"), list):
            await self.send_message(recipient_id, text or "…", reply_markup=job_ads_keyboard(json_message["ads"]))
        elif text:
            await self.send_message(recipient_id, text)


class TelegramChannel(TelegramInput):
    """Telegram input channel; credentials: access_token, verify, webhook_url, api_url, secret_token."""

    api_url: str = TELEGRAM_API_URL
    secret_token: str | None = None
    document_tasks: set[asyncio.Task] = set()  # hand-overs under way (kept so they are not collected)

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramChannel:
        channel = super().from_credentials(credentials)
        channel.api_url = (credentials or {}).get("api_url") or TELEGRAM_API_URL
        channel.secret_token = (credentials or {}).get("secret_token") or None
        channel.debug_mode = False  # a failing message must not turn into a 500 that Telegram re-sends forever
        return channel

    def get_output_channel(self) -> TelegramApiOutput:
        channel = TelegramApiOutput(self.access_token, self.api_url)
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # start-up, before the server's loop: the one moment to register the webhook
            try:
                asyncio.run(self._register_webhook(channel))
            except TelegramAPIError as error:
                raise RasaException(f"Failed to set channel webhook: {error}") from error
        return channel

    async def _register_webhook(self, channel: TelegramApiOutput) -> None:
        """setWebhook (with the secret when configured), then close the session of this short-lived loop.

        Rasa calls this before its server loop runs; an aiohttp session left open here would stay
        bound to a closed loop and break every later call to Telegram.
        """
        try:
            payload: dict[str, Any] = {"url": self.webhook_url}
            if self.secret_token:
                payload["secret_token"] = self.secret_token
            await channel.request(Methods.SET_WEBHOOK, payload)
        finally:
            await channel.session.close()

    async def download(self, session: aiohttp.ClientSession, document: dict[str, Any]) -> tuple[bytes | None, str | None]:
        """The document's bytes through getFile and the file URL, or the problem that stopped it first."""
        if too_large(document.get("file_size")):
            return None, "too_large"
        server = TelegramAPIServer.from_base(self.api_url)
        async with session.post(server.api_url(self.access_token, "getFile"),
                                json={"file_id": document["file_id"]}) as answer:
            found = (await answer.json()).get("result") or {}
        if too_large(found.get("file_size")):
            return None, "too_large"
        if not isinstance(found.get("file_path"), str):
            return None, "unreadable"
        async with session.get(server.file_url(self.access_token, found["file_path"])) as answer:
            if answer.status != 200:
                return None, "unreadable"
            data = await read_capped(answer)
        return (None, "too_large") if data is None else (data, None)

    async def hand_over_document(self, chat_id: str, document: dict[str, Any]) -> None:
        """Download the document (within the limit) and give it, or its problem, to the web app."""
        settings = PushSettings.from_environ()
        token = settings.token()
        if token is None:
            logger.error("No internal token (var/internal_token): a Telegram document cannot be handed over.")
            return
        name = str(document.get("file_name") or "cv")
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=DOCUMENT_TIMEOUT_S)) as session:
                try:
                    data, problem = await self.download(session, document)
                except (aiohttp.ClientError, ValueError):
                    logger.warning("A Telegram document could not be downloaded", exc_info=True)
                    data, problem = None, "unreadable"
                params = {"sender_id": chat_id, "channel": "telegram", **({"problem": problem} if problem else {})}
                headers = {"X-Jobbcoach-Internal": token, "X-Jobbcoach-Filename": quote(name),
                           "Content-Type": str(document.get("mime_type") or "application/octet-stream")}
                async with session.post(f"{settings.web_url}/internal/cv", params=params, data=data or b"",
                                        headers=headers) as answer:
                    if answer.status != 200:
                        logger.error("The web app refused a Telegram document (%s)", answer.status)
        except (aiohttp.ClientError, asyncio.TimeoutError):
            logger.exception("A Telegram document could not be handed over to the web app")

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        """Telegram's `language_code` of the sender (the app's language) as a hint for the bot's language."""
        update = request.json if isinstance(request.json, dict) else {}
        part = update.get("message") or update.get("edited_message") or update.get("callback_query") or {}
        sender = part.get("from") if isinstance(part, dict) else None
        code = sender.get("language_code") if isinstance(sender, dict) else None
        return {"language_hint": code} if isinstance(code, str) and code else None

    def blueprint(self, on_new_message: Any) -> Blueprint:
        blueprint = super().blueprint(on_new_message)

        @blueprint.middleware("request")
        async def require_secret(request: Request) -> HTTPResponse | None:
            # Exact path: whether Sanic scopes blueprint middleware to the blueprint varies by version.
            if request.method != "POST" or not request.path.rstrip("/").endswith("/telegram/webhook"):
                return None
            given = request.headers.get(SECRET_HEADER, "")
            # No secret configured: refuse everything, else anyone could speak as any chat id.
            if not self.secret_token or not hmac.compare_digest(given.encode(), self.secret_token.encode()):
                logger.warning("Telegram webhook call without the right secret token; ignored.")
                return response.text("forbidden", status=403)
            if found := sent_document(request.json):
                # Answered at once (Telegram resends a slow webhook); the bot's reply comes through the web app.
                task = asyncio.create_task(self.hand_over_document(*found))
                self.document_tasks.add(task)
                task.add_done_callback(self.document_tasks.discard)
                return response.text("success")
            return None

        return blueprint
