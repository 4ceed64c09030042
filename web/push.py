"""Push to a jobseeker on every channel: who may push, where a message goes, how it gets there.

Every pushed message is first a row in the store's outbox (store.outbox), so nothing is lost while
the jobseeker is away or this app restarts. From there:

- **widget** senders (32 hex characters) read their outbox through the server-sent-event stream
  (web.push_api); a message counts as delivered when the widget acknowledges its id;
- **Telegram and Slack** senders get it through their platform's API, sent by Rasa's own channel
  (bot/channels/telegram.py, slack.py: the configured bot token and API address, job-ad cards as an
  inline keyboard): this app appends the message to the conversation through Rasa's HTTP API with
  `output_channel=<channel>&execute_side_effects=true`. So the platform secrets stay with Rasa, the
  caseworkers' transcript shows what was pushed, and a failed call leaves the row for the next round.

Only processes on this machine may push (POST /internal/push): loopback callers with the token in
var/internal_token, which the run command (or this app, when it is missing) writes.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import os
import secrets
import time
from collections import defaultdict
from typing import Any

import httpx
from starlette.concurrency import run_in_threadpool

from jobbcoach_settings import get_settings
from store import outbox
from web.chat_api import rasa_token, rasa_url
from web.chat_identity import is_widget_sender
from web.console import tracker_reader

logger = logging.getLogger(__name__)

MESSAGING_CHANNELS = ("telegram", "slack")
CHANNELS = ("web", *MESSAGING_CHANNELS)
# A failed Telegram/Slack delivery is retried this often; a push wakes the loop at once.
MESSAGING_RETRY_S = 30.0
RASA_TIMEOUT_S = 30.0


def internal_token() -> str:
    """The shared secret of internal callers: JOBBCOACH_INTERNAL_TOKEN, else var/internal_token.

    Made here (0600, created exclusively, so two starting processes agree) when the run command has
    not made it yet; Rasa's REST channel reads the same file (bot/settings.py).
    """
    settings = get_settings()
    if settings.internal_token_env:
        return settings.internal_token_env
    path = settings.internal_token_file
    with contextlib.suppress(FileNotFoundError):
        if token := path.read_text(encoding="utf-8").strip():
            return token
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(secrets.token_urlsafe(32) + "\n")
    return path.read_text(encoding="utf-8").strip()


def token_matches(given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), internal_token().encode())


class PushHub:
    """Wakes the open streams of a sender when something was queued for it (in this process).

    A stream also re-reads the outbox now and then (see web.push_api), so a push that reached
    another worker process is still delivered, only later.
    """

    def __init__(self) -> None:
        self._waiting: dict[str, set[asyncio.Event]] = defaultdict(set)

    def notify(self, sender_id: str) -> None:
        for event in self._waiting.get(sender_id, ()):
            event.set()

    async def wait(self, sender_id: str, timeout: float) -> None:
        """Return when `notify(sender_id)` is called or after `timeout` seconds."""
        event = asyncio.Event()
        self._waiting[sender_id].add(event)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), timeout)
        finally:
            waiting = self._waiting.get(sender_id)
            if waiting is not None:
                waiting.discard(event)
                if not waiting:
                    del self._waiting[sender_id]

    def open_streams(self) -> int:
        return sum(len(events) for events in self._waiting.values())


hub = PushHub()


def latest_input_channel(sender_id: str) -> str | None:
    """The channel the sender's latest message came through, read from the tracker store.

    Read from the store, not through Rasa's tracker endpoint: that one creates (and starts) a
    conversation for a sender it does not know.
    """
    user_events = [e for e in tracker_reader.sender_events(sender_id) if e.get("event") == "user"]
    return user_events[-1].get("input_channel") if user_events else None


def channel_for(sender_id: str) -> str:
    """Where a sender is reached: widget ids by their shape, others by their conversation's channel.

    Blocking (it may read the tracker store): for the console, whose routes run in a thread pool."""
    if is_widget_sender(sender_id):
        return "web"
    channel = latest_input_channel(sender_id)
    return channel if channel in MESSAGING_CHANNELS else "web"


async def channel_of(sender_id: str) -> str:
    """`channel_for` without blocking the event loop (a widget id needs no look-up at all)."""
    if is_widget_sender(sender_id):
        return "web"
    return await run_in_threadpool(channel_for, sender_id)


def rasa_bot_event(message: dict[str, Any]) -> dict[str, Any]:
    """A pushed message as the `bot` event Rasa records and sends on through a channel.

    A message's `metadata` goes with it, so the tracker keeps who wrote it: a caseworker's reply
    (web.console.live_chat) carries {"caseworker": <username>} and the transcript shows it as theirs."""
    data = {key: message[key] for key in ("buttons", "image", "custom", "attachment") if message.get(key)}
    event = {"event": "bot", "text": message.get("text"), "data": data, "timestamp": time.time()}
    if isinstance(message.get("metadata"), dict) and message["metadata"]:
        event["metadata"] = message["metadata"]
    return event


async def deliver_through_rasa(client: httpx.AsyncClient, item: outbox.Pushed) -> bool:
    """Send one Telegram/Slack message through Rasa's channel; True when Rasa took it."""
    params = {"output_channel": item.channel, "execute_side_effects": "true"}
    if rasa_token():
        params["token"] = rasa_token()
    try:
        response = await client.post(f"{rasa_url()}/conversations/{item.sender_id}/tracker/events",
                                     params=params, json=rasa_bot_event(item.message))
    except httpx.HTTPError as error:
        logger.warning("push to %s via Rasa failed: %s", item.channel, error)
        return False
    if response.status_code != 200:
        logger.warning("push to %s via Rasa answered %s", item.channel, response.status_code)
    return response.status_code == 200


def shown_entries(message: dict[str, Any]) -> list[dict[str, Any]] | None:
    """A pushed `job_ads` message as the conversation's `shown_jobs` entries (actions/hit_format.py's
    shape), or None for any other message."""
    custom = message.get("custom")
    if not isinstance(custom, dict) or custom.get("type") != "job_ads" or not custom.get("ads"):
        return None
    return [{"n": card.get("n"), "id": str(card.get("id", "")), "headline": card.get("title", ""),
             "employer": card.get("employer", ""), "municipality": card.get("place", ""),
             "deadline": card.get("deadline", ""), "url": card.get("url", ""), "reason": card.get("reason", ""),
             "extent": card.get("extent", "")} for card in custom["ads"] if isinstance(card, dict)]


async def remember_shown_ads(client: httpx.AsyncClient, items: list[outbox.Pushed]) -> None:
    """Delivered ads (an alert digest) become the list the conversation talks about, as a search's do.

    So "spara nummer 2", a card's Spara button (`/save_job{"ad_number": 2}`) and "berätta mer om den"
    mean the ad of the digest the jobseeker is looking at, not one of an older search. Set as a slot
    event through Rasa's HTTP API once the message was delivered; a failure only loses that."""
    for item in items:
        entries = shown_entries(item.message)
        if entries is None:
            continue
        params = {"token": rasa_token()} if rasa_token() else {}
        events = [{"event": "slot", "name": "shown_jobs", "value": entries, "timestamp": time.time()},
                  {"event": "slot", "name": "ad_in_focus", "value": None, "timestamp": time.time()}]
        try:
            response = await client.post(f"{rasa_url()}/conversations/{item.sender_id}/tracker/events",
                                         params=params, json=events)
            if response.status_code != 200:
                logger.warning("could not set the pushed ads as shown for a sender (%s)", response.status_code)
        except httpx.HTTPError as error:
            logger.warning("could not set the pushed ads as shown: %s", error)


class MessagingDelivery:
    """Delivers queued Telegram and Slack messages in order, retrying what failed."""

    def __init__(self) -> None:
        self._kick = asyncio.Event()

    def kick(self) -> None:
        self._kick.set()

    async def deliver_pending(self) -> int:
        """One round: every pending message, in id order; a sender whose message failed waits."""
        items = await run_in_threadpool(outbox.pending_on, MESSAGING_CHANNELS)
        blocked: set[str] = set()
        sent = 0
        async with httpx.AsyncClient(timeout=RASA_TIMEOUT_S) as client:
            for item in items:
                if item.sender_id in blocked:
                    continue  # keep one sender's messages in order
                if await deliver_through_rasa(client, item):
                    delivered = await run_in_threadpool(outbox.acknowledge, item.sender_id, [item.id])
                    await remember_shown_ads(client, delivered)
                    sent += 1
                else:
                    blocked.add(item.sender_id)
                    await run_in_threadpool(outbox.record_attempt, item.id)
        return sent

    async def run(self) -> None:
        while True:
            try:
                await self.deliver_pending()
            except Exception:  # a broken round must not end the loop: the rows wait for the next one
                logger.exception("push delivery round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._kick.wait(), MESSAGING_RETRY_S)
            self._kick.clear()


messaging = MessagingDelivery()


async def push(sender_id: str, messages: list[dict[str, Any]], channel: str | None = None) -> tuple[str, list[int]]:
    """Queue messages for a sender and wake whoever delivers them; returns the channel and the ids."""
    channel = channel or await channel_of(sender_id)
    ids = await run_in_threadpool(outbox.enqueue, sender_id, messages, channel)
    if channel == "web":
        hub.notify(sender_id)
    else:
        messaging.kick()
    return channel, ids
