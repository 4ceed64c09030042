"""The Rasa server's privacy endpoints: erasure that a turn in flight cannot undo.

Rasa 3.6's SQLTrackerStore.save counts the rows stored for a conversation and inserts every event
of the tracker in memory beyond that count. Rows deleted from outside while a message of that
conversation is being processed therefore all come back when the turn is saved. Only this process
(or, scaled out, every Rasa server through the Redis lock store) knows which turns are in flight,
so deletion happens here, holding the conversation's lock from Rasa's lock store: after the turn in
flight has been saved, before the next message is handled.

    POST /jobbcoach/privacy/forget   {"sender_id": "…"}     → {"deleted": n}
    POST /jobbcoach/privacy/expire   {"before": <epoch s>}  → {"deleted": n}   (retention)
    GET  /jobbcoach/privacy/history?sender_id=…             → {"events": [...], "slots": {...}} (never
                                                              creates a conversation)

Every call needs the Rasa token (`Authorization: Bearer …` or `?token=`). Added to Rasa's app by
bot.rasa_main (install()); store.tracker_events is the client.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa import server
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore, TrackerStore
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import tokens

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 255
LOCK_POLL_SECONDS = 0.05  # Rasa polls every second by default; erasure should not idle that long


def innermost(store: TrackerStore) -> TrackerStore:
    """The real tracker store inside Rasa's wrappers (FailSafeTrackerStore, …)."""
    while hasattr(store, "_tracker_store"):
        store = store._tracker_store
    return store


def delete_events(store: TrackerStore, sender_id: str, before: float | None = None) -> int:
    """Delete a conversation's events (all, or those older than `before`); rows deleted."""
    store = innermost(store)
    if isinstance(store, SQLTrackerStore):
        with store.session_scope() as session:
            query = session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id)
            if before is not None:
                query = query.filter(store.SQLEvent.timestamp < before)
            deleted = query.delete(synchronize_session=False)
            session.commit()
            return int(deleted or 0)
    if isinstance(store, InMemoryTrackerStore):
        if before is not None:
            return 0  # an in-memory store forgets everything at restart anyway
        return 1 if store.store.pop(sender_id, None) is not None else 0
    raise NotImplementedError(f"erasure is not implemented for {type(store).__name__}")


def senders_with_events_before(store: TrackerStore, before: float) -> list[str]:
    store = innermost(store)
    if not isinstance(store, SQLTrackerStore):
        return []
    with store.session_scope() as session:
        rows = session.query(store.SQLEvent.sender_id).filter(store.SQLEvent.timestamp < before).distinct()
        return [sender for (sender,) in rows]


async def forget_under_lock(agent: Any, sender_id: str, before: float | None = None) -> int:
    """Wait for the conversation's turn in flight (its lock), then delete its events."""
    async with agent.lock_store.lock(sender_id, wait_time_in_seconds=LOCK_POLL_SECONDS):
        return delete_events(agent.tracker_store, sender_id, before)


def _sender(value: Any) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= MAX_SENDER_CHARS else None


def blueprint() -> Blueprint:
    privacy = Blueprint("jobbcoach_privacy", url_prefix="/jobbcoach/privacy")

    @privacy.middleware("request")
    async def require_token(request: Request) -> HTTPResponse | None:
        if not request.path.startswith("/jobbcoach/privacy"):
            return None
        given = tokens.bearer_or_query_token(request.headers, request.args)
        if not tokens.matches(given, tokens.rasa_token()):
            return response.json({"error": "A valid token is required."}, status=401)
        return None

    def agent_or_none(request: Request) -> Any:
        agent = getattr(request.app.ctx, "agent", None)
        return agent if agent is not None and agent.tracker_store is not None else None

    @privacy.post("/forget")
    async def forget(request: Request) -> HTTPResponse:
        body = request.json if isinstance(request.json, dict) else {}
        sender_id = _sender(body.get("sender_id"))
        if sender_id is None:
            return response.json({"error": "'sender_id' must be a string of 1-255 characters."}, status=400)
        agent = agent_or_none(request)
        if agent is None:
            return response.json({"error": "No model loaded yet."}, status=503)
        deleted = await forget_under_lock(agent, sender_id)
        logger.info("Erased the chat history of one conversation (%d events).", deleted)
        return response.json({"deleted": deleted})

    @privacy.post("/expire")
    async def expire(request: Request) -> HTTPResponse:
        body = request.json if isinstance(request.json, dict) else {}
        before = body.get("before")
        if not isinstance(before, int | float) or isinstance(before, bool):
            return response.json({"error": "'before' must be a time in epoch seconds."}, status=400)
        agent = agent_or_none(request)
        if agent is None:
            return response.json({"error": "No model loaded yet."}, status=503)
        deleted = 0
        for sender_id in senders_with_events_before(agent.tracker_store, float(before)):
            deleted += await forget_under_lock(agent, sender_id, float(before))
        logger.info("Expired %d events older than the retention period.", deleted)
        return response.json({"deleted": deleted})

    @privacy.get("/history")
    async def history(request: Request) -> HTTPResponse:
        """Events after the latest restart; an unknown conversation is empty, never created (Rasa's
        GET /conversations/…/tracker creates it and runs the session start, which writes)."""
        sender_id = _sender(request.args.get("sender_id"))
        if sender_id is None:
            return response.json({"error": "'sender_id' must be a string of 1-255 characters."}, status=400)
        agent = agent_or_none(request)
        if agent is None:
            return response.json({"error": "No model loaded yet."}, status=503)
        tracker = await agent.tracker_store.retrieve_full_tracker(sender_id)
        if tracker is None:
            return response.json({"events": [], "slots": {}}, headers={"Cache-Control": "no-store"})
        events = [event.as_dict() for event in tracker.events_after_latest_restart()]
        return response.json({"events": events, "slots": tracker.current_slot_values()},
                             headers={"Cache-Control": "no-store"})

    return privacy


def install() -> None:
    """Add the privacy endpoints to every app Rasa's `server.create_app` builds (once)."""
    if getattr(server.create_app, "_jobbcoach_privacy", False):
        return
    create_app = server.create_app

    def create_app_with_privacy(*args: Any, **kwargs: Any) -> Any:
        app = create_app(*args, **kwargs)
        app.blueprint(blueprint())
        return app

    create_app_with_privacy._jobbcoach_privacy = True  # type: ignore[attr-defined]
    server.create_app = create_app_with_privacy
