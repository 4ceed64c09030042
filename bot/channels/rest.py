"""Rasa's REST channel, hardened against bad input.

Same URL and answer shape as Rasa's own `rest` channel (POST /webhooks/rest/webhook,
{"sender": …, "message": …} → a JSON list of bot messages), so every client keeps working, but
what bot.channels.message_guard rejects gets a 400 with a clear error (never a 500, never a
conversation under Rasa's "default" sender), and empty or over-long messages get a polite Swedish
answer without reaching the NLU.

A request's answers go back in its response, as in Rasa. What the bot says outside a request — a
reminder that fires a week later on the output channel of the request that scheduled it, an
external event through the HTTP API — is pushed to the web app's POST /internal/push instead (its
outbox delivers it to the widget; see docs/channels.md), where Rasa's own collector would drop it.

The sender id is whatever the caller says, so only callers holding the Rasa token may speak: the
web app (which accepts only the widget's own random ids) and local tools. Without the token a page
on any origin, or any local user, could write into a Telegram user's conversation by naming their
chat id. The token comes as `Authorization: Bearer …` or `?token=` (as Rasa's HTTP API).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import QueueOutputChannel, RestInput
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import tokens
from bot.channels.message_guard import BadRequest, IncomingMessage, read_message
from bot.settings import PushSettings

logger = logging.getLogger(__name__)

PUSH_RETRY_DELAYS_S = (1, 3, 10)  # the web app restarting takes a few seconds; then give up and log
PUSH_TIMEOUT_S = 10


async def push_to_web_app(sender_id: str, message: dict[str, Any]) -> bool:
    """POST one bot message to the web app's outbox, retrying while the web app restarts."""
    body = {"sender_id": sender_id, "channel": "web",
            "messages": [{key: value for key, value in message.items() if key != "recipient_id"}]}
    settings = PushSettings.from_environ()
    url = f"{settings.web_url}/internal/push"
    for delay in (0, *PUSH_RETRY_DELAYS_S):
        await asyncio.sleep(delay)
        token = settings.token()
        if token is None:
            logger.warning("No internal token (var/internal_token) yet; cannot push to %s.", url)
            continue
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=PUSH_TIMEOUT_S)) as session, \
                    session.post(url, json=body, headers={"X-Jobbcoach-Internal": token}) as answer:
                if answer.status == 200:
                    return True
                logger.warning("The web app refused a push (%s).", answer.status)
                if answer.status in (401, 403, 422):
                    return False  # resending will not help
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.warning("Push to the web app failed: %s", error)
    logger.error("A message for %s could not be pushed to the web app; it stays in the tracker only.", sender_id)
    return False


class RequestOrPushOutput(CollectingOutputChannel):
    """Collects into the request's answer while it lasts; pushes to the web app once it has been answered."""

    def __init__(self, request_collector: CollectingOutputChannel | None = None) -> None:
        super().__init__()
        self.request_collector = request_collector
        self.answered = request_collector is None

    async def _persist_message(self, message: dict[str, Any]) -> None:
        if not self.answered and self.request_collector is not None:
            await self.request_collector._persist_message(message)
        else:
            await push_to_web_app(message["recipient_id"], message)


def incoming(request: Request) -> IncomingMessage:
    """The validated message of a request (parsed once, kept on the request)."""
    if not hasattr(request.ctx, "jobbcoach_message"):
        try:
            body = request.json
        except SanicException as error:
            raise BadRequest('The body must be UTF-8 JSON: {"sender": "…", "message": "…"}.') from error
        request.ctx.jobbcoach_message = read_message(body)
    return request.ctx.jobbcoach_message


class HardenedRestInput(RestInput):
    """Rasa's REST channel behind input validation; registered under the same name, `rest`."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    async def _extract_sender(self, req: Request) -> str | None:
        return incoming(req).sender

    def _extract_message(self, req: Request) -> str | None:
        return incoming(req).text

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        return incoming(request).metadata

    def get_output_channel(self) -> CollectingOutputChannel:
        """For external events through Rasa's HTTP API (`output_channel=latest`): push them."""
        return RequestOrPushOutput()

    def blueprint(self, on_new_message: Any) -> Blueprint:
        async def answer_then_push(message: UserMessage) -> None:
            collector = message.output_channel
            if not isinstance(collector, CollectingOutputChannel) or isinstance(collector, QueueOutputChannel):
                await on_new_message(message)  # the streaming variant: leave it as Rasa made it
                return
            # A reminder scheduled in this turn keeps this output channel and speaks after the response.
            output = RequestOrPushOutput(collector)
            message.output_channel = output
            try:
                await on_new_message(message)
            finally:
                output.answered = True

        blueprint = super().blueprint(answer_then_push)

        @blueprint.middleware("request")
        async def answer_bad_input_before_rasa(request: Request) -> HTTPResponse | None:
            if request.method != "POST" or not request.path.endswith("/webhook"):
                return None
            if not tokens.matches(tokens.bearer_or_query_token(request.headers, request.args), tokens.rasa_token()):
                return response.json({"error": "A valid token is required."}, status=401)
            try:
                message = incoming(request)
            except BadRequest as error:
                return response.json({"error": str(error)}, status=400)
            refusal = message.polite_refusal()
            if refusal:
                return response.json([{"recipient_id": message.sender, "text": refusal}])
            return None

        return blueprint
