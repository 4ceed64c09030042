"""Write rows into a tracker-store `events` table exactly as Rasa 3.6's SQLTrackerStore does.

The table's DDL is Rasa's (rasa/core/tracker_store.py, SQLTrackerStore.SQLEvent) and each `data`
column is the event's JSON as Rasa serialises it (json.dumps, ASCII-escaped), so unit tests read
what a real tracker store holds without starting Rasa.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

RASA_EVENTS_DDL_POSTGRES = """
CREATE SEQUENCE IF NOT EXISTS events_seq;
CREATE TABLE IF NOT EXISTS events (
    id INTEGER NOT NULL DEFAULT nextval('events_seq'),
    sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT,
    intent_name VARCHAR(255),
    action_name VARCHAR(255),
    data TEXT,
    PRIMARY KEY (id)
)
"""

RASA_EVENTS_DDL = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER NOT NULL,
    sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT,
    intent_name VARCHAR(255),
    action_name VARCHAR(255),
    data TEXT,
    PRIMARY KEY (id)
)
"""


@dataclass
class TrackerRows:
    path: Path | None = None
    clock: float = field(default_factory=time.time)
    url: str | None = None  # instead of `path`, e.g. a PostgreSQL database

    def __post_init__(self) -> None:
        self.url = self.url or f"sqlite:///{self.path}"
        self.engine = create_engine(self.url)
        with self.engine.begin() as connection:
            if self.engine.dialect.name == "postgresql":
                for statement in RASA_EVENTS_DDL_POSTGRES.split(";"):
                    if statement.strip():
                        connection.execute(text(statement))
            else:
                connection.execute(text(RASA_EVENTS_DDL))
            connection.execute(text("CREATE INDEX IF NOT EXISTS ix_events_sender_id ON events (sender_id)"))

    def _insert(self, sender: str, event: dict, intent: str | None = None, action: str | None = None) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                    "VALUES (:s, :t, :ts, :i, :a, :d)"
                ),
                {
                    "s": sender,
                    "t": event["event"],
                    "ts": event["timestamp"],
                    "i": intent,
                    "a": action,
                    "d": json.dumps(event),
                },
            )

    def tick(self, seconds: float = 1.0) -> float:
        self.clock += seconds
        return self.clock

    def session_start(self, sender: str, at: float | None = None) -> None:
        ts = at or self.tick()
        self._insert(
            sender,
            {
                "event": "action",
                "timestamp": ts,
                "name": "action_session_start",
                "policy": None,
                "confidence": 1.0,
                "action_text": None,
                "hide_rule_turn": False,
            },
            action="action_session_start",
        )
        self._insert(sender, {"event": "session_started", "timestamp": ts})
        self.action(sender, "action_listen", at=ts)

    def user(
        self,
        sender: str,
        text_: str,
        intent: str = "greet",
        confidence: float = 0.95,
        entities: list[dict] | None = None,
        channel: str = "rest",
        at: float | None = None,
    ) -> None:
        ts = at or self.tick()
        parse_data = {
            "intent": {"name": intent, "confidence": confidence},
            "entities": entities or [],
            "text": text_,
            "message_id": uuid.uuid4().hex,
            "metadata": {},
            "intent_ranking": [{"name": intent, "confidence": confidence}],
        }
        self._insert(
            sender,
            {
                "event": "user",
                "timestamp": ts,
                "metadata": {"model_id": "test"},
                "text": text_,
                "parse_data": parse_data,
                "input_channel": channel,
                "message_id": parse_data["message_id"],
            },
            intent=intent,
        )

    def action(self, sender: str, name: str, at: float | None = None) -> None:
        ts = at or self.tick()
        self._insert(
            sender,
            {
                "event": "action",
                "timestamp": ts,
                "name": name,
                "policy": "RulePolicy",
                "confidence": 1.0,
                "action_text": None,
                "hide_rule_turn": False,
            },
            action=name,
        )

    def bot(
        self, sender: str, text_: str, buttons: list[dict] | None = None, at: float | None = None
    ) -> None:
        ts = at or self.tick()
        self._insert(
            sender,
            {
                "event": "bot",
                "timestamp": ts,
                "metadata": {"utter_action": "utter_x"},
                "text": text_,
                "data": {
                    "elements": None,
                    "quick_replies": None,
                    "buttons": buttons,
                    "attachment": None,
                    "image": None,
                    "custom": None,
                },
            },
        )

    def slot(self, sender: str, name: str, value, at: float | None = None) -> None:
        ts = at or self.tick()
        self._insert(sender, {"event": "slot", "timestamp": ts, "name": name, "value": value})

    def exchange(
        self,
        sender: str,
        said: str,
        answer: str = "Okej.",
        intent: str = "greet",
        confidence: float = 0.95,
        action: str = "utter_greet",
        channel: str = "rest",
        entities: list[dict] | None = None,
        at: float | None = None,
    ) -> None:
        """One turn as Rasa records it: user message, the predicted action, the bot's text, listen."""
        if at is not None:
            self.clock = at
        self.user(sender, said, intent=intent, confidence=confidence, channel=channel, entities=entities)
        self.action(sender, action)
        self.bot(sender, answer)
        self.action(sender, "action_listen")

    def count(self, sender: str | None = None) -> int:
        with self.engine.connect() as connection:
            if sender is None:
                return connection.execute(text("SELECT count(*) FROM events")).scalar_one()
            return connection.execute(
                text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}
            ).scalar_one()
