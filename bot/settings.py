"""The Rasa runtime's settings (Python 3.10, no pydantic-settings there): the stdlib mirror of
jobbcoach_settings for the few variables that code inside the Rasa server reads.

Read once when the server starts (bot.rasa_main), so a bad value stops it with the variable named
instead of surfacing mid-conversation. Rasa's own YAML (bot/endpoints.yml) reads the tracker and
action-server variables itself; their defaults are exported by scripts/env.sh.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_ACTION_TIMEOUT_SECONDS = 15.0


class RasaSettingsError(RuntimeError):
    """A variable has a value the Rasa runtime cannot use."""


@dataclass(frozen=True)
class RasaSettings:
    action_timeout: float = DEFAULT_ACTION_TIMEOUT_SECONDS  # JOBBCOACH_ACTION_TIMEOUT, seconds > 0

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> RasaSettings:
        environ = os.environ if environ is None else environ
        raw = environ.get("JOBBCOACH_ACTION_TIMEOUT", "").strip()
        if not raw:
            return cls()
        try:
            timeout = float(raw)
        except ValueError:
            timeout = -1.0
        if not timeout > 0:
            raise RasaSettingsError(f"bad configuration: JOBBCOACH_ACTION_TIMEOUT={raw!r}: "
                                    "expected a number of seconds greater than 0")
        return cls(action_timeout=timeout)
