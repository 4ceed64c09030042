"""A jobseeker's chat history in Rasa's tracker store: read here, erased through the Rasa server.

Why erasure goes through Rasa: Rasa 3.6's SQLTrackerStore.save counts the rows stored for the
conversation and inserts every event of the tracker in memory beyond that count. Rows deleted
while a message of the same conversation is being processed therefore all come back when that turn
is saved (seen: 41 events back seconds after "radera mina uppgifter"). The Rasa server's privacy
endpoints (bot/privacy_api.py) delete under the conversation's lock from Rasa's lock store, so the
deletion runs after any turn in flight and before the next one. Only when no Rasa server answers at
all (then no turn can be in flight) are the rows deleted here, directly.

The `events` table is Rasa's (one row per event); this module only describes it, never creates it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import (
    Column,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    select,
)
from sqlalchemy import inspect as sql_inspect

REPO = Path(__file__).resolve().parents[1]  # var/ defaults to <checkout>/var

metadata = MetaData()
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)

FORGET_PATH = "/jobbcoach/privacy/forget"
EXPIRE_PATH = "/jobbcoach/privacy/expire"
HISTORY_PATH = "/jobbcoach/privacy/history"
# Waiting for the lock means waiting for the turn in flight: a slow action is cut off after 15 s
# (bot.resilience), a 20,000-character CV takes a few seconds; 60 s leaves room for both.
ERASURE_TIMEOUT_S = 60.0


class TrackerErasureFailed(RuntimeError):
    """Rasa answered but did not delete: the caller must not report the history as gone."""


@dataclass(frozen=True)
class TrackerConfig:
    """Where the tracker and the Rasa server are: handed in by the caller (store/ reads no environment;
    jobbcoach_settings.wiring fills it from the settings object at start-up)."""

    tracker_db_url: str = f"sqlite:///{REPO / 'var' / 'tracker.db'}"
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: Callable[[], str | None] = field(default=lambda: None)


_config: Callable[[], TrackerConfig] = TrackerConfig


def configure(provider: Callable[[], TrackerConfig] | TrackerConfig) -> None:
    """A TrackerConfig, or a function asked at each use (so a test that changes the settings is followed)."""
    global _config
    _config = provider if callable(provider) else (lambda: provider)


def tracker_db_url() -> str:
    return _config().tracker_db_url


def rasa_url() -> str:
    return _config().rasa_url.rstrip("/")


def rasa_token() -> str | None:
    return _config().rasa_token()


def _wait_for_sqlite_locks(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")  # Rasa writes while we read: wait, do not fail
    cursor.close()


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _wait_for_sqlite_locks)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _engine(url: str | None) -> Engine | None:
    """The tracker database's engine, or None while Rasa has not created its table."""
    url = url or tracker_db_url()
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None  # connecting would create an empty database file
    engine = engine_for(url)
    try:
        return engine if sql_inspect(engine).has_table("events") else None
    except Exception:  # noqa: BLE001 - an unreachable tracker database holds nothing we can read
        return None


def sender_events(sender_id: str, url: str | None = None) -> list[dict[str, Any]]:
    """Every stored event of one conversation, oldest first, as Rasa's event dicts (for export)."""
    engine = _engine(url)
    if engine is None:
        return []
    with engine.connect() as connection:
        rows = connection.execute(select(events.c.type_name, events.c.timestamp, events.c.data)
                                  .where(events.c.sender_id == sender_id).order_by(events.c.id)).all()
    result = []
    for row in rows:
        try:
            data = json.loads(row.data) if row.data else {}
        except ValueError:
            data = {}
        data = data if isinstance(data, dict) else {}
        data.setdefault("event", row.type_name)
        data.setdefault("timestamp", row.timestamp)
        result.append(data)
    return result


def delete_rows(sender_id: str, url: str | None = None) -> int:
    """Delete one conversation's rows directly. Safe only when no Rasa server is running."""
    engine = _engine(url)
    if engine is None:
        return 0
    with engine.begin() as connection:
        return connection.execute(delete(events).where(events.c.sender_id == sender_id)).rowcount or 0


def delete_rows_before(cutoff: datetime, url: str | None = None) -> int:
    """Delete every row older than `cutoff` directly. Safe only when no Rasa server is running."""
    engine = _engine(url)
    if engine is None:
        return 0
    with engine.begin() as connection:
        return connection.execute(delete(events).where(events.c.timestamp < cutoff.timestamp())).rowcount or 0


def _ask_rasa(path: str, body: dict[str, Any]) -> httpx.Response:
    token = rasa_token()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(rasa_url() + path, json=body, headers=headers, timeout=ERASURE_TIMEOUT_S)


def forget(sender_id: str, url: str | None = None, rasa_may_be_down: bool = True) -> int:
    """Erase one conversation's events for good, after any turn in flight; the number of rows.

    `rasa_may_be_down=False` (a custom action's caller: a turn is in flight, so Rasa is up) never
    falls back to deleting directly: an unreachable Rasa then means a wrong JOBBCOACH_RASA_URL, and
    a direct delete would race the turn's save.
    """
    try:
        response = _ask_rasa(FORGET_PATH, {"sender_id": sender_id})
    except httpx.ConnectError as error:
        if not rasa_may_be_down:
            raise TrackerErasureFailed(f"Rasa is not reachable at {rasa_url()}") from error
        return delete_rows(sender_id, url)  # no Rasa server listening: no turn can be in flight
    except httpx.HTTPError as error:
        raise TrackerErasureFailed(f"Rasa did not confirm the erasure: {error}") from error
    if response.status_code != 200:
        raise TrackerErasureFailed(f"Rasa answered {response.status_code} to the erasure request")
    return int(response.json().get("deleted", 0))


def expire(cutoff: datetime, url: str | None = None) -> int:
    """Delete every event older than `cutoff`, conversation by conversation under its lock."""
    try:
        response = _ask_rasa(EXPIRE_PATH, {"before": cutoff.timestamp()})
    except httpx.ConnectError:
        return delete_rows_before(cutoff, url)
    except httpx.HTTPError as error:
        raise TrackerErasureFailed(f"Rasa did not confirm the expiry: {error}") from error
    if response.status_code != 200:
        raise TrackerErasureFailed(f"Rasa answered {response.status_code} to the expiry request")
    return int(response.json().get("deleted", 0))


def senders(url: str | None = None) -> set[str]:
    """Every sender id with events left (the retention job keeps their store rows)."""
    engine = _engine(url)
    if engine is None:
        return set()
    with engine.connect() as connection:
        return set(connection.execute(select(events.c.sender_id).distinct()).scalars())
