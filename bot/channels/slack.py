"""Rasa's Slack channel with a configurable Web API address.

Registered in a credentials file as `bot.channels.slack.SlackChannel` (see
bot/credentials.channels.yml and docs/channels.md). Everything else is Rasa's `slack` channel:
Events API webhook at /webhooks/slack/webhook, requests verified with the signing secret
(v0 HMAC-SHA256, at most five minutes old), replies with chat.postMessage. `api_url` (default
https://slack.com/api/) exists so tests can capture the replies with a fake Slack on loopback.
Our own custom payloads (they carry a `type`, e.g. a list of job ads) are sent as their plain `text`;
Block Kit payloads without a `type` go to Slack as Rasa sends them.

The sender id is the Slack user id (with the default conversation_granularity "sender").
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import OutputChannel
from rasa.core.channels.slack import SlackBot, SlackInput
from slack_sdk.web.async_client import AsyncWebClient

SLACK_API_URL = "https://slack.com/api/"


class SlackApiBot(SlackBot):
    """Rasa's Slack output, calling the Web API at `api_url`."""

    def __init__(self, token: str, slack_channel: str | None = None, thread_id: str | None = None,
                 proxy: str | None = None, api_url: str = SLACK_API_URL) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, proxy=proxy, base_url=api_url)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        if json_message.get("type") is None:
            await super().send_custom_json(recipient_id, json_message, **kwargs)
        elif json_message.get("text"):
            await self.send_text_message(recipient_id, str(json_message["text"]))


class SlackChannel(SlackInput):
    """Slack input channel; credentials as Rasa's `slack` plus `api_url`."""

    api_url: str = SLACK_API_URL

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SlackChannel:
        channel = super().from_credentials(credentials)
        url = (credentials or {}).get("api_url") or SLACK_API_URL
        channel.api_url = url if url.endswith("/") else url + "/"
        return channel

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        return SlackApiBot(self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_url)
