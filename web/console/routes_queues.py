"""The inbox (handoff cases: take, assign, give back, wait, close, review) and the sick-report queue."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse

from store.models import HandoffRequest
from web.console import audit, auth, live_chat, queues
from web.console.db import console_db
from web.console.security import ConsoleRoute, CsrfChecked, Forbidden, LoggedIn, Watching, client_ip
from web.console.templating import render

router = APIRouter(route_class=ConsoleRoute)

# action in the URL -> (the change, the audit action, the message shown afterwards)
CHANGES = {
    "take": (lambda s, i, a, f: queues.take_handoff(s, i, a), "take_handoff", "taken"),
    "assign": (lambda s, i, a, f: queues.assign_handoff(s, i, a, f["colleague"]), "assign_handoff", "assigned"),
    "release": (lambda s, i, a, f: queues.release_handoff(s, i, a), "release_handoff", "released"),
    "wait": (lambda s, i, a, f: queues.wait_for_jobseeker(s, i, a), "wait_handoff", "waiting"),
    "resume": (lambda s, i, a, f: queues.resume_handoff(s, i, a), "resume_handoff", "resumed"),
    "close": (lambda s, i, a, f: queues.close_handoff(s, i, a, f["note"]), "close_handoff", "closed"),
    "review": (lambda s, i, a, f: queues.review_handoff(s, i, a), "review_handoff", "reviewed"),
    "team": (lambda s, i, a, f: queues.set_team(s, i, a, f["team"]), "team_handoff", "team_set"),
}


class InboxQuery:
    def __init__(self, view: str = Query("all", max_length=20), status: str | None = Query(None, max_length=20)):
        self.view = view if view in queues.VIEWS else "all"
        self.status = status if status in queues.STATUS_NAMES else None


def _inbox_context(identity: auth.Identity, query: InboxQuery) -> dict:
    with console_db() as session:
        actor = queues.actor_for(session, identity.username, identity.is_admin)
        cases = queues.inbox(session, actor, query.view, query.status)
        sick = queues.sick_reports(session)
        counts = queues.counts(session, identity.username)
    return {"cases": cases, "sick": sick, "view": query.view, "status": query.status, "actor": actor,
            "views": queues.VIEWS, "statuses": queues.STATUS_NAMES, "inbox_version": counts["version"]}


@router.get("/inbox")
def inbox_page(identity: LoggedIn, request: Request, view: str = Query("all", max_length=20),
               status: str | None = Query(None, max_length=20)):
    return render(request, "inbox.html", **_inbox_context(identity, InboxQuery(view, status)))


@router.get("/inbox/list")
def inbox_list(identity: Watching, request: Request, view: str = Query("all", max_length=20),
               status: str | None = Query(None, max_length=20)):
    """The inbox's lists alone, which the page's script swaps in when the counts say something
    changed (server-rendered like the page, so there is one template and nothing built in JS)."""
    return render(request, "_inbox_list.html", **_inbox_context(identity, InboxQuery(view, status)))


@router.get("/handoffs")
def handoff_queue(identity: LoggedIn, closed: bool = False):
    """The old queue's address (bookmarks): the inbox has it now."""
    return RedirectResponse("/console/inbox" + ("?view=finished" if closed else ""), status_code=303)


def back_to(back: str, sender: str, message: str, warning: str | None = None) -> RedirectResponse:
    """Back to the case or the inbox: two fixed places, so the form cannot redirect anywhere else.
    `message` and `warning` are codes of templating's fixed texts, never text from the request."""
    codes = {"msg": message, **({"warn": warning} if warning else {})}
    if back == "case":
        return RedirectResponse(f"/console/transcript?{urlencode({'sender': sender, **codes})}#arende",
                                status_code=303)
    return RedirectResponse(f"/console/inbox?{urlencode(codes)}", status_code=303)


@dataclass(frozen=True)
class Changed:
    """A case after a change, and whether the conversation was told of a new holder (None: there
    was nothing to tell; False: Rasa did not answer, the jobseeker does not know yet)."""

    handoff: HandoffRequest
    chat_told: bool | None


def apply_change(request: Request, identity: auth.Identity, request_id: int, action: str, colleague: str,
                 team: str, note: str) -> Changed:
    """One change to a case, its audit entry in the same transaction; the pages and the JSON API
    (routes_api) both come here, so their rules cannot drift apart.

    A change of who holds the conversation is told to it (web.console.live_chat) once the change is
    saved: the case is the caseworkers' decision and stands even when Rasa is down for a moment;
    the caseworker is told that the jobseeker was not."""
    if action not in CHANGES:
        raise HTTPException(status_code=404, detail="Okänd åtgärd.")
    if action == "assign" and not colleague.strip():
        raise HTTPException(status_code=400, detail="Välj en kollega att tilldela ärendet.")
    change, audit_action, _message = CHANGES[action]
    fields = {"colleague": colleague.strip().lower(), "team": team, "note": note}
    with console_db() as session:
        actor = queues.actor_for(session, identity.username, identity.is_admin)
        before = session.get(HandoffRequest, request_id)
        held_by = live_chat.holder(before.status, before.taken_by) if before is not None else None
        try:
            handoff = change(session, request_id, actor, fields)
        except queues.NotAllowed as error:
            raise Forbidden(str(error)) from error
        except queues.QueueError as error:
            raise HTTPException(status_code=409, detail=str(error)) from error
        detail = f"ärende {request_id}"
        if action == "assign":
            detail += f" till {handoff.taken_by}"
        elif action == "team":
            detail += f" team {handoff.team or '–'}"
        elif action == "close" and note.strip():
            detail += " med anteckning"
        audit.record(session, identity.username, audit_action, target=handoff.sender_id, detail=detail,
                     ip=client_ip(request))
        session.flush()
        session.expunge(handoff)
    told = live_chat.case_changed(handoff.sender_id, held_by, live_chat.holder(handoff.status, handoff.taken_by))
    return Changed(handoff, told)


@router.post("/handoffs/{request_id}/{action}")
def change_handoff(
    identity: CsrfChecked,
    request: Request,
    action: str,
    request_id: int = Path(ge=1, le=2**62),
    colleague: str = Form("", max_length=80),
    team: str = Form("", max_length=40),
    note: str = Form("", max_length=5000),
    back: str = Form("inbox", max_length=10),
):
    changed = apply_change(request, identity, request_id, action, colleague, team, note)
    warning = "chat_unreached" if changed.chat_told is False else None
    return back_to(back, changed.handoff.sender_id, CHANGES[action][2], warning)


@router.get("/sick-reports")
def sick_queue(identity: LoggedIn, request: Request, acknowledged: bool = False):
    with console_db() as session:
        items = queues.sick_reports(session, include_acknowledged=acknowledged)
    return render(request, "sick_reports.html", items=items, show_acknowledged=acknowledged)


@router.post("/sick-reports/{report_id}/acknowledge")
def acknowledge(identity: CsrfChecked, request: Request, report_id: int = Path(ge=1, le=2**62)):
    with console_db() as session:
        try:
            report = queues.acknowledge_sick_report(session, report_id, identity.username)
        except queues.QueueError as error:
            raise HTTPException(status_code=409, detail=str(error)) from error
        audit.record(
            session,
            identity.username,
            "ack_sick_report",
            target=report.sender_id,
            detail=f"kvitto {report.receipt}",
            ip=client_ip(request),
        )
    return RedirectResponse("/console/sick-reports?msg=acknowledged", status_code=303)
