"""Direct, read-mostly access to Rasa's SQL tracker store (table `events`).

Rasa 3.6's SQLTrackerStore keeps one row per event: id, sender_id, type_name, timestamp (epoch
seconds), intent_name, action_name and data (the event as JSON text). Rasa has no API to list or
search conversations, so lists, search and statistics are SQL over this table; the same queries run
on SQLite and PostgreSQL because JSON fields are reached through SQLAlchemy's JSON path operators.
The console never creates this table (Rasa does); a missing table simply reads as empty.

Never writes: erasure and retention go through store.privacy (and the Rasa server's lock).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    JSON,
    Engine,
    and_,
    case,
    cast,
    func,
    inspect,
    literal,
    or_,
    select,
    type_coerce,
)

from store import tracker_events
from store.db import new_engine
from web.console.config import settings
from web.console.timefmt import from_timestamp

events = tracker_events.events  # Rasa's table, described once in the store

FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = ("action_default_fallback", "action_two_stage_fallback")
FEELING_DOWN_INTENTS = ("feeling_down",)
HANDOFF_INTENTS = ("human_handoff",)
SICK_INTENTS = ("report_sick",)
# The safety net judged a message a clear crisis (suicide, self-harm, danger; docs/safety.md). The
# flag stays after the case is closed: whoever reads the conversation later must know.
CRISIS_ACTIONS = ("action_safety_crisis",)
FLAGS = {
    "crisis": "Kris (säkerhetsnätet)",
    "fallback": "Fallback / låg säkerhet",
    "handoff": "Vill prata med handläggare",
    "sick": "Sjukanmälan",
    "feeling_down": "Mår dåligt",
}


def event_data(raw: str | None) -> dict:
    """An event row's JSON; an empty or unreadable one (a foreign writer, a cut write) as {}."""
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def _prepare_sqlite(dbapi_connection, _record) -> None:
    """Rasa writes while we read: wait for its lock instead of failing the page. SQLite's own lower()
    folds only ASCII, so search would miss "UMEÅ" for "umeå"; this connection's lower() is Python's."""
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


@lru_cache(maxsize=8)
def tracker_engine(url: str | None = None) -> Engine:
    return new_engine(url or settings().tracker_db_url, _prepare_sqlite)


def engine() -> Engine:
    return tracker_engine(settings().tracker_db_url)


def has_events(eng: Engine | None = None) -> bool:
    eng = eng or engine()
    try:
        return inspect(eng).has_table("events")
    except Exception:  # noqa: BLE001 - an unreachable tracker database reads as empty
        return False


def _json(dialect: str):
    """The `data` column as JSON. SQLite's JSON functions take the text as it is (a CAST would give
    it numeric affinity and lose it); PostgreSQL needs the TEXT column cast to json."""
    return type_coerce(events.c.data, JSON) if dialect == "sqlite" else cast(events.c.data, JSON)


def confidence_expr(dialect: str):
    return _json(dialect)[("parse_data", "intent", "confidence")].as_float()


def text_expr(dialect: str):
    return _json(dialect)[("text",)].as_string()


def channel_expr(dialect: str):
    return _json(dialect)[("input_channel",)].as_string()


is_user = events.c.type_name == "user"


def fallback_condition(threshold: float, dialect: str):
    """A user message the NLU did not understand (fallback intent or low confidence), or a fallback
    action the bot ran."""
    return or_(
        and_(is_user, or_(events.c.intent_name == FALLBACK_INTENT, confidence_expr(dialect) < threshold)),
        and_(events.c.type_name == "action", events.c.action_name.in_(FALLBACK_ACTIONS)),
    )


def _any(condition):
    return func.max(case((condition, 1), else_=0))


@dataclass
class ConversationFilter:
    query: str | None = None
    # The jobseeker wrote in [date_from, date_to): a range over the whole conversation,
    # so a jobseeker who started in October and wrote again on 3 December is found on 3 December.
    date_from: datetime | None = None
    date_to: datetime | None = None
    flag: str | None = None
    channel: str | None = None
    tag_senders: set[str] | None = None  # only these senders (caseworker tags), when given
    pseudonym: str | None = None  # a part of the sender id, the pseudonym the console shows
    status_senders: set[str] | None = None  # only these senders (a handoff status), when given


@dataclass
class ConversationRow:
    sender_id: str
    started: datetime
    last_event: datetime
    turns: int
    channel: str | None
    flags: set[str] = field(default_factory=set)


def _summary_query(threshold: float, dialect: str):
    return (
        select(
            events.c.sender_id.label("sender_id"),
            func.min(events.c.timestamp).label("started"),
            func.max(events.c.timestamp).label("last_event"),
            func.sum(case((is_user, 1), else_=0)).label("turns"),
            func.max(case((is_user, channel_expr(dialect)))).label("channel"),
            _any(fallback_condition(threshold, dialect)).label("fallback"),
            _any(events.c.intent_name.in_(FEELING_DOWN_INTENTS)).label("feeling_down"),
            func.max(case((events.c.intent_name.in_(HANDOFF_INTENTS), events.c.timestamp))).label(
                "handoff_intent_at"),
            _any(events.c.intent_name.in_(SICK_INTENTS)).label("sick_intent"),
            _any(and_(events.c.type_name == "action", events.c.action_name.in_(CRISIS_ACTIONS))).label(
                "crisis_action"),
        )
        .group_by(events.c.sender_id)
        .subquery("conversations")
    )


def list_conversations(
    filters: ConversationFilter,
    page: int = 1,
    page_size: int = 25,
    handoff_senders: Iterable[str] = (),
    sick_senders: Iterable[str] = (),
    threshold: float | None = None,
    eng: Engine | None = None,
    handoffs_finished: dict[str, float] | None = None,
    crisis_senders: Iterable[str] = (),
) -> tuple[list[ConversationRow], int]:
    """One page of conversations (one per sender id), newest activity first, and the total count.

    Handoff and sick-report flags come from both the bot's intents and the per-user store (passed
    in as sender ids, since the two databases may be on different servers). "Vill prata med
    handläggare" means a handoff still to be done: `handoff_senders` are those with an unfinished
    case; `handoffs_finished` maps those whose cases are all closed to the latest closing time, and
    a handoff intent before it no longer flags them. `crisis_senders` are those with an urgent
    (safety-net) handoff, flagged like those the safety net answered as in crisis."""
    eng = eng or engine()
    if not has_events(eng):
        return [], 0
    threshold = settings().console_low_confidence if threshold is None else threshold
    handoff_senders, sick_senders = set(handoff_senders), set(sick_senders)
    dialect = eng.dialect.name
    conv = _summary_query(threshold, dialect)
    finished = handoffs_finished or {}
    closed_at = case(finished, value=conv.c.sender_id, else_=0.0) if finished else literal(0.0)
    handoff = or_(
        and_(conv.c.handoff_intent_at.is_not(None), conv.c.handoff_intent_at > closed_at),
        conv.c.sender_id.in_(handoff_senders) if handoff_senders else literal(False),
    )
    sick = or_(
        conv.c.sick_intent == 1, conv.c.sender_id.in_(sick_senders) if sick_senders else literal(False)
    )
    crisis_senders = set(crisis_senders)
    crisis = or_(
        conv.c.crisis_action == 1, conv.c.sender_id.in_(crisis_senders) if crisis_senders else literal(False)
    )
    # A tracker without a single user message (e.g. created when a widget fetched its history) has
    # nothing to review; it still counts for retention and erasure.
    conditions = [conv.c.turns > 0]
    if filters.date_from or filters.date_to:
        in_range = [is_user]
        if filters.date_from:
            in_range.append(events.c.timestamp >= filters.date_from.timestamp())
        if filters.date_to:
            in_range.append(events.c.timestamp < filters.date_to.timestamp())
        conditions.append(conv.c.sender_id.in_(select(events.c.sender_id).where(*in_range)))
    if filters.pseudonym:
        conditions.append(func.lower(conv.c.sender_id).contains(filters.pseudonym.lower(), autoescape=True))
    if filters.status_senders is not None:
        conditions.append(
            conv.c.sender_id.in_(filters.status_senders) if filters.status_senders else literal(False)
        )
    if filters.channel:
        conditions.append(conv.c.channel == filters.channel)
    if filters.flag == "fallback":
        conditions.append(conv.c.fallback == 1)
    elif filters.flag == "feeling_down":
        conditions.append(conv.c.feeling_down == 1)
    elif filters.flag == "handoff":
        conditions.append(handoff)
    elif filters.flag == "sick":
        conditions.append(sick)
    elif filters.flag == "crisis":
        conditions.append(crisis)
    if filters.tag_senders is not None:
        conditions.append(
            conv.c.sender_id.in_(filters.tag_senders) if filters.tag_senders else literal(False)
        )
    if filters.query and filters.query.strip():
        needle = filters.query.strip().lower()
        matching = select(events.c.sender_id).where(
            events.c.type_name.in_(("user", "bot")),
            func.lower(text_expr(dialect)).contains(needle, autoescape=True),
        )
        conditions.append(conv.c.sender_id.in_(matching))
    where = and_(*conditions) if conditions else literal(True)
    page = max(page, 1)
    with eng.connect() as connection:
        total = connection.execute(select(func.count()).select_from(conv).where(where)).scalar_one()
        rows = (
            connection.execute(
                select(conv, handoff.label("handoff"), sick.label("sick"), crisis.label("crisis"))
                .where(where)
                .order_by(conv.c.last_event.desc(), conv.c.sender_id)
                .limit(page_size)
                .offset((page - 1) * page_size)
            )
            .mappings()
            .all()
        )
    result = []
    for row in rows:
        flags = {name for name in ("crisis", "fallback", "feeling_down", "handoff", "sick") if row[name]}
        result.append(
            ConversationRow(
                sender_id=row["sender_id"],
                started=from_timestamp(row["started"] or 0),
                last_event=from_timestamp(row["last_event"] or 0),
                turns=int(row["turns"] or 0),
                channel=row["channel"],
                flags=flags,
            )
        )
    return result, int(total)


def channels(eng: Engine | None = None) -> list[str]:
    """The input channels seen so far, for the list's channel filter."""
    eng = eng or engine()
    if not has_events(eng):
        return []
    with eng.connect() as connection:
        values = (
            connection.execute(select(channel_expr(eng.dialect.name)).where(is_user).distinct())
            .scalars()
            .all()
        )
    return sorted(v for v in values if v)


def sender_events(sender_id: str, eng: Engine | None = None) -> list[dict[str, Any]]:
    """All events of one sender in the order Rasa stored them, each as Rasa's event dict."""
    eng = eng or engine()
    if not has_events(eng):
        return []
    with eng.connect() as connection:
        rows = connection.execute(
            select(events.c.id, events.c.type_name, events.c.timestamp, events.c.data)
            .where(events.c.sender_id == sender_id)
            .order_by(events.c.id)
        ).all()
    result = []
    for row in rows:
        data = event_data(row.data)
        data.setdefault("event", row.type_name)
        data.setdefault("timestamp", row.timestamp)
        data["_id"] = row.id
        result.append(data)
    return result




def senders(eng: Engine | None = None) -> set[str]:
    eng = eng or engine()
    if not has_events(eng):
        return set()
    with eng.connect() as connection:
        return set(connection.execute(select(events.c.sender_id).distinct()).scalars())


# --- statistics for the insight page -------------------------------------------------------------


def conversation_starts(since: datetime, eng: Engine | None = None) -> list[float]:
    """Start timestamps of conversations that started at or after `since`."""
    eng = eng or engine()
    if not has_events(eng):
        return []
    started = func.min(events.c.timestamp)
    with eng.connect() as connection:
        return list(
            connection.execute(
                select(started).group_by(events.c.sender_id).having(started >= since.timestamp())
            ).scalars()
        )


def top_intents(since: datetime, limit: int = 10, eng: Engine | None = None) -> list[tuple[str, int]]:
    eng = eng or engine()
    if not has_events(eng):
        return []
    count = func.count().label("n")
    with eng.connect() as connection:
        rows = connection.execute(
            select(events.c.intent_name, count)
            .where(is_user, events.c.timestamp >= since.timestamp(), events.c.intent_name.is_not(None))
            .group_by(events.c.intent_name)
            .order_by(count.desc(), events.c.intent_name)
            .limit(limit)
        ).all()
    return [(row[0], int(row[1])) for row in rows]


def user_messages_with_fallback(
    since: datetime, threshold: float | None = None, eng: Engine | None = None
) -> list[tuple[float, bool]]:
    """(timestamp, was it a fallback or low-confidence message) for each user message since `since`."""
    eng = eng or engine()
    if not has_events(eng):
        return []
    threshold = settings().console_low_confidence if threshold is None else threshold
    low = confidence_expr(eng.dialect.name) < threshold
    flag = case((or_(events.c.intent_name == FALLBACK_INTENT, low), 1), else_=0)
    with eng.connect() as connection:
        rows = connection.execute(
            select(events.c.timestamp, flag).where(is_user, events.c.timestamp >= since.timestamp())
        ).all()
    return [(row[0], bool(row[1])) for row in rows]


def search_events(since: datetime, eng: Engine | None = None) -> list[tuple[str, str, str | None, dict]]:
    """(sender, type, action name, data) of slot and action events since `since`, in order, for
    counting job searches by the location slot in force when the search action ran."""
    eng = eng or engine()
    if not has_events(eng):
        return []
    with eng.connect() as connection:
        rows = connection.execute(
            select(events.c.sender_id, events.c.type_name, events.c.action_name, events.c.data)
            .where(events.c.type_name.in_(("slot", "action")), events.c.timestamp >= since.timestamp())
            .order_by(events.c.sender_id, events.c.id)
        ).all()
    result = []
    for row in rows:
        data = event_data(row.data)
        result.append((row.sender_id, row.type_name, row.action_name, data))
    return result
