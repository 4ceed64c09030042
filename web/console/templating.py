"""Jinja2 set-up for the console's server-rendered pages (Swedish).

Autoescaping is switched on for every template regardless of file name: jobseekers' messages are
untrusted text and must never become markup. The only `Markup` the console creates is the SVG the
insight page builds itself, with every label escaped first.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from web.console import canned, queues, timefmt
from web.console.audit import ACTIONS
from web.console.config import settings
from web.console.db import console_db
from web.console.tracker_reader import FLAGS

TEMPLATES = Path(__file__).parent / "templates"
# Bidirectional overrides and isolates make text display in another order than it is written
# ("‮txt.exe" shows as "exe.txt"): a caseworker must see what the jobseeker actually sent.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def visible_bidi_controls(value: Any) -> Any:
    """Every text a template prints, with bidi controls shown as [U+202E] instead of obeyed."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return BIDI_CONTROLS.sub(lambda found: f"[U+{ord(found.group()):04X}]", value)
    return value


env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=visible_bidi_controls,
)
env.filters["fmt"] = timefmt.fmt
env.filters["pct"] = lambda value: f"{value * 100:.0f} %" if value is not None else "–"
env.filters["confidence"] = lambda value: f"{value:.2f}" if isinstance(value, int | float) else "–"
env.globals["FLAGS"] = FLAGS
env.globals["ACTIONS"] = ACTIONS
env.globals["urlencode"] = lambda params: urlencode({k: v for k, v in params.items() if v not in (None, "")})

MESSAGES = {
    # Fixed texts chosen by a code in the query string, so nothing a URL carries is echoed back.
    "note_added": "Anteckningen sparades.",
    "tag_added": "Taggen lades till.",
    "tag_removed": "Taggen togs bort.",
    "deleted": "All data om jobbsökaren har raderats.",
    "taken": "Du har tagit ärendet.",
    "closed": "Ärendet är stängt.",
    "assigned": "Ärendet är tilldelat.",
    "released": "Ärendet är tillbaka i kön.",
    "waiting": "Ärendet väntar på jobbsökaren.",
    "resumed": "Ärendet är återupptaget.",
    "reviewed": "Ärendet är granskat.",
    "team_set": "Teamet är ändrat.",
    "acknowledged": "Sjukanmälan är kvitterad.",
    "user_created": "Kontot skapades.",
    "user_updated": "Kontot uppdaterades.",
    "password_changed": "Lösenordet är bytt.",
    "logged_out": "Du är utloggad.",
    "replied": "Meddelandet är skickat till jobbsökaren.",
}
WARNINGS = {
    # Shown beside the message: the change is saved, but something the caseworker must know failed.
    "chat_unreached": "Ändringen är sparad, men chatten gick inte att nå (Rasa svarar inte): jobbsökaren har "
                      "inte fått veta vem som har ärendet nu, och Jobbcoach vet det inte heller.",
}


def menu_counts(username: str) -> dict:
    """The menu's badges (open handoffs, unacknowledged sick reports) on every page."""
    with console_db() as session:
        return queues.counts(session, username)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    identity = getattr(request.state, "identity", None)
    message = MESSAGES.get(request.query_params.get("msg", ""))
    warning = WARNINGS.get(request.query_params.get("warn", ""))
    html = env.get_template(template).render(
        request=request,
        identity=identity,
        csrf_token=identity.csrf_token if identity else "",
        message=message,
        warning=warning,
        counts=menu_counts(identity.username) if identity else None,
        poll_seconds=settings().console_poll_seconds,
        **{"canned_languages": canned.LANGUAGES, **context},
    )
    return HTMLResponse(html, status_code=status_code)


def render_error(status: int, message: str) -> HTMLResponse:
    html = env.get_template("error.html").render(
        identity=None, status=status, error=message, message=None, warning=None, csrf_token="", counts=None, poll_seconds=0
    )
    return HTMLResponse(html, status_code=status)
