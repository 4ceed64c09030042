"""The caseworker's inbox: order, counts, who may do what to a case, service level, the handoff
flag ending at closing, search by pseudonym/date/status, canned replies and case-note exports."""

from __future__ import annotations

import csv
import io
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from store.handoffs import request_handoff
from store.models import HandoffRequest, Jobseeker, Note, SickReport
from web.console import service_level
from web.console.config import settings
from web.console.db import console_db
from web.console.models import Caseworker
from web.console.timefmt import LOCAL


def _store(*rows) -> None:
    with console_db() as session:
        session.add_all(rows)


def _get(request_id: int) -> HandoffRequest:
    with console_db() as session:
        return session.get(HandoffRequest, request_id)


def _ago(**delta) -> datetime:
    return datetime.now(UTC) - timedelta(**delta)


def _team(username: str, team: str) -> None:
    with console_db() as session:
        session.scalar(select(Caseworker).where(Caseworker.username == username)).team = team


# --- order and counts ----------------------------------------------------------------------------


def test_urgent_first_then_the_longest_wait_and_waiting_cases_last(caseworker, console_env):
    _store(
        HandoffRequest(id=1, sender_id="new-calm", created_at=_ago(minutes=5)),
        HandoffRequest(id=2, sender_id="old-calm", created_at=_ago(days=3)),
        HandoffRequest(id=3, sender_id="crisis", created_at=_ago(minutes=1), urgent=True),
        HandoffRequest(id=4, sender_id="answered", created_at=_ago(days=9), status="waiting", taken_by="anna",
                       waiting_since=_ago(hours=1)),
        HandoffRequest(id=5, sender_id="done", created_at=_ago(days=9), status="closed", closed_at=_ago(days=1)),
    )
    order = [h["sender_id"] for h in caseworker.get("/console/api/handoffs").json()]
    assert order == ["crisis", "old-calm", "new-calm", "answered"]
    html = caseworker.get("/console/inbox").text
    assert html.index("crisis") < html.index("old-calm") < html.index("new-calm") < html.index("answered")
    assert "done" not in html and "förfallen sedan" in html  # three days old: overdue
    counts = caseworker.get("/console/api/inbox/counts").json()
    assert counts["open"] == 3 and counts["urgent"] == 1 and counts["mine"] == 1 and counts["sick"] == 0
    assert counts["overdue"] == 1  # old-calm only; the crisis has an hour, a waiting case no timer


def test_menu_counts_on_every_page_and_the_version_changes_with_the_queue(caseworker, console_env):
    _store(HandoffRequest(id=1, sender_id="a"), SickReport(receipt="S1", sender_id="b", kind="vab",
                                                           from_date=datetime.now(UTC).date()))
    for path in ("/console/inbox", "/console/conversations", "/console/sick-reports", "/console/insight"):
        html = caseworker.get(path).text
        assert 'data-count="open"' in html and ">1<span class=\"visually-hidden\"> öppna" in html, path
        assert ">1<span class=\"visually-hidden\"> okvitterade" in html, path
    before = caseworker.get("/console/api/inbox/counts").json()["version"]
    caseworker.post("/console/handoffs/1/take")
    after = caseworker.get("/console/api/inbox/counts").json()
    assert after["version"] != before and after["open"] == 0 and after["mine"] == 1


def test_the_console_opens_on_the_inbox(caseworker):
    assert caseworker.get("/console/").headers["location"] == "/console/inbox"


def test_polling_the_counts_does_not_keep_a_session_alive(caseworker, console_env):
    from web.console.models import ConsoleSession

    with console_db() as session:
        row = session.scalars(select(ConsoleSession)).one()
        row.last_seen_at = _ago(minutes=20)
    assert caseworker.get("/console/api/inbox/counts").status_code == 200
    with console_db() as session:
        seen = session.scalars(select(ConsoleSession)).one().last_seen_at
    assert seen.replace(tzinfo=UTC) < _ago(minutes=19)  # untouched: the idle clock keeps running
    caseworker.get("/console/inbox")
    with console_db() as session:
        assert session.scalars(select(ConsoleSession)).one().last_seen_at.replace(tzinfo=UTC) > _ago(minutes=1)


# --- who may do what -----------------------------------------------------------------------------


def test_nobody_closes_a_colleagues_case_but_an_admin(caseworker, admin, console_env):
    _store(HandoffRequest(id=1, sender_id="s1"), HandoffRequest(id=2, sender_id="s2"))
    assert caseworker.post("/console/handoffs/1/close").status_code == 403  # open: take it first
    assert admin.post("/console/handoffs/1/take").status_code == 303
    refused = caseworker.post("/console/handoffs/1/close")
    assert refused.status_code == 403 and "kollegas" in refused.text
    assert caseworker.post("/console/handoffs/1/release").status_code == 403
    assert caseworker.post("/console/handoffs/1/assign", {"colleague": "anna"}).status_code == 403
    assert _get(1).status == "taken" and _get(1).taken_by == "admin"
    # The holder passes it on; now anna holds it and may close it, with a note.
    assert admin.post("/console/handoffs/1/assign", {"colleague": "anna"}).status_code == 303
    assert _get(1).taken_by == "anna"
    closed = caseworker.post("/console/handoffs/1/close", {"note": "Ringde upp, bokat möte.", "back": "case"})
    assert closed.status_code == 303 and closed.headers["location"].startswith("/console/transcript?sender=s1")
    assert _get(1).status == "closed" and _get(1).closed_by == "anna"
    with console_db() as session:
        note = session.scalars(select(Note).where(Note.sender_id == "s1")).one()
    assert note.author == "anna" and note.text == "Ringde upp, bokat möte."
    # An admin may close anyone's case, an open one too.
    caseworker.post("/console/handoffs/2/take")
    assert admin.post("/console/handoffs/2/close").status_code == 303
    assert _get(2).closed_by == "admin"


def test_give_back_wait_resume_and_review_by_someone_else(caseworker, admin, console_env):
    _store(HandoffRequest(id=1, sender_id="s1"))
    caseworker.post("/console/handoffs/1/take")
    assert caseworker.post("/console/handoffs/1/wait").status_code == 303
    assert _get(1).status == "waiting" and _get(1).waiting_since is not None
    assert caseworker.post("/console/handoffs/1/wait").status_code == 409  # already waiting
    assert caseworker.post("/console/handoffs/1/resume").status_code == 303 and _get(1).status == "taken"
    assert caseworker.post("/console/handoffs/1/release").status_code == 303
    released = _get(1)
    assert released.status == "open" and released.taken_by is None
    caseworker.post("/console/handoffs/1/take")
    caseworker.post("/console/handoffs/1/close")
    assert caseworker.post("/console/handoffs/1/review").status_code == 403  # four eyes
    assert admin.post("/console/handoffs/1/review").status_code == 303
    reviewed = _get(1)
    assert reviewed.status == "reviewed" and reviewed.reviewed_by == "admin"
    assert admin.post("/console/handoffs/1/review").status_code == 409
    audit = admin.get("/console/admin/audit").text
    for words in ("Väntar på jobbsökaren", "Återupptog överlämning", "Lämnade tillbaka överlämning",
                  "Granskade överlämning"):
        assert words in audit


def test_assignment_needs_an_active_colleague_and_bad_input_gets_clear_errors(caseworker, console_env):
    _store(HandoffRequest(id=1, sender_id="s1"))
    assert caseworker.post("/console/handoffs/1/assign", {"colleague": "nobody"}).status_code == 409
    empty = caseworker.post("/console/handoffs/1/assign", {"colleague": " "})
    assert empty.status_code == 400 and "Välj en kollega" in empty.text
    assert caseworker.post("/console/handoffs/1/explode").status_code == 404
    assert caseworker.post("/console/handoffs/999/take").status_code == 409
    assert caseworker.post("/console/handoffs/1/close", {"note": "x" * 6000}).status_code == 422
    assert caseworker.get("/console/inbox", params={"view": "<x>", "status": "nope"}).status_code == 200


def test_teams_and_the_my_cases_filter(caseworker, admin, console_env):
    _team("anna", "arabiska")
    _store(HandoffRequest(id=1, sender_id="for-anna"), HandoffRequest(id=2, sender_id="for-admin"),
           HandoffRequest(id=3, sender_id="nobodys"))
    caseworker.post("/console/handoffs/1/take")
    admin.post("/console/handoffs/2/take")
    assert _get(1).team == "arabiska" and _get(2).team is None  # a case gets its taker's team
    assert caseworker.post("/console/handoffs/3/team", {"team": "Arabiska!"}).status_code == 303
    assert _get(3).team == "arabiska"
    mine = [h["sender_id"] for h in caseworker.get("/console/api/handoffs", params={"view": "mine"}).json()]
    team = [h["sender_id"] for h in caseworker.get("/console/api/handoffs", params={"view": "team"}).json()]
    free = [h["sender_id"] for h in caseworker.get("/console/api/handoffs", params={"view": "unassigned"}).json()]
    assert mine == ["for-anna"] and sorted(team) == ["for-anna", "nobodys"] and free == ["nobodys"]
    assert "for-admin" not in caseworker.get("/console/inbox?view=mine").text


def test_two_caseworkers_taking_at_once_one_wins(caseworker, admin, console_env):
    from web.console import queues

    _store(HandoffRequest(id=1, sender_id="s1"))
    with console_db() as first, console_db() as second:
        seen_by_second = queues._load(second, 1)
        queues.take_handoff(first, 1, queues.Actor("anna"))
        first.commit()
        try:
            queues._swap(second, seen_by_second, status="taken", taken_by="admin")
        except queues.QueueError as error:
            assert "ändrats" in str(error)
        else:
            raise AssertionError("the second take succeeded")
    assert _get(1).taken_by == "anna"


def test_a_new_request_while_waiting_returns_the_case_to_its_caseworker(console_env):
    request_handoff("s1", "hjälp", datetime.now(UTC), language="ar")
    with console_db() as session:
        handoff = session.scalars(select(HandoffRequest)).one()
        handoff.status, handoff.taken_by, handoff.waiting_since = "waiting", "anna", datetime.now(UTC)
    request_id, is_new = request_handoff("s1", "jag har svarat", datetime.now(UTC))
    case = _get(request_id)
    assert not is_new and case.status == "taken" and case.waiting_since is None and case.language == "ar"


# --- service level -------------------------------------------------------------------------------


def _local(*args) -> datetime:
    return datetime(*args, tzinfo=LOCAL)


def test_one_working_day_skips_nights_weekends_and_swedish_holidays(console_env):
    cfg = settings()
    due = service_level.due_at
    assert due(_local(2026, 12, 1, 10, 0), False, cfg) == _local(2026, 12, 2, 10, 0)  # Tue -> Wed
    assert due(_local(2026, 12, 4, 20, 0), False, cfg) == _local(2026, 12, 7, 16, 0)  # Fri night -> Mon
    assert due(_local(2026, 12, 5, 11, 0), False, cfg) == _local(2026, 12, 7, 16, 0)  # Saturday
    assert due(_local(2026, 12, 23, 15, 0), False, cfg) == _local(2026, 12, 28, 15, 0)  # jul: 24-26 off
    assert due(_local(2026, 4, 2, 12, 0), False, cfg) == _local(2026, 4, 7, 12, 0)  # påsk: Good Fri, Easter Mon
    assert due(_local(2026, 6, 18, 9, 0), False, cfg) == _local(2026, 6, 22, 9, 0)  # midsommarafton 19 June
    assert due(_local(2026, 12, 1, 3, 0), True, cfg) == _local(2026, 12, 1, 4, 0)  # urgent: by the clock
    assert service_level.easter_sunday(2027).isoformat() == "2027-03-28"


def test_the_service_level_is_a_setting(console_env, monkeypatch):
    monkeypatch.setenv("JOBBCOACH_HANDOFF_SLA_HOURS", "2")
    monkeypatch.setenv("JOBBCOACH_HANDOFF_URGENT_SLA_MINUTES", "15")
    monkeypatch.setenv("JOBBCOACH_HANDOFF_WORKING_HOURS", "09:00-17:00")
    cfg = settings()
    assert service_level.due_at(_local(2026, 12, 1, 16, 30), False, cfg) == _local(2026, 12, 2, 10, 30)
    assert service_level.due_at(_local(2026, 12, 1, 16, 30), True, cfg) == _local(2026, 12, 1, 16, 45)
    assert service_level.describe(_local(2026, 12, 1, 12, 0), _local(2026, 12, 1, 9, 40)) == "om 2 h 20 min"
    assert service_level.describe(_local(2026, 12, 1, 12, 0), _local(2026, 12, 1, 12, 7)) == "förfallen sedan 7 min"


# --- the flag, search ----------------------------------------------------------------------------


def _flags(caseworker, sender: str) -> list[str]:
    rows = caseworker.get("/console/api/conversations", params={"who": sender}).json()["conversations"]
    return next(r["flags"] for r in rows if r["sender_id"] == sender)


def test_the_handoff_flag_ends_when_the_case_is_closed(caseworker, console_env):
    t = console_env.tracker
    t.clock = time.time() - 600  # asked ten minutes ago
    t.exchange("asks", "jag vill prata med en människa", intent="human_handoff")
    _store(HandoffRequest(id=1, sender_id="asks"))
    assert "handoff" in _flags(caseworker, "asks")
    caseworker.post("/console/handoffs/1/take")
    caseworker.post("/console/handoffs/1/close")
    assert "handoff" not in _flags(caseworker, "asks")
    flagged = caseworker.get("/console/api/conversations", params={"flag": "handoff"}).json()["conversations"]
    assert "asks" not in [r["sender_id"] for r in flagged]
    t.clock = time.time() + 5
    t.exchange("asks", "jag vill prata med en handläggare igen", intent="human_handoff")  # asks again
    assert "handoff" in _flags(caseworker, "asks")


def test_search_by_pseudonym_date_range_over_the_whole_conversation_and_status(caseworker, console_env):
    t = console_env.tracker
    october, december = _local(2026, 10, 5, 12).timestamp(), _local(2026, 12, 2, 12).timestamp()
    t.exchange("3f9a1c0e77d24b1a", "hej", at=october)
    t.exchange("3f9a1c0e77d24b1a", "jag är tillbaka", at=december)  # wrote again in December
    t.exchange("b00b5", "hej", at=october)
    _store(HandoffRequest(sender_id="b00b5", status="waiting", taken_by="anna"))

    def found(**params) -> list[str]:
        return sorted(r["sender_id"] for r in
                      caseworker.get("/console/api/conversations", params=params).json()["conversations"])

    assert found(who="3F9A1C") == ["3f9a1c0e77d24b1a"]  # a part of the pseudonym, any case
    assert found(who="%") == []
    assert found(**{"from": "2026-12-01", "to": "2026-12-03"}) == ["3f9a1c0e77d24b1a"]
    assert found(**{"from": "2026-10-05", "to": "2026-10-05"}) == ["3f9a1c0e77d24b1a", "b00b5"]
    assert found(status="waiting") == ["b00b5"] and found(status="closed") == []
    html = caseworker.get("/console/conversations", params={"who": "b00b"}).text
    assert "b00b5" in html and "3f9a1c0e77d24b1a" not in html


# --- the case page: canned replies, language -----------------------------------------------------


def test_the_case_shows_canned_replies_in_the_jobseekers_language(caseworker, console_env):
    console_env.tracker.exchange("ar-user", "مرحبا")
    _store(Jobseeker(sender_id="ar-user", language="ar"), HandoffRequest(id=1, sender_id="ar-user"))
    html = caseworker.get("/console/transcript", params={"sender": "ar-user"}).text
    assert "Jobbsökarens språk: <strong>arabiska</strong>" in html
    assert "Färdiga svar på arabiska" in html and 'lang="ar" dir="rtl"' in html
    assert "مرحبًا! أنا موظف" in html and "På svenska: Hej! Jag är handläggare" in html
    assert "Ta ärendet" in html and "Svar senast" in html
    console_env.tracker.exchange("sv-user", "hej")
    _store(HandoffRequest(id=2, sender_id="sv-user"))
    swedish = caseworker.get("/console/transcript", params={"sender": "sv-user"}).text
    assert "Färdiga svar på svenska" in swedish and "På svenska:" not in swedish


def test_every_canned_reply_exists_in_every_language():
    from web.console import canned

    for reply in canned.catalogue():
        assert set(reply["text"]) == set(canned.LANGUAGES), reply["id"]
        assert all(text.strip() for text in reply["text"].values()), reply["id"]


# --- exports as case notes -----------------------------------------------------------------------


def test_exports_read_as_case_notes(caseworker, admin, console_env):
    t = console_env.tracker
    t.session_start("cn")
    t.exchange("cn", "jag vill prata med en människa", intent="human_handoff", answer="En handläggare svarar dig.")
    t.slot("cn", "location", "Umeå")
    t.bot("cn", "Hej, det är Anna på Arbetsförmedlingen.")
    with t.engine.begin() as connection:  # what the live handoff will write: a bot event by a caseworker
        from sqlalchemy import text
        connection.execute(text("UPDATE events SET data = replace(data, '\"utter_action\": \"utter_x\"', "
                                "'\"caseworker\": \"anna\"') WHERE data LIKE '%det % Anna%'"))
    _store(HandoffRequest(id=1, sender_id="cn", reason="vill prata"))
    caseworker.post("/console/handoffs/1/take")
    caseworker.post("/console/transcript/tags", {"sender": "cn", "tag": "uppföljning"})
    caseworker.post("/console/handoffs/1/close", {"note": "Klart."})

    document = caseworker.get("/console/transcript/export", params={"sender": "cn", "format": "json"}).json()
    said = [(e["who"], e["kind"], e["text"]) for e in document["entries"]]
    assert ("Jobbsökare", "message", "jag vill prata med en människa") in said
    assert ("Jobbcoach", "message", "En handläggare svarar dig.") in said
    assert ("Handläggare anna", "message", "Hej, det är Anna på Arbetsförmedlingen.") in said
    assert ("Handläggare anna", "tag", "uppföljning") in said
    assert ("Handläggare anna", "note", "Klart.") in said
    assert ("Handläggare anna", "case", "Stängde ärendet") in said
    assert ("Jobbsökare", "case", "Överlämning begärd: vill prata") in said
    assert "action_listen" not in str(document["entries"]) and "Umeå" not in str(document["entries"])
    times = [e["at"] for e in document["entries"]]
    assert times == sorted(times)

    rows = list(csv.reader(io.StringIO(caseworker.get(
        "/console/transcript/export", params={"sender": "cn", "format": "csv"}).text.lstrip("\ufeff"))))
    assert rows[0] == ["jobbsökare", "tid", "vem", "typ", "text"] and len(rows) == len(said) + 1
    assert {r[3] for r in rows[1:]} == {"meddelande", "tagg", "anteckning", "ärende"}

    pdf = caseworker.get("/console/transcript/export", params={"sender": "cn", "format": "pdf"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf.headers["content-disposition"].endswith('.pdf"')
    from pypdf import PdfReader

    extracted = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Handläggare anna" in extracted and "Stängde ärendet" in extracted and "action_listen" not in extracted
    assert caseworker.get("/console/transcript/export", params={"sender": "cn", "format": "xml"}).status_code == 422
    assert "Exporterade (PDF)" in admin.get("/console/admin/audit").text


def test_an_admin_sets_a_caseworkers_team(admin, caseworker, console_env):
    with console_db() as session:
        anna_id = session.scalar(select(Caseworker.id).where(Caseworker.username == "anna"))
    assert admin.post(f"/console/admin/users/{anna_id}", {"action": "team", "team": " Ungdom "}).status_code == 303
    with console_db() as session:
        assert session.get(Caseworker, anna_id).team == "ungdom"
    assert caseworker.post(f"/console/admin/users/{anna_id}", {"action": "team", "team": "x"}).status_code == 403
    assert "Mitt team (ungdom)" in caseworker.get("/console/inbox").text


def test_the_json_api_has_the_same_rules(caseworker, admin, console_env):
    _store(HandoffRequest(id=1, sender_id="api-1"))
    url = "/console/api/handoffs/1/take"
    assert caseworker.client.post(url).status_code == 403  # no CSRF header
    taken = caseworker.client.post(url, headers={"X-CSRF-Token": caseworker.csrf})
    assert taken.status_code == 200 and taken.json()["taken_by"] == "anna" and taken.json()["due_at"]
    released = admin.client.post("/console/api/handoffs/1/release", headers={"X-CSRF-Token": admin.csrf})
    assert released.status_code == 200 and released.json()["status"] == "open"  # an admin may
    assert admin.client.post("/console/api/handoffs/1/close", headers={"X-CSRF-Token": admin.csrf},
                             json={"note": "x" * 6000}).status_code == 422
    closed = caseworker.client.post("/console/api/handoffs/1/take", headers={"X-CSRF-Token": caseworker.csrf})
    assert closed.status_code == 200
    done = caseworker.client.post("/console/api/handoffs/1/close", headers={"X-CSRF-Token": caseworker.csrf},
                                  json={"note": "Klart via API"})
    assert done.status_code == 200 and done.json()["status"] == "closed" and done.json()["due_at"] is None
    again = caseworker.client.post("/console/api/handoffs/1/review", headers={"X-CSRF-Token": caseworker.csrf})
    assert again.status_code == 403 and "granskar" in again.json()["detail"]


def test_the_case_page_lists_saved_jobs_goals_and_when_a_sick_report_came(caseworker, console_env):
    from datetime import date

    from store.models import SavedJob, WeeklyGoal

    console_env.tracker.exchange("whole", "hej")
    _store(SavedJob(sender_id="whole", ad_id="9", headline="Kock, Hav Krog", employer="Hav AB",
                    url="javascript:alert(1)"),
           WeeklyGoal(sender_id="whole", week_start=date(2026, 11, 30), applications_target=5),
           SickReport(receipt="S-5", sender_id="whole", kind="egen_sjukdom", from_date=date(2026, 12, 1),
                      created_at=datetime(2026, 12, 1, 7, 5, tzinfo=UTC)))
    html = caseworker.get("/console/transcript", params={"sender": "whole"}).text
    assert "Kock, Hav Krog · Hav AB" in html and "javascript:" not in html  # only https links
    assert "Veckomål: 5 ansökningar veckan från 2026-11-30" in html
    assert "egen sjukdom) från 2026-12-01, anmäld 2026-12-01 08:05" in html


def test_crisis_conversations_carry_a_flag_that_stays(caseworker, console_env):
    t = console_env.tracker
    t.user("in-crisis", "jag orkar inte leva längre", intent="nlu_fallback", confidence=0.3)
    t.action("in-crisis", "action_safety_crisis")
    t.bot("in-crisis", "Ring 112 om du är i fara nu.")
    t.exchange("handed-over", "hej")
    t.exchange("calm", "jag söker jobb", intent="search_jobs")
    _store(HandoffRequest(id=1, sender_id="handed-over", urgent=True, status="closed", closed_by="anna",
                          closed_at=datetime.now(UTC)))
    listing = caseworker.get("/console/api/conversations").json()["conversations"]
    flags = {r["sender_id"]: r["flags"] for r in listing}
    assert "crisis" in flags["in-crisis"] and "crisis" in flags["handed-over"] and "crisis" not in flags["calm"]
    assert "handoff" not in flags["handed-over"]  # the case is closed; the crisis stays on record
    only = caseworker.get("/console/api/conversations", params={"flag": "crisis"}).json()["conversations"]
    assert sorted(r["sender_id"] for r in only) == ["handed-over", "in-crisis"]
    assert "Kris (säkerhetsnätet)" in caseworker.get("/console/conversations").text


def test_absurd_ids_get_a_clear_error_not_a_crash(caseworker, console_env):
    for path in ("/console/handoffs/99999999999999999999999/take", "/console/handoffs/0/take",
                 "/console/sick-reports/99999999999999999999999/acknowledge"):
        assert caseworker.post(path).status_code == 422, path
    api = caseworker.client.post("/console/api/handoffs/99999999999999999999999/take",
                                 headers={"X-CSRF-Token": caseworker.csrf})
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["path", "request_id"]
