"""The Rasa runtime's settings (Python 3.10, no pydantic-settings there): the stdlib mirror of
jobbcoach_settings for the few variables that code inside the Rasa server reads.

Read once when the server starts (bot.rasa_main), so a bad value stops it with the variable named
instead of surfacing mid-conversation. Rasa's own YAML (bot/endpoints.yml) reads the tracker and
action-server variables itself; their defaults are exported by scripts/env.sh.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_ACTION_TIMEOUT_SECONDS = 15.0
REPO = Path(__file__).resolve().parents[1]


class RasaSettingsError(RuntimeError):
    """A variable has a value the Rasa runtime cannot use."""


@dataclass(frozen=True)
class PushSettings:
    """Where the REST channel pushes what the bot says outside a request (a fired reminder)."""

    web_url: str = "http://127.0.0.1:8000"  # JOBBCOACH_WEB_URL, else http://127.0.0.1:$JOBBCOACH_WEB_PORT
    token_env: str | None = None            # JOBBCOACH_INTERNAL_TOKEN
    var_dir: Path = REPO / "var"            # JOBBCOACH_VAR: the token file is var/internal_token

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> PushSettings:
        environ = os.environ if environ is None else environ
        port = environ.get("JOBBCOACH_WEB_PORT", "").strip() or "8000"
        return cls(web_url=(environ.get("JOBBCOACH_WEB_URL", "").strip() or f"http://127.0.0.1:{port}").rstrip("/"),
                   token_env=environ.get("JOBBCOACH_INTERNAL_TOKEN", "").strip() or None,
                   var_dir=Path(environ.get("JOBBCOACH_VAR", "").strip() or REPO / "var"))

    def token(self) -> str | None:
        """The internal token: the variable, else the file (read each time: the web app may write it later)."""
        if self.token_env:
            return self.token_env
        try:
            return (self.var_dir / "internal_token").read_text(encoding="utf-8").strip() or None
        except OSError:
            return None


@dataclass(frozen=True)
class RasaSettings:
    action_timeout: float = DEFAULT_ACTION_TIMEOUT_SECONDS  # JOBBCOACH_ACTION_TIMEOUT, seconds > 0
    push: PushSettings = field(default_factory=PushSettings)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> RasaSettings:
        environ = os.environ if environ is None else environ
        raw = environ.get("JOBBCOACH_ACTION_TIMEOUT", "").strip()
        push = PushSettings.from_environ(environ)
        if not raw:
            return cls(push=push)
        try:
            timeout = float(raw)
        except ValueError:
            timeout = -1.0
        if not timeout > 0:
            raise RasaSettingsError(f"bad configuration: JOBBCOACH_ACTION_TIMEOUT={raw!r}: "
                                    "expected a number of seconds greater than 0")
        return cls(action_timeout=timeout, push=push)


def var_dir(environ: Mapping[str, str] | None = None) -> Path:
    """JOBBCOACH_VAR, else var/ in the checkout (the same default as jobbcoach_settings)."""
    environ = os.environ if environ is None else environ
    return Path(environ.get("JOBBCOACH_VAR") or REPO / "var")


def secret(variable: str, file_name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """A shared secret: the variable, else the file under var/ the run command wrote (read at each
    call: it may be written after this process started); None when neither has one."""
    environ = os.environ if environ is None else environ
    if value := environ.get(variable):
        return value
    try:
        return (var_dir(environ) / file_name).read_text().strip() or None
    except OSError:
        return None


def e5_cache_file(environ: Mapping[str, str] | None = None) -> Path:
    """JOBBCOACH_E5_CACHE, else models/e5-cache.npz: the e5 featurizer's vectors, keyed by text."""
    environ = os.environ if environ is None else environ
    return Path(environ.get("JOBBCOACH_E5_CACHE") or REPO / "models" / "e5-cache.npz")
