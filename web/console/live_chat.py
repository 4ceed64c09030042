"""The live handoff, the console's half: tell the conversation who holds it, and write to it.

While a caseworker holds a case, Rasa's slot `caseworker` names them and the bot listens in silence
(bot/caseworker_policy.py). The console sets that slot through Rasa's HTTP API when a case change
gives the case a new holder or takes it from the caseworkers, and has Rasa say so
(utter_caseworker_joined / utter_caseworker_left) in the conversation's language, which only Rasa's
NLG knows.

Where the words go depends on the jobseeker's channel (web.push.channel_for):
* Telegram and Slack: Rasa's own channel sends them (`output_channel=<channel>`); a caseworker's
  reply is queued in the outbox on that channel and web.push.MessagingDelivery hands it to Rasa, so a
  platform that is down delays it and loses nothing.
* the widget: Rasa collects them (`output_channel=collector`) and records them in the tracker; the
  console queues them in the outbox, from where the widget's stream shows them at once. They are
  marked `recorded`, so the widget's history (which reads the tracker) shows them once.

A reply reaches the tracker before anything is queued, so when Rasa does not answer nothing was sent
and the caseworker may simply send again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio.from_thread
import anyio.to_thread
import httpx
import yaml
from sqlalchemy import or_, select

from store import outbox
from store.handoffs import UNFINISHED, WITH_CASEWORKER
from store.models import HandoffRequest
from web import push
from web.console import tracker_reader
from web.console.config import settings
from web.console.db import console_db

logger = logging.getLogger(__name__)

CATALOGUE = Path(__file__).parent / "live_chat.yml"
SLOT = "caseworker"
JOINED = "utter_caseworker_joined"
LEFT = "utter_caseworker_left"
MAX_REPLY_CHARS = 4000
RASA_TIMEOUT_S = 10.0
# How often the conversations are checked against the cases (see `sync_conversations`), and how long
# after closing a case its conversation is still checked.
SYNC_EVERY_S = 30.0
SYNC_CLOSED_FOR = timedelta(days=7)


class ChatUnavailable(RuntimeError):
    """Rasa did not take the call: nothing reached the jobseeker."""


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Any]:
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8")) or {}
    if "sv" not in (data.get("labels") or {}) or "{text}" not in data.get("message", ""):
        raise ValueError(f"{CATALOGUE.name}: needs a message with {{text}} and a Swedish label")
    return data


def labelled(text: str, language: str | None, caseworker: str) -> str:
    """The reply as the jobseeker reads it: who writes, in their language (Swedish when unknown)."""
    data = catalogue()
    label = data["labels"].get(language or "sv") or data["labels"]["sv"]
    return data["message"].format(label=label.format(name=caseworker), text=text)


def _rasa(path: str, body: Any, **params: str) -> dict[str, Any]:
    """One call to Rasa's HTTP API with the token (as a query parameter: Rasa's own endpoints read
    it there); anything but 200 is ChatUnavailable."""
    cfg = settings()
    token = cfg.rasa_token()
    if token:
        params["token"] = token
    try:
        response = httpx.post(f"{cfg.rasa_url}{path}", params=params, json=body, timeout=RASA_TIMEOUT_S)
    except httpx.HTTPError as error:
        raise ChatUnavailable("Rasa-servern svarar inte.") from error
    if response.status_code != 200:
        raise ChatUnavailable(f"Rasa svarade {response.status_code}.")
    return response.json()


def _conversation(sender_id: str) -> str:
    """The conversation's path; a sender id of Rasa's usual characters stays as it is (web.push sends
    it so), anything else is escaped rather than allowed to change the URL."""
    return f"/conversations/{quote(sender_id, safe=':@+')}"


def _wake(sender_id: str, channel: str) -> None:
    """Wake whoever delivers the outbox now. The hub and the delivery loop live on the event loop
    and this runs in the thread pool of a sync route, so the call is handed to the loop; outside a
    worker thread (a script) there is nobody to wake: the stream re-reads the outbox by itself."""
    wake = (lambda: push.hub.notify(sender_id)) if channel == "web" else push.messaging.kick
    try:
        anyio.from_thread.run_sync(wake)
    except RuntimeError:
        logger.debug("not on a worker thread: the outbox is read on the next round")


def _queue(sender_id: str, channel: str, messages: list[dict[str, Any]]) -> None:
    if messages:
        outbox.enqueue(sender_id, messages, channel)
        _wake(sender_id, channel)


def announce(sender_id: str, caseworker: str | None) -> None:
    """Set the slot (a name: a caseworker holds the conversation; None: the bot has it again) and
    have Rasa say who is there now, in the conversation's language."""
    channel = push.channel_for(sender_id)
    conversation = _conversation(sender_id)
    _rasa(f"{conversation}/tracker/events",
          [{"event": "slot", "name": SLOT, "value": caseworker, "timestamp": time.time()}])
    answer = _rasa(f"{conversation}/execute", {"name": JOINED if caseworker else LEFT},
                   output_channel="collector" if channel == "web" else channel, include_events="NONE")
    if channel == "web":
        said = [{k: v for k, v in m.items() if k != "recipient_id"} for m in answer.get("messages") or []]
        _queue(sender_id, channel, [{**m, "recorded": True} for m in said])


def holder(status: str, taken_by: str | None) -> str | None:
    """Who holds the conversation in this state of a case: its caseworker while taken or waiting."""
    return taken_by if status in WITH_CASEWORKER else None


def case_changed(sender_id: str, before: str | None, after: str | None) -> bool | None:
    """Tell the conversation about a change of holder. None: nothing to tell (taken ↔ waiting, a
    team); True: told; False: Rasa did not answer, so the jobseeker does not know yet."""
    if before == after:
        return None
    try:
        announce(sender_id, after)
    except ChatUnavailable as error:
        logger.warning("the live handoff could not tell the conversation: %s", error)
        return False
    return True


def reply(sender_id: str, caseworker: str, text: str, language: str | None) -> None:
    """Send a caseworker's message to the jobseeker; raises ChatUnavailable when nothing was sent."""
    channel = push.channel_for(sender_id)
    message = {"text": labelled(text, language, caseworker), "metadata": {SLOT: caseworker}}
    if channel == "web":
        _rasa(f"{_conversation(sender_id)}/tracker/events",
              {"event": "bot", **message, "timestamp": time.time()}, include_events="NONE")
        message["recorded"] = True
    _queue(sender_id, channel, [message])


def told_holder(sender_id: str) -> str | None:
    """The caseworker the conversation was last told holds it: its latest `caseworker` slot event."""
    for event in reversed(tracker_reader.sender_events(sender_id)):
        if event.get("event") == "slot" and event.get("name") == SLOT:
            return event.get("value")
    return None


def holders_by_case(now: datetime) -> dict[str, str | None]:
    """Who should hold each conversation by its newest case: the running cases and those closed lately."""
    with console_db() as session:
        cases = session.scalars(select(HandoffRequest).where(or_(
            HandoffRequest.status.in_(UNFINISHED), HandoffRequest.closed_at >= now - SYNC_CLOSED_FOR))
            .order_by(HandoffRequest.id)).all()
        return {case.sender_id: holder(case.status, case.taken_by) for case in cases}


def sync_conversations(now: datetime | None = None) -> int:
    """Tell every conversation that missed a change of holder (Rasa was down when the case changed,
    so the bot would stay silent after a close, or talk while a caseworker holds the case); the
    number told. The store's case is the truth, the tracker's last slot event what the bot knows."""
    told = 0
    for sender_id, expected in holders_by_case(now or datetime.now(UTC)).items():
        if told_holder(sender_id) != expected and case_changed(sender_id, "?", expected):
            told += 1
    return told


async def sync_loop() -> None:
    """`sync_conversations` every SYNC_EVERY_S for as long as the web app runs."""
    while True:
        await asyncio.sleep(SYNC_EVERY_S)  # first a pause: at start-up Rasa may not be up yet
        try:
            if told := await anyio.to_thread.run_sync(sync_conversations):
                logger.info("the live handoff told %d conversation(s) a change they had missed", told)
        except Exception:  # a broken round must not end the loop
            logger.exception("live handoff sync round failed")


@contextlib.asynccontextmanager
async def lifespan(_app):
    task = asyncio.create_task(sync_loop())
    try:
        yield
    finally:
        task.cancel()
