"""The console's client of Rasa's HTTP API, always with the token (JOBBCOACH_RASA_TOKEN).

Lists and search read the tracker store directly; the API gives the tracker as Rasa itself sees it
now (current slot values, latest intent), which the transcript shows on demand. The token is sent
only server-side and never reaches the browser or a log line.

Callers must ask only about senders that exist in the tracker store: Rasa answers a tracker request
for an unknown sender by creating that conversation, which would resurrect a deleted jobseeker.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from web.console.config import settings


class RasaUnavailable(RuntimeError):
    pass


def current_tracker(sender_id: str, timeout: float = 5.0) -> dict[str, Any]:
    cfg = settings()
    token = cfg.rasa_token()
    if not token:
        raise RasaUnavailable("Ingen Rasa-token är konfigurerad (JOBBCOACH_RASA_TOKEN).")
    try:
        response = httpx.get(
            f"{cfg.rasa_url}/conversations/{quote(sender_id, safe='')}/tracker",
            params={"token": token, "include_events": "NONE"},
            timeout=timeout,
        )
    except httpx.HTTPError as error:
        raise RasaUnavailable("Rasa-servern svarar inte.") from error
    if response.status_code != 200:
        raise RasaUnavailable(f"Rasa svarade {response.status_code}.")
    return response.json()


def current_slots(sender_id: str) -> dict[str, Any]:
    """Non-empty slot values of the live tracker."""
    slots = current_tracker(sender_id).get("slots") or {}
    return {name: value for name, value in sorted(slots.items()) if value not in (None, [], "")}
