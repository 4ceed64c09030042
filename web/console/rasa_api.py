"""The console's client of Rasa's HTTP API, always with the token (JOBBCOACH_RASA_TOKEN).

Lists and search read the tracker store directly; the API gives the tracker as Rasa itself sees it
now (current slot values, latest intent), which the transcript shows on demand. The token is sent
only server-side and never reaches the browser or a log line.

Reads go through Rasa's privacy endpoint (bot/privacy_api.py), which never creates a conversation.
"""

from __future__ import annotations

from typing import Any

import httpx

from web.console.config import settings


class RasaUnavailable(RuntimeError):
    pass


def current_tracker(sender_id: str, timeout: float = 5.0) -> dict[str, Any]:
    """The live tracker's slots (and events), through Rasa's privacy endpoint, which never creates a
    conversation: Rasa's own GET /conversations/{id}/tracker would resurrect an erased jobseeker."""
    cfg = settings()
    token = cfg.rasa_token()
    if not token:
        raise RasaUnavailable("Ingen Rasa-token är konfigurerad (JOBBCOACH_RASA_TOKEN).")
    try:
        response = httpx.get(
            f"{cfg.rasa_url}/jobbcoach/privacy/history",
            params={"sender_id": sender_id},
            headers={"Authorization": f"Bearer {token}"},
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
