"""Who a widget request is from: the browser's random sender id, sent in a header, never in a URL.

The id (32 random hex characters, kept in the browser's localStorage) is the capability to read and
receive that conversation, so it must not land where URLs land (access logs, proxies, the
browser's history). Only ids of exactly that shape are accepted: a Telegram chat id, a Slack user
id or a test sender can never be read through the widget's API.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Header, HTTPException

SENDER_PATTERN = r"^[0-9a-f]{32}$"
SENDER_HEADER = "X-Jobbcoach-Sender"
_SENDER = re.compile(SENDER_PATTERN)


def is_widget_sender(sender_id: str) -> bool:
    return bool(_SENDER.match(sender_id))


def widget_sender(
    x_jobbcoach_sender: Annotated[str | None, Header(description="Widgetens slumpade avsändar-id (32 hex-tecken)")] = None,
) -> str:
    """The sender id from the X-Jobbcoach-Sender header; 422 when missing or not a widget id."""
    if x_jobbcoach_sender is None or not is_widget_sender(x_jobbcoach_sender):
        raise HTTPException(status_code=422, detail=f"{SENDER_HEADER} måste vara widgetens avsändar-id.")
    return x_jobbcoach_sender


WidgetSender = Annotated[str, Depends(widget_sender)]
