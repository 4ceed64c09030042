"""The shared secrets of the Rasa runtime, read from the environment or from files under var/.

Never from the command line: every local user can read a process's arguments (`ps`), while the
environment and the 0600 files under var/ are readable by the service's own user only.

- the Rasa token (JOBBCOACH_RASA_TOKEN or var/rasa_token) guards Rasa's HTTP API, the REST channel
  and the privacy endpoints: only the web app and local tools hold it;
- the action token (JOBBCOACH_ACTION_TOKEN or var/action_token) is sent by Rasa to the action
  server in the header X-Jobbcoach-Action-Token (bot/endpoints.yml), which refuses calls without it.
"""

from __future__ import annotations

import hmac

from bot import settings

ACTION_TOKEN_HEADER = "X-Jobbcoach-Action-Token"


def rasa_token() -> str | None:
    return settings.secret("JOBBCOACH_RASA_TOKEN", "rasa_token")


def action_token() -> str | None:
    return settings.secret("JOBBCOACH_ACTION_TOKEN", "action_token")


def bearer_or_query_token(headers, args) -> str:
    """The token a request carries: `Authorization: Bearer …`, else `?token=` (as Rasa's own API)."""
    authorization = headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return args.get("token", "") or ""


def matches(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison; no configured token never matches (fail closed)."""
    return bool(expected) and hmac.compare_digest((given or "").encode(), expected.encode())
