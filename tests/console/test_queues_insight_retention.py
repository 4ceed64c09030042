"""Work queues, the insight page's figures and charts, and the retention job."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from store.models import HandoffRequest, Jobseeker, ProgressEntry, SickReport
from tests.console.conftest import console_cli
from web.app import create_app


def _store(*rows) -> None:
    from web.console.db import console_db

    with console_db() as session:
        session.add_all(rows)


def _get(model, key):
    from web.console.db import console_db

    with console_db() as session:
        return session.get(model, key)


# --- queues --------------------------------------------------------------------------------------


def test_take_and_close_a_handoff_request(caseworker, admin, console_env):
    _store(HandoffRequest(id=1, sender_id="sender-ho1", reason="Vill prata med någon om <b>CV</b>"))
    assert caseworker.get("/console/handoffs").headers["location"] == "/console/inbox"  # the old address
    page = caseworker.get("/console/inbox")
    assert "sender-ho1" in page.text and "Ta ärendet" in page.text
    assert "&lt;b&gt;CV&lt;/b&gt;" in page.text  # the reason is the jobseeker's text: escaped
    assert caseworker.post("/console/handoffs/1/take").status_code == 303
    taken = _get(HandoffRequest, 1)
    assert taken.status == "taken" and taken.taken_by == "anna" and taken.taken_at is not None
    # A second caseworker cannot take it again.
    assert admin.post("/console/handoffs/1/take").status_code == 409
    assert caseworker.post("/console/handoffs/1/close").status_code == 303
    closed = _get(HandoffRequest, 1)
    assert closed.status == "closed" and closed.closed_by == "anna"
    assert "sender-ho1" not in caseworker.get("/console/inbox").text
    assert "sender-ho1" in caseworker.get("/console/inbox?view=finished").text
    assert caseworker.get("/console/api/handoffs").json() == []


def test_acknowledge_a_sick_report(caseworker, console_env):
    _store(
        SickReport(
            id=7,
            receipt="SJ-0007",
            sender_id="s7",
            kind="vab",
            from_date=date(2026, 11, 26),
            activity="Intervju på torsdag",
        )
    )
    api = caseworker.get("/console/api/sick-reports").json()
    assert api[0]["receipt"] == "SJ-0007" and api[0]["expected_back"] is None
    html = caseworker.get("/console/sick-reports").text
    assert "SJ-0007" in html and "Vård av barn" in html and "Intervju på torsdag" in html
    assert caseworker.post("/console/sick-reports/7/acknowledge").status_code == 303
    report = _get(SickReport, 7)
    assert report.acknowledged_by == "anna" and report.acknowledged_at is not None
    assert caseworker.post("/console/sick-reports/7/acknowledge").status_code == 409
    assert "SJ-0007" not in caseworker.get("/console/sick-reports").text


def test_queue_actions_are_audited(caseworker, admin, console_env):
    _store(
        HandoffRequest(id=2, sender_id="q2"),
        SickReport(id=3, receipt="R3", sender_id="q3", kind="vab", from_date=date.today()),
    )
    caseworker.post("/console/handoffs/2/take")
    caseworker.post("/console/sick-reports/3/acknowledge")
    html = admin.get("/console/admin/audit").text
    assert "Tog överlämning" in html and "Kvitterade sjukanmälan" in html and "q2" in html and "q3" in html


# --- insight -------------------------------------------------------------------------------------


def test_insight_counts_and_charts(caseworker, console_env):
    t = console_env.tracker
    now = time.time()
    t.exchange("a", "hej", intent="greet", at=now - 3600)
    t.user("a", "snickare i umeå", intent="search_jobs", confidence=0.9)
    t.slot("a", "location", "umeå")
    t.action("a", "action_search_jobs")
    t.user("a", "och i <script>x</script>", intent="search_jobs", confidence=0.9)
    t.slot("a", "location", "<script>x</script>")
    t.action("a", "action_search_jobs")
    t.exchange("b", "blaha", intent="nlu_fallback", confidence=0.1, at=now - 86400 * 2)
    t.user("b", "jobb", intent="search_jobs", confidence=0.4)
    t.action("b", "action_search_jobs")
    t.exchange("old", "hej", at=now - 86400 * 40)

    data = caseworker.get("/console/api/insight", params={"days": 30}).json()
    assert data["conversations"] == 2
    assert data["user_messages"] == 5
    assert abs(data["fallback_rate"] - 2 / 5) < 1e-9
    assert data["top_intents"][0] == ["search_jobs", 3]
    places = dict(data["searches_by_place"])
    assert places["Umeå"] == 1 and places["(ingen ort angiven)"] == 1 and places["<Script>X</Script>"] == 1

    html = caseworker.get("/console/insight").text
    assert html.count("<svg") == 4
    assert "Konversationer per dag" in html and "Jobbsökningar per ort" in html
    assert "<script>x" not in html.lower().replace("<script src", "")  # labels are escaped inside the SVG
    assert "&lt;Script&gt;X&lt;/Script&gt;" in html


def test_insight_on_an_empty_tracker_store(caseworker):
    html = caseworker.get("/console/insight").text
    assert "inga data ännu" in html


# --- retention -----------------------------------------------------------------------------------


def _old(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def _seed_retention(console_env):
    t = console_env.tracker
    now = time.time()
    t.exchange("gone", "gammalt samtal", at=now - 100 * 86400)
    t.exchange("mixed", "gammalt", at=now - 100 * 86400)
    t.exchange("mixed", "nytt", at=now - 86400)
    t.exchange("fresh", "nytt", at=now - 3600)
    _store(
        Jobseeker(sender_id="gone", first_seen=_old(100)),
        ProgressEntry(sender_id="gone", kind="application", created_at=_old(95)),
        Jobseeker(sender_id="mixed", first_seen=_old(100)),
        HandoffRequest(sender_id="mixed", status="closed", created_at=_old(99), closed_at=_old(98)),
        HandoffRequest(sender_id="mixed", status="open", created_at=_old(97)),
        SickReport(
            receipt="OLD-ACK",
            sender_id="mixed",
            kind="vab",
            from_date=date(2026, 8, 1),
            created_at=_old(97),
            acknowledged_at=_old(96),
            acknowledged_by="anna",
        ),
        Jobseeker(sender_id="store-only-recent", first_seen=_old(1)),
    )


def test_retention_deletes_what_is_older_than_n_days(console_env):
    _seed_retention(console_env)
    from web.console import retention
    from web.console.db import console_db
    from web.console.models import AuditEntry, Note

    _store(Note(sender_id="gone", author="anna", text="gammal", created_at=_old(99)))
    counts = retention.run(30)
    t = console_env.tracker
    assert t.count("gone") == 0 and t.count("fresh") > 0
    assert 0 < t.count("mixed") < 8  # the old half of the conversation went
    assert counts["forgotten_jobseekers"] == 1
    with console_db() as session:
        assert session.get(Jobseeker, "gone") is None
        assert session.scalars(select(ProgressEntry)).all() == []
        assert session.scalars(select(Note)).all() == []
        assert session.get(Jobseeker, "mixed") is not None  # still active
        assert session.get(Jobseeker, "store-only-recent") is not None
        statuses = sorted(h.status for h in session.scalars(select(HandoffRequest)))
        assert statuses == ["open"]  # closed and old: gone; open: kept until handled
        assert session.scalars(select(SickReport)).all() == []
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "retention"))
    assert entry.actor == "system" and "days=30" in entry.detail and "events=" in entry.detail


def test_retention_cli(console_env):
    _seed_retention(console_env)
    done = console_cli("retention", "--days", "30")
    assert done.returncode == 0, done.stderr
    assert "events: 8" in done.stdout and "forgotten_jobseekers: 1" in done.stdout
    assert console_env.tracker.count("gone") == 0


def test_retention_runs_inside_the_web_app_when_configured(console_env, monkeypatch):
    _seed_retention(console_env)
    monkeypatch.setenv("JOBBCOACH_RETENTION_DAYS", "30")
    with TestClient(create_app()):
        deadline = time.monotonic() + 20
        while console_env.tracker.count("gone") and time.monotonic() < deadline:
            time.sleep(0.1)
    assert console_env.tracker.count("gone") == 0 and console_env.tracker.count("fresh") > 0


def test_retention_is_off_without_configuration(console_env, client):
    _seed_retention(console_env)
    time.sleep(0.5)
    assert console_env.tracker.count("gone") > 0
