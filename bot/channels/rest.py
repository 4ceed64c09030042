"""Rasa's REST channel, hardened against bad input.

Same URL and answer shape as Rasa's own `rest` channel (POST /webhooks/rest/webhook,
{"sender": …, "message": …} → a JSON list of bot messages), so every client keeps working, but
what bot.channels.message_guard rejects gets a 400 with a clear error (never a 500, never a
conversation under Rasa's "default" sender), and empty or over-long messages get a polite Swedish
answer without reaching the NLU.

The sender id is whatever the caller says, so only callers holding the Rasa token may speak: the
web app (which accepts only the widget's own random ids) and local tools. Without the token a page
on any origin, or any local user, could write into a Telegram user's conversation by naming their
chat id. The token comes as `Authorization: Bearer …` or `?token=` (as Rasa's HTTP API).
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import tokens
from bot.channels.message_guard import BadRequest, IncomingMessage, read_message


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

    def blueprint(self, on_new_message: Any) -> Blueprint:
        blueprint = super().blueprint(on_new_message)

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
