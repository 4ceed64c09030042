"""Keep talking when the action server is down or slow.

Rasa 3.6 logs an unreachable or failing action server and then says nothing: the jobseeker is left
waiting on a silent bot. This module wraps Rasa's RemoteAction so that

- an action server that cannot be reached, or answers with an error, gives a short, polite Swedish
  message, and the conversation goes on once the server is back;
- an action that takes longer than JOBBCOACH_ACTION_TIMEOUT seconds (default 15) is given up with a
  polite message instead of holding the conversation for Rasa's built-in five minutes. The time is
  a budget per user message, not per call: one message makes several calls (the custom slot
  mappings, then the action), and a slow server must not cost the jobseeker the timeout for each.
  Once a message has been apologised for, its remaining calls give up at once and say nothing more.
  The custom slot-mapping actions (run before every prediction) fail silently: their slot simply
  keeps its value, and the one apology comes from the action the message asked for;
- the safety net never depends on the action server: when a crisis action cannot run, the crisis
  answer is given from the domain's responses on the Rasa side (SAFETY_ANSWERS);
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
import time
from collections import OrderedDict
from dataclasses import dataclass
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


# Crisis actions and the response that says the essential without them (help at once, where to go).
SAFETY_ANSWERS = {
    "action_safety_crisis": "utter_crisis_help",
    "action_safety_check": "utter_crisis_check",
}


@dataclass
class Turn:
    """The action-server calls made for one user message."""

    key: tuple
    deadline: float
    apologised: bool = False

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())


class TurnBudgets:
    """One time budget per user message and sender; only each sender's latest message is kept."""

    def __init__(self, seconds: float, senders_kept: int = 10_000) -> None:
        self.seconds = seconds
        self.senders_kept = senders_kept
        self._turns: OrderedDict[str, Turn] = OrderedDict()

    def turn_of(self, tracker: Any) -> Turn:
        latest = getattr(tracker, "latest_message", None)
        key = (getattr(latest, "timestamp", None), getattr(latest, "text", None))
        turn = self._turns.get(tracker.sender_id)
        if turn is None or turn.key != key:
            turn = Turn(key, time.monotonic() + self.seconds)
            self._turns[tracker.sender_id] = turn
        self._turns.move_to_end(tracker.sender_id)
        while len(self._turns) > self.senders_kept:
            self._turns.popitem(last=False)
        return turn


def slot_mapping_actions(domain: Any) -> set[str]:
    """The custom actions that fill slots before every prediction (mappings of type custom)."""
    return {mapping.get("action") for slot in getattr(domain, "slots", [])
            for mapping in getattr(slot, "mappings", []) if mapping.get("type") == "custom"}


def install(settings: RasaSettings | None = None) -> None:
    """Wrap RemoteAction.run once; calling this again changes nothing."""
    # Rasa is imported here, not at the top: the 3.11 test suite imports this module for its
    # messages (tests/faults), and Rasa is installed only in the Rasa runtime.
    from rasa.core.actions.action import (
        ActionBotResponse,
        ActionExecutionRejection,
        ActionSessionStart,
        RemoteAction,
    )
    from rasa.shared.core.constants import ACTION_SESSION_START_NAME
    from rasa.shared.core.events import BotUttered
    from rasa.shared.exceptions import RasaException

    if getattr(RemoteAction.run, "_jobbcoach_resilient", False):
        return
    budgets = TurnBudgets((settings or RasaSettings.from_environ()).action_timeout)
    _reconnect_tracker_store_after_database_restarts()
    remote_run = RemoteAction.run

    async def run_or_apologise(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any,
                               domain: Any) -> list:
        name = self.name()
        turn = budgets.turn_of(tracker)
        if turn.apologised and name not in SAFETY_ANSWERS:
            return []  # this message was already apologised for: neither wait again nor repeat it
        try:
            return await asyncio.wait_for(remote_run(self, output_channel, nlg, tracker, domain),
                                          timeout=turn.remaining())
        except ActionExecutionRejection:
            raise  # a form rejecting its slot is dialogue, not a fault: Rasa's policies handle it
        except (asyncio.TimeoutError, RasaException) as error:
            slow = isinstance(error, asyncio.TimeoutError)
            logger.error("Custom action '%s' %s.", name, "timed out" if slow else f"failed: {error}")
            if name in SAFETY_ANSWERS:
                return await ActionBotResponse(SAFETY_ANSWERS[name]).run(output_channel, nlg, tracker, domain)
            if name == ACTION_SESSION_START_NAME:
                return await ActionSessionStart().run(output_channel, nlg, tracker, domain)
            if name in slot_mapping_actions(domain):
                return []
            turn.apologised = True
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
