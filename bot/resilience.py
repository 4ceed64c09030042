"""Keep talking when the action server is down or slow.

Rasa 3.6 logs an unreachable or failing action server and then says nothing: the jobseeker is left
waiting on a silent bot. This module wraps Rasa's RemoteAction so that

- an action server that cannot be reached, or answers with an error, gives a short, polite Swedish
  message, and the conversation goes on once the server is back;
- an action that takes longer than JOBBCOACH_ACTION_TIMEOUT seconds (default 15) is given up with a
  polite message instead of holding the conversation for Rasa's built-in five minutes;
- a custom session start that fails falls back to Rasa's own session start, so the session still
  begins (and carries its slots over);
- the SQL tracker store checks a pooled connection before using it (pool_pre_ping), so a restarted
  database costs one reconnect instead of a turn that Rasa would keep only in memory and lose.

It is installed by `bot.rasa_main`, the entry point the run command and the tests use for
`rasa run`; nothing is patched merely by importing it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot.settings import RasaSettings

logger = logging.getLogger(__name__)

UNAVAILABLE_MESSAGE = (
    "Förlåt, jag kommer inte åt den delen av tjänsten just nu. Försök igen om en liten stund – "
    "det du har skrivit hittills finns kvar."
)
SLOW_MESSAGE = (
    "Förlåt, det där tar längre tid än det borde. Försök gärna igen om en stund."
)


def install(settings: RasaSettings | None = None) -> None:
    """Wrap RemoteAction.run once; calling this again changes nothing."""
    # Rasa is imported here, not at the top: the 3.11 test suite imports this module for its
    # messages (tests/faults), and Rasa is installed only in the Rasa runtime.
    from rasa.core.actions.action import ActionExecutionRejection, ActionSessionStart, RemoteAction
    from rasa.shared.core.constants import ACTION_SESSION_START_NAME
    from rasa.shared.core.events import BotUttered
    from rasa.shared.exceptions import RasaException

    if getattr(RemoteAction.run, "_jobbcoach_resilient", False):
        return
    timeout = (settings or RasaSettings.from_environ()).action_timeout
    _reconnect_tracker_store_after_database_restarts()
    remote_run = RemoteAction.run

    async def run_or_apologise(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any,
                               domain: Any) -> list:
        try:
            return await asyncio.wait_for(remote_run(self, output_channel, nlg, tracker, domain),
                                          timeout=timeout)
        except ActionExecutionRejection:
            raise  # a form rejecting its slot is dialogue, not a fault: Rasa's policies handle it
        except (asyncio.TimeoutError, RasaException) as error:
            slow = isinstance(error, asyncio.TimeoutError)
            logger.error("Custom action '%s' %s.", self.name(),
                         "timed out" if slow else f"failed: {error}")
            if self.name() == ACTION_SESSION_START_NAME:
                return await ActionSessionStart().run(output_channel, nlg, tracker, domain)
            return [BotUttered(text=SLOW_MESSAGE if slow else UNAVAILABLE_MESSAGE,
                               metadata={"jobbcoach_fault": "timeout" if slow else "unavailable"})]

    run_or_apologise._jobbcoach_resilient = True  # type: ignore[attr-defined]
    RemoteAction.run = run_or_apologise  # type: ignore[method-assign]


def _reconnect_tracker_store_after_database_restarts() -> None:
    """Make SQLTrackerStore's engine test pooled connections before use (Rasa sets no pre-ping)."""
    from rasa.core import tracker_store  # Rasa runtime only, as in install()

    stock_kwargs = tracker_store.create_engine_kwargs

    def engine_kwargs_with_pre_ping(url: Any) -> dict:
        return {**stock_kwargs(url), "pool_pre_ping": True}

    tracker_store.create_engine_kwargs = engine_kwargs_with_pre_ping
