"""The console's conversation page shows a jobseeker's logged activities, report months and job alerts
(the web app in-process, a logged-in caseworker, the store migrated by Alembic)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from store.models import Activity, ActivityReport, JobAlert
from web.console.db import console_db

SENDER = "console-activity-user"
HOSTILE = '<img src=x onerror="alert(1)">'


def _store(*rows) -> None:
    with console_db() as session:
        session.add_all(rows)


def test_the_transcript_page_shows_activities_reports_and_alerts(caseworker, console_env):
    console_env.tracker.session_start(SENDER)
    console_env.tracker.exchange(SENDER, "jag sökte jobb som kock på Hav Krog i går", intent="log_activity")
    _store(Activity(sender_id=SENDER, day=date(2026, 11, 26), kind="application", employer="Hav Krog",
                    occupation="Kock", text="jag sökte jobb som kock på Hav Krog i går"),
           Activity(sender_id=SENDER, day=date(2026, 11, 27), kind="interview", employer="ICA",
                    text=HOSTILE),
           ActivityReport(sender_id=SENDER, month="2026-11", drafted_at=datetime(2026, 12, 1, 8, tzinfo=UTC),
                          confirmed_at=datetime(2026, 12, 3, 17, tzinfo=UTC)),
           JobAlert(sender_id=SENDER, query="lagerjobb i Jönköping", occupation="Lagerarbetare", place="Jönköping"),
           Activity(sender_id="someone-else", day=date(2026, 11, 27), kind="course", text="Någon annans kurs"))
    page = caseworker.get("/console/transcript", params={"sender": SENDER})
    assert page.status_code == 200
    html = page.text
    assert "Aktiviteter" in html and "Jobbevakningar" in html
    assert "2026-11-26" in html and "Sökt jobb" in html and "Hav Krog" in html and "Kock" in html
    assert "Anställningsintervju" in html and "ICA" in html
    assert "2026-11: skickad enligt jobbsökaren" in html
    assert "lagerjobb i Jönköping" in html and "Jönköping" in html
    assert "Någon annans kurs" not in html
    assert HOSTILE not in html and "&lt;img src=x" in html  # shown as text


def test_a_jobseeker_known_only_by_activities_has_a_page(caseworker, console_env):
    _store(Activity(sender_id="only-activities", day=date(2026, 11, 2), kind="contact", employer="Securitas",
                    text="ringde Securitas"))
    page = caseworker.get("/console/transcript", params={"sender": "only-activities"})
    assert page.status_code == 200 and "Securitas" in page.text and "Inga jobbevakningar." in page.text
    assert caseworker.get("/console/transcript", params={"sender": "nobody-at-all"}).status_code == 404


def test_the_page_needs_a_login(client, console_env):
    _store(Activity(sender_id=SENDER, day=date(2026, 11, 2), kind="contact", text="ringde Securitas"))
    response = client.get("/console/transcript", params={"sender": SENDER}, follow_redirects=False)
    assert response.status_code in (303, 401) and "Securitas" not in response.text
