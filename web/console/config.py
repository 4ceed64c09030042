"""The console's settings, read from the environment each time they are asked for.

Read lazily rather than at import, so tests (and the retention CLI) can point the console at other
databases by setting environment variables before the first request.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from store import tracker_events


def _int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def _float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class ConsoleSettings:
    tracker_db_url: str
    rasa_url: str
    rasa_token: str | None
    cookie_secure: bool
    session_idle_minutes: int
    session_max_hours: int
    max_failed_logins: int
    lockout_minutes: int
    ip_failures_per_window: int
    ip_window_minutes: int
    low_confidence: float
    retention_days: int | None
    retention_interval_hours: float
    page_size: int


def tracker_db_url() -> str:
    """As the store reads it (store.tracker_events): one definition of where the tracker lives."""
    return tracker_events.tracker_db_url()


def rasa_token() -> str | None:
    """JOBBCOACH_RASA_TOKEN, else the token file the run command writes (var/rasa_token)."""
    return tracker_events.rasa_token()


def settings() -> ConsoleSettings:
    retention = os.environ.get("JOBBCOACH_RETENTION_DAYS")
    return ConsoleSettings(
        tracker_db_url=tracker_db_url(),
        rasa_url=os.environ.get("JOBBCOACH_RASA_URL", "http://127.0.0.1:5005").rstrip("/"),
        rasa_token=rasa_token(),
        # Off by default because the run command serves plain http on loopback; set it behind https.
        cookie_secure=_flag("JOBBCOACH_CONSOLE_SECURE_COOKIES", False),
        session_idle_minutes=_int("JOBBCOACH_CONSOLE_SESSION_IDLE_MINUTES", 30),
        session_max_hours=_int("JOBBCOACH_CONSOLE_SESSION_MAX_HOURS", 10),
        max_failed_logins=_int("JOBBCOACH_CONSOLE_MAX_FAILED_LOGINS", 5),
        lockout_minutes=_int("JOBBCOACH_CONSOLE_LOCKOUT_MINUTES", 15),
        ip_failures_per_window=_int("JOBBCOACH_CONSOLE_IP_FAILURES", 20),
        ip_window_minutes=_int("JOBBCOACH_CONSOLE_IP_WINDOW_MINUTES", 15),
        low_confidence=_float("JOBBCOACH_CONSOLE_LOW_CONFIDENCE", 0.5),
        retention_days=int(retention) if retention and retention.strip().isdigit() else None,
        retention_interval_hours=_float("JOBBCOACH_RETENTION_INTERVAL_HOURS", 24.0),
        page_size=_int("JOBBCOACH_CONSOLE_PAGE_SIZE", 25),
    )
