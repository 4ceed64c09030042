"""The coach's scheduler: sends the check-ins that store.check_ins says are due.

Why here and not Rasa's reminders: Rasa 3.6 keeps reminders in an in-memory APScheduler, so a
restart of the Rasa server forgets every weekly check-in; and a scheduler library with a job store
of its own (APScheduler's SQLAlchemyJobStore) would keep pickled jobs that erasure, export and the
console cannot read by jobseeker. The schedule is therefore a table of the per-user store, and this
loop, which runs in the web app beside the push delivery, only decides *when*. *What* is said stays
Rasa's: a due check-in of kind K becomes the external event `EXTERNAL_K` through Rasa's HTTP API
(`trigger_intent`, `output_channel=latest`), so a rule answers it in the jobseeker's language, and
the answer reaches them like any push (the REST channel hands it to the outbox, Telegram and Slack
their APIs).

Several web workers may run this loop: a check-in is claimed by one UPDATE before it is sent.
Nothing is sent in quiet hours (21–08 Swedish time), even when the app was down at the due time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import httpx
from fastapi import APIRouter, FastAPI
from starlette.concurrency import run_in_threadpool

from jobbcoach_settings import clock, get_settings
from store import check_ins
from web.chat_api import rasa_token, rasa_url
from web.console import tracker_reader

logger = logging.getLogger(__name__)

RASA_TIMEOUT_S = 30.0
EXTERNAL_PREFIX = "EXTERNAL_"
# A coach does not cut into a conversation going on: a check-in waits until the jobseeker has been
# quiet for JOBBCOACH_CHECK_IN_WAIT_FOR_QUIET_SECONDS (wall clock of their last message), then POSTPONE.
POSTPONE = timedelta(minutes=15)


def in_quiet_hours() -> bool:
    now = clock.now()
    return check_ins.outside_quiet_hours(now) != now


def talking_right_now(sender_id: str) -> bool:
    """True when the jobseeker wrote a moment ago (read from the tracker store, not through Rasa)."""
    wait_s = get_settings().check_in_wait_for_quiet_seconds
    if wait_s <= 0:
        return False
    stamps = [event.get("timestamp") or 0 for event in tracker_reader.sender_events(sender_id)
              if event.get("event") == "user"]
    return bool(stamps) and time.time() - max(stamps) < wait_s


async def trigger(client: httpx.AsyncClient, due: check_ins.DueCheckIn) -> bool:
    """Ask Rasa to run the check-in's external event in the jobseeker's conversation."""
    params = {"output_channel": "latest"}
    if token := rasa_token():
        params["token"] = token
    try:
        response = await client.post(f"{rasa_url()}/conversations/{due.sender_id}/trigger_intent",
                                     params=params, json={"name": EXTERNAL_PREFIX + due.kind, "entities": {}})
    except httpx.HTTPError as error:
        logger.warning("check-in %s: Rasa could not be reached (%s)", due.id, error)
        return False
    if response.status_code != 200:
        logger.warning("check-in %s: Rasa answered %s", due.id, response.status_code)
    return response.status_code == 200


async def send_due() -> int:
    """One round: claim what is due, trigger each; what failed goes back to the schedule."""
    if in_quiet_hours():
        return 0
    due = await run_in_threadpool(check_ins.claim_due, clock.now())
    sent = 0
    async with httpx.AsyncClient(timeout=RASA_TIMEOUT_S) as client:
        for item in due:
            if await run_in_threadpool(talking_right_now, item.sender_id):
                await run_in_threadpool(check_ins.postpone, item.id, clock.now() + POSTPONE)
            elif await trigger(client, item):
                sent += 1
            elif not await run_in_threadpool(check_ins.release, item.id):
                logger.error("check-in %s (%s) given up after repeated failures", item.id, item.kind)
    return sent


async def run_forever(poll_s: float) -> None:
    while True:
        try:
            await send_due()
        except Exception:  # a broken round must not end the loop: the rows wait for the next one
            logger.exception("check-in round failed")
        await asyncio.sleep(poll_s)


@asynccontextmanager
async def scheduler_loop(_app: FastAPI) -> AsyncIterator[None]:
    """Run the scheduler for as long as the app runs (unless switched off: JOBBCOACH_CHECK_IN_POLL_SECONDS=0)."""
    poll_s = get_settings().check_in_poll_seconds
    task = asyncio.create_task(run_forever(poll_s)) if poll_s > 0 else None
    try:
        yield
    finally:
        if task:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


router = APIRouter(lifespan=scheduler_loop)
