"""The caseworkers' work: handoff cases (the inbox) and sick reports (acknowledge).

Both live in the per-user store, written by the bot's actions; the console changes their status.

Who may do what with a handoff case (store.handoffs has the statuses):
* take: anyone, while the case is open (nobody's). Two caseworkers pressing at once: one gets it.
* assign to a colleague, set the team: anyone while it is open (dispatching); once it is someone's,
  only that caseworker (passing it on) or an admin.
* give back, wait for the jobseeker, resume, close: only the caseworker who holds it, or an admin.
  Nobody closes a colleague's case without having it assigned first; admins may (sick leave,
  holidays), and may close an open one too.
* review a closed case: anyone but the one who closed it (four eyes), admins included.
* write to the jobseeker (the live handoff): only the caseworker who holds it, or an admin, while
  it is taken or waiting.

Every change is a compare-and-swap on the status and holder the caseworker saw, so two people
acting on one case at the same moment cannot both succeed: the second gets "has changed".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from store.handoffs import FINISHED, STATUSES, UNFINISHED, WITH_CASEWORKER
from store.models import HandoffRequest, Jobseeker, Note, SickReport
from web.console import service_level
from web.console.models import Caseworker

STATUS_NAMES = {
    "open": "Öppen",
    "taken": "Tagen",
    "waiting": "Väntar på jobbsökaren",
    "closed": "Stängd",
    "reviewed": "Granskad",
}
VIEWS = {
    "all": "Alla ej avslutade",
    "mine": "Mina ärenden",
    "team": "Mitt team",
    "unassigned": "Ej tilldelade",
    "finished": "Avslutade",
}


class QueueError(ValueError):
    """The case is not in a state that allows this (409)."""


class NotAllowed(QueueError):
    """The caseworker may not do this to this case (403)."""


@dataclass(frozen=True)
class Actor:
    username: str
    is_admin: bool = False
    team: str | None = None


@dataclass
class Case:
    """One handoff as the inbox shows it."""

    handoff: HandoffRequest
    due: datetime | None  # None once nobody needs to act (waiting for the jobseeker, finished)
    overdue: bool
    timer: str  # "om 3 h 20 min" / "förfallen sedan 5 min" / ""
    language: str | None  # the jobseeker's language (store.models.Jobseeker.language)

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.handoff.status, self.handoff.status)


def utcnow() -> datetime:
    return datetime.now(UTC)


def normalise_team(team: str | None) -> str | None:
    cleaned = "".join(c for c in (team or "").strip().lower() if c.isalnum() or c in "-_ ")[:40].strip()
    return cleaned or None


def actor_for(session: Session, username: str, is_admin: bool) -> Actor:
    team = session.scalar(select(Caseworker.team).where(Caseworker.username == username))
    return Actor(username, is_admin, team)


def _case(handoff: HandoffRequest, languages: dict[str, str | None], at: datetime) -> Case:
    due = None
    if handoff.status in ("open", "taken"):
        due = service_level.due_at(handoff.created_at, handoff.urgent)
    overdue = due is not None and due <= at
    timer = service_level.describe(due, at) if due is not None else ""
    return Case(handoff, due, overdue, timer, languages.get(handoff.sender_id))


def _languages(session: Session, senders: set[str]) -> dict[str, str | None]:
    if not senders:
        return {}
    rows = session.execute(select(Jobseeker.sender_id, Jobseeker.language).where(Jobseeker.sender_id.in_(senders)))
    return {sender: language for sender, language in rows}


def inbox(session: Session, actor: Actor, view: str = "all", status: str | None = None,
          at: datetime | None = None) -> list[Case]:
    """The cases a view shows, what needs attention first: those someone must act on (open, taken)
    before those waiting for the jobseeker; urgent ones first; then the earliest deadline, which
    is the longest wait. Finished cases newest first."""
    at = at or service_level.now()
    query = select(HandoffRequest)
    if view == "finished":
        query = query.where(HandoffRequest.status.in_(FINISHED))
    else:
        query = query.where(HandoffRequest.status.in_(UNFINISHED))
    if view == "mine":
        query = query.where(HandoffRequest.taken_by == actor.username)
    elif view == "team":
        query = query.where(HandoffRequest.team == actor.team) if actor.team else query.where(False)
    elif view == "unassigned":
        query = query.where(HandoffRequest.status == "open")
    if status in STATUSES:
        query = query.where(HandoffRequest.status == status)
    rows = list(session.scalars(query))
    languages = _languages(session, {h.sender_id for h in rows})
    cases = [_case(h, languages, at) for h in rows]
    if view == "finished":
        return sorted(cases, key=lambda c: (c.handoff.closed_at or c.handoff.created_at, c.handoff.id), reverse=True)
    far = datetime.max.replace(tzinfo=UTC)
    return sorted(cases, key=lambda c: (c.handoff.status == "waiting", not c.handoff.urgent, c.due or far,
                                        service_level.local(c.handoff.created_at), c.handoff.id))


def handoffs(session: Session, include_closed: bool = False) -> list[HandoffRequest]:
    """The unfinished requests in the inbox's order (then the finished ones, newest first)."""
    everyone = Actor("")
    rows = [case.handoff for case in inbox(session, everyone)]
    if include_closed:
        rows += [case.handoff for case in inbox(session, everyone, "finished")]
    return rows


def cases_for(session: Session, sender_id: str, at: datetime | None = None) -> list[Case]:
    rows = list(session.scalars(select(HandoffRequest).where(HandoffRequest.sender_id == sender_id)
                                .order_by(HandoffRequest.id.desc())))
    return [_case(h, _languages(session, {sender_id}), at or service_level.now()) for h in rows]


def counts(session: Session, username: str, at: datetime | None = None) -> dict[str, int | str]:
    """The menu's badges and the inbox's "has anything changed" version, in a few small queries."""
    at = at or service_level.now()
    unfinished = list(session.execute(
        select(HandoffRequest.id, HandoffRequest.status, HandoffRequest.urgent, HandoffRequest.taken_by,
               HandoffRequest.created_at, HandoffRequest.team)
        .where(HandoffRequest.status.in_(UNFINISHED)).order_by(HandoffRequest.id)))
    sick = session.scalar(select(func.count()).select_from(SickReport).where(SickReport.acknowledged_at.is_(None)))
    open_rows = [row for row in unfinished if row[1] == "open"]
    overdue = sum(1 for row in unfinished
                  if row[1] in ("open", "taken") and service_level.due_at(row[4], row[2]) <= at)
    fingerprint = hashlib.sha256(repr([row[:4] + row[5:] for row in unfinished]).encode()).hexdigest()[:16]
    return {
        "open": len(open_rows),
        "urgent": sum(1 for row in open_rows if row[2]),
        "mine": sum(1 for row in unfinished if row[3] == username),
        "overdue": overdue,
        "sick": int(sick or 0),
        "version": f"{fingerprint}-{sick}",
    }


# --- changes -------------------------------------------------------------------------------------


def _load(session: Session, request_id: int) -> HandoffRequest:
    handoff = session.get(HandoffRequest, request_id)
    if handoff is None:
        raise QueueError("Ärendet finns inte.")
    return handoff


def _holds(handoff: HandoffRequest, actor: Actor) -> bool:
    return handoff.taken_by == actor.username and handoff.status in WITH_CASEWORKER


def _swap(session: Session, handoff: HandoffRequest, **values) -> HandoffRequest:
    """Change the case only if nobody changed its status or holder since we read it."""
    holder = (HandoffRequest.taken_by == handoff.taken_by if handoff.taken_by is not None
              else HandoffRequest.taken_by.is_(None))
    result = session.execute(update(HandoffRequest)
                             .where(HandoffRequest.id == handoff.id, HandoffRequest.status == handoff.status, holder)
                             .values(**values).execution_options(synchronize_session=False))
    if not result.rowcount:
        raise QueueError("Ärendet har just ändrats av någon annan. Ladda om sidan.")
    return session.get(HandoffRequest, handoff.id, populate_existing=True)


def take_handoff(session: Session, request_id: int, actor: Actor) -> HandoffRequest:
    handoff = _load(session, request_id)
    if handoff.status != "open":
        raise QueueError("Ärendet är inte längre öppet.")
    return _swap(session, handoff, status="taken", taken_by=actor.username, taken_at=utcnow(),
                 team=handoff.team or actor.team)


def assign_handoff(session: Session, request_id: int, actor: Actor, colleague: str) -> HandoffRequest:
    handoff = _load(session, request_id)
    if handoff.status not in UNFINISHED:
        raise QueueError("Ärendet är redan avslutat.")
    if handoff.status != "open" and not (_holds(handoff, actor) or actor.is_admin):
        raise NotAllowed("Bara den som har ärendet (eller en administratör) kan lämna det vidare.")
    target = session.scalar(select(Caseworker).where(Caseworker.username == colleague,
                                                     Caseworker.active.is_(True)))
    if target is None:
        raise QueueError("Det finns ingen aktiv handläggare med det användarnamnet.")
    status = "taken" if handoff.status == "open" else handoff.status
    return _swap(session, handoff, status=status, taken_by=target.username, taken_at=utcnow(),
                 team=handoff.team or target.team)


def _by_holder(session: Session, request_id: int, actor: Actor, allowed: tuple[str, ...]) -> HandoffRequest:
    handoff = _load(session, request_id)
    if handoff.status not in allowed:
        raise QueueError(f"Det går inte när ärendet är {STATUS_NAMES.get(handoff.status, handoff.status).lower()}.")
    if not (_holds(handoff, actor) or actor.is_admin):
        raise NotAllowed("Ärendet är en kollegas. Be om att få det tilldelat först.")
    return handoff


def case_to_write(session: Session, request_id: int, actor: Actor) -> Case:
    """The case a caseworker writes to the jobseeker in, with the jobseeker's language; only its
    holder (or an admin) may, and only while a caseworker holds the conversation."""
    handoff = _by_holder(session, request_id, actor, WITH_CASEWORKER)
    return _case(handoff, _languages(session, {handoff.sender_id}), service_level.now())


def writable_case(session: Session, sender_id: str, actor: Actor) -> HandoffRequest | None:
    """The jobseeker's case this caseworker may write in now (the console shows the form for it)."""
    held = session.scalar(select(HandoffRequest).where(HandoffRequest.sender_id == sender_id,
                                                       HandoffRequest.status.in_(WITH_CASEWORKER))
                          .order_by(HandoffRequest.id.desc()).limit(1))
    return held if held is not None and (_holds(held, actor) or actor.is_admin) else None


def release_handoff(session: Session, request_id: int, actor: Actor) -> HandoffRequest:
    """Give back: the case returns to the queue for anyone to take."""
    handoff = _by_holder(session, request_id, actor, WITH_CASEWORKER)
    return _swap(session, handoff, status="open", taken_by=None, taken_at=None, waiting_since=None)


def wait_for_jobseeker(session: Session, request_id: int, actor: Actor) -> HandoffRequest:
    handoff = _by_holder(session, request_id, actor, ("taken",))
    return _swap(session, handoff, status="waiting", waiting_since=utcnow())


def resume_handoff(session: Session, request_id: int, actor: Actor) -> HandoffRequest:
    handoff = _by_holder(session, request_id, actor, ("waiting",))
    return _swap(session, handoff, status="taken", waiting_since=None)


def close_handoff(session: Session, request_id: int, actor: Actor, note: str | None = None) -> HandoffRequest:
    """Close the case; a closing note becomes one of the conversation's console notes."""
    handoff = _load(session, request_id)
    if handoff.status in FINISHED:
        raise QueueError("Ärendet är redan stängt.")
    if not actor.is_admin and handoff.status == "open":
        raise NotAllowed("Ta ärendet innan du stänger det.")
    if not actor.is_admin:
        handoff = _by_holder(session, request_id, actor, WITH_CASEWORKER)
    at = utcnow()
    closed = _swap(session, handoff, status="closed", closed_at=at, closed_by=actor.username, waiting_since=None,
                   taken_by=handoff.taken_by or actor.username, taken_at=handoff.taken_at or at)
    if note and note.strip():
        session.add(Note(sender_id=closed.sender_id, author=actor.username, text=note.strip()[:5000], created_at=at))
    return closed


def review_handoff(session: Session, request_id: int, actor: Actor) -> HandoffRequest:
    handoff = _load(session, request_id)
    if handoff.status != "closed":
        raise QueueError("Bara stängda ärenden kan granskas.")
    if handoff.closed_by == actor.username:
        raise NotAllowed("En kollega granskar ärendet; den som stängde det kan inte granska det själv.")
    return _swap(session, handoff, status="reviewed", reviewed_at=utcnow(), reviewed_by=actor.username)


def set_team(session: Session, request_id: int, actor: Actor, team: str | None) -> HandoffRequest:
    handoff = _load(session, request_id)
    if handoff.status not in UNFINISHED:
        raise QueueError("Ärendet är redan avslutat.")
    if handoff.status != "open" and not (_holds(handoff, actor) or actor.is_admin):
        raise NotAllowed("Bara den som har ärendet (eller en administratör) kan byta team.")
    return _swap(session, handoff, team=normalise_team(team))


def colleagues(session: Session) -> list[Caseworker]:
    return list(session.scalars(select(Caseworker).where(Caseworker.active.is_(True)).order_by(Caseworker.username)))


def teams(session: Session) -> list[str]:
    names = set(session.scalars(select(Caseworker.team).where(Caseworker.team.is_not(None))))
    names |= set(session.scalars(select(HandoffRequest.team).where(HandoffRequest.team.is_not(None))))
    return sorted(names)


def unfinished_senders(session: Session) -> set[str]:
    return set(session.scalars(select(HandoffRequest.sender_id).where(HandoffRequest.status.in_(UNFINISHED))))


def finished_at(session: Session) -> dict[str, float]:
    """Senders whose every handoff is finished, and when the latest was closed (epoch seconds): a
    handoff intent before that no longer flags the conversation."""
    rows = session.execute(select(HandoffRequest.sender_id, HandoffRequest.status, HandoffRequest.closed_at))
    running, closed = set(), {}
    for sender, status, at in rows:
        if status in UNFINISHED:
            running.add(sender)
        elif at is not None:
            stamp = service_level.local(at).timestamp()
            closed[sender] = max(closed.get(sender, 0.0), stamp)
    return {sender: stamp for sender, stamp in closed.items() if sender not in running}


def urgent_senders(session: Session) -> set[str]:
    """Jobseekers the safety net handed over urgently, whatever became of the case."""
    return set(session.scalars(select(HandoffRequest.sender_id).where(HandoffRequest.urgent.is_(True))))


def senders_with_status(session: Session, status: str) -> set[str]:
    return set(session.scalars(select(HandoffRequest.sender_id).where(HandoffRequest.status == status)))


# --- sick reports --------------------------------------------------------------------------------


def sick_reports(session: Session, include_acknowledged: bool = False) -> list[SickReport]:
    query = select(SickReport).order_by(SickReport.created_at.desc(), SickReport.id.desc())
    if not include_acknowledged:
        query = query.where(SickReport.acknowledged_at.is_(None))
    return list(session.scalars(query))


def acknowledge_sick_report(session: Session, report_id: int, caseworker: str) -> SickReport:
    result = session.execute(
        update(SickReport)
        .where(SickReport.id == report_id, SickReport.acknowledged_at.is_(None))
        .values(acknowledged_at=datetime.now(UTC), acknowledged_by=caseworker)
    )
    if not result.rowcount:
        raise QueueError("Sjukanmälan finns inte eller är redan kvitterad.")
    return session.get(SickReport, report_id, populate_existing=True)
