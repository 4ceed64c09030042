"""The audit log: who viewed, exported, changed or deleted which jobseeker's data.

Entries name the caseworker, the action and the pseudonymous sender id, never message text, so
the log itself holds as little personal data as possible. Written in the same transaction as the
action where there is one, so an action is never done without its entry.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.console.models import AuditEntry

ACTIONS = {
    "login": "Inloggning",
    "login_failed": "Misslyckad inloggning",
    "logout": "Utloggning",
    "view_transcript": "Visade konversation",
    "export_json": "Exporterade (JSON)",
    "export_csv": "Exporterade (CSV)",
    "export_pdf": "Exporterade (PDF)",
    "add_note": "Lade till anteckning",
    "add_tag": "Lade till tagg",
    "remove_tag": "Tog bort tagg",
    "delete_user": "Raderade jobbsökares data",
    "take_handoff": "Tog överlämning",
    "assign_handoff": "Tilldelade överlämning",
    "release_handoff": "Lämnade tillbaka överlämning",
    "wait_handoff": "Väntar på jobbsökaren",
    "resume_handoff": "Återupptog överlämning",
    "close_handoff": "Stängde överlämning",
    "review_handoff": "Granskade överlämning",
    "team_handoff": "Bytte team på överlämning",
    "reply": "Skrev till jobbsökaren",
    "ack_sick_report": "Kvitterade sjukanmälan",
    "create_user": "Skapade konto",
    "update_user": "Ändrade konto",
    "change_password": "Bytte lösenord",
    "retention": "Gallring",
    "view_audit": "Visade granskningsloggen",
}


def record(
    session: Session,
    actor: str,
    action: str,
    target: str | None = None,
    detail: str | None = None,
    ip: str | None = None,
) -> AuditEntry:
    entry = AuditEntry(actor=actor, action=action, target=target, detail=detail, ip=ip)
    session.add(entry)
    return entry


def recent(
    session: Session,
    limit: int = 200,
    offset: int = 0,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if action:
        query = query.where(AuditEntry.action == action)
    if target:
        query = query.where(AuditEntry.target == target)
    return list(session.scalars(query.limit(limit).offset(offset)))
