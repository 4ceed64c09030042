"""The live handoff's pages: write to the jobseeker, and the conversation kept up to date while a
caseworker holds it (web.console.live_chat does the talking to Rasa and the outbox).

Included before routes_queues, whose `/handoffs/{id}/{action}` would otherwise take `reply` for an
unknown action.
"""

from __future__ import annotations

from fastapi import APIRouter, Form, HTTPException, Path, Request, Response

from bot.channels.message_guard import clean_text
from store.models import HandoffRequest
from web.console import audit, auth, conversations, live_chat, queues, tracker_reader
from web.console.db import console_db
from web.console.routes_conversations import SENDER, messages_version, transcript_response
from web.console.routes_queues import back_to
from web.console.security import ConsoleRoute, CsrfChecked, Forbidden, Watching, client_ip
from web.console.templating import render

router = APIRouter(route_class=ConsoleRoute)


def send_reply(request: Request, identity: auth.Identity, request_id: int, text: str) -> str:
    """Send a caseworker's message in a case they hold (or an admin); returns the sender id.

    The audit entry is written in the transaction that checked the right to write, after the
    message went out: when Rasa does not answer (live_chat.ChatUnavailable, raised on), nothing was
    sent and nothing is recorded."""
    text = clean_text(text).strip()
    if not text:
        raise HTTPException(status_code=400, detail="Meddelandet är tomt.")
    with console_db() as session:
        actor = queues.actor_for(session, identity.username, identity.is_admin)
        try:
            case = queues.case_to_write(session, request_id, actor)
        except queues.NotAllowed as error:
            raise Forbidden(str(error)) from error
        except queues.QueueError as error:
            raise HTTPException(status_code=409, detail=str(error)) from error
        sender = case.handoff.sender_id
        live_chat.reply(sender, identity.username, text, case.language)
        audit.record(session, identity.username, "reply", target=sender, detail=f"ärende {request_id}",
                     ip=client_ip(request))
    return sender


def unsent(error: live_chat.ChatUnavailable) -> str:
    """Why the message did not go, in the caseworker's words: nothing was sent, the text is kept."""
    return f"Meddelandet skickades inte, eftersom chatten inte gick att nå: {error} Texten finns kvar i rutan; " \
           "försök igen om en stund."


@router.post("/handoffs/{request_id}/reply")
def reply(identity: CsrfChecked, request: Request, request_id: int = Path(ge=1, le=2**62),
          text: str = Form(..., min_length=1, max_length=live_chat.MAX_REPLY_CHARS)):
    """The case page's "Skriv till jobbsökaren". When the message could not be sent the page comes
    back with the text still in the form, so the caseworker loses nothing."""
    try:
        sender = send_reply(request, identity, request_id, text)
    except live_chat.ChatUnavailable as error:
        with console_db() as session:
            sender = session.get(HandoffRequest, request_id).sender_id
        return transcript_response(identity, request, sender, reply_text=text, reply_error=unsent(error),
                                   status_code=503)
    return back_to("case", sender, "replied")


@router.get("/transcript/live")
def live_messages(identity: Watching, request: Request, sender: str = SENDER, details: bool = False):
    """The conversation's messages alone, which the case page's script swaps in while its reader
    holds the case (204 otherwise: the script stops asking). A script's request, so it does not
    keep the session alive; not audited each time, as it shows the holder the conversation whose
    page view was audited, with what was said since."""
    with console_db() as session:
        actor = queues.actor_for(session, identity.username, identity.is_admin)
        if queues.writable_case(session, sender, actor) is None:
            return Response(status_code=204)
    events = tracker_reader.sender_events(sender)
    return render(request, "_messages.html", sender=sender, items=conversations.transcript(events),
                  details=details, messages_version=messages_version(events), live_case_id=True)
