"""Work queues: handoff requests (take, close) and sick reports (acknowledge)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse

from web.console import audit, auth, queues
from web.console.db import console_db
from web.console.security import ConsoleRoute, CsrfChecked, LoggedIn, client_ip
from web.console.templating import render

router = APIRouter(route_class=ConsoleRoute)


@router.get("/handoffs")
def handoff_queue(identity: LoggedIn, request: Request, closed: bool = False):
    with console_db() as session:
        items = queues.handoffs(session, include_closed=closed)
    return render(request, "handoffs.html", items=items, show_closed=closed)


def _handoff_action(
    request: Request, request_id: int, identity: auth.Identity, action: str
) -> RedirectResponse:
    with console_db() as session:
        try:
            change = queues.take_handoff if action == "take" else queues.close_handoff
            handoff = change(session, request_id, identity.username)
        except queues.QueueError as error:
            raise HTTPException(status_code=409, detail=str(error)) from error
        audit.record(
            session,
            identity.username,
            f"{action}_handoff",
            target=handoff.sender_id,
            detail=f"ärende {request_id}",
            ip=client_ip(request),
        )
    return RedirectResponse(
        f"/console/handoffs?msg={'taken' if action == 'take' else 'closed'}", status_code=303
    )


@router.post("/handoffs/{request_id}/take")
def take(identity: CsrfChecked, request: Request, request_id: int):
    return _handoff_action(request, request_id, identity, "take")


@router.post("/handoffs/{request_id}/close")
def close(identity: CsrfChecked, request: Request, request_id: int):
    return _handoff_action(request, request_id, identity, "close")


@router.get("/sick-reports")
def sick_queue(identity: LoggedIn, request: Request, acknowledged: bool = False):
    with console_db() as session:
        items = queues.sick_reports(session, include_acknowledged=acknowledged)
    return render(request, "sick_reports.html", items=items, show_acknowledged=acknowledged)


@router.post("/sick-reports/{report_id}/acknowledge")
def acknowledge(identity: CsrfChecked, request: Request, report_id: int):
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
