"""The console's settings are the project's one settings object (jobbcoach_settings, the fields
named `console_*`, `retention_*`, `tracker_db_url`, `rasa_url`, `rasa_token()`).

`settings()` is asked at each use rather than kept from import, so tests (and the retention CLI) can
point the console at other databases by setting environment variables before the first request.
"""

from __future__ import annotations

from jobbcoach_settings import Settings as ConsoleSettings
from jobbcoach_settings import get_settings as settings

__all__ = ["ConsoleSettings", "settings"]
