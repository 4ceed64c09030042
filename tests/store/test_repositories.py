"""The store's repository functions on a real SQLite file: what the actions and the console rely on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from store import goals, handoffs, jobseekers, profiles, saved_jobs, sick_reports
from store.db import session_scope
from store.models import HandoffRequest, SickReport
from tests.support.store_db import fresh_store_url

SWEDEN = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=SWEDEN)
MONDAY = date(2026, 11, 23)


@pytest.fixture
def url(tmp_path) -> str:
    return fresh_store_url(tmp_path)


def test_goal_is_replaced_not_duplicated_and_progress_counts_only_its_week(url):
    goals.set_weekly_goal("anna", MONDAY, 5, NOW, url=url)
    goals.set_weekly_goal("anna", MONDAY, 6, NOW, url=url)
    goals.add_progress("anna", "application", 2, NOW, url=url)
    goals.add_progress("anna", "application", 1, NOW - timedelta(days=7), url=url)  # last week
    goals.add_progress("anna", "interview", 1, NOW, url=url)
    status = goals.goal_for_week("anna", MONDAY, SWEDEN, url=url)
    assert (status.target, status.applications, status.reached) == (6, 2, False)


def test_progress_on_monday_morning_swedish_time_belongs_to_that_week(url):
    monday_early = datetime(2026, 11, 23, 0, 30, tzinfo=SWEDEN)  # Sunday 23:30 in UTC
    goals.add_progress("anna", "application", 1, monday_early, url=url)
    assert goals.progress_in_week("anna", MONDAY, SWEDEN, url=url) == 1


def test_latest_goal_since_finds_last_weeks_goal(url):
    goals.set_weekly_goal("anna", MONDAY - timedelta(days=7), 4, NOW - timedelta(days=7), url=url)
    status = goals.latest_goal_since("anna", MONDAY - timedelta(days=7), SWEDEN, url=url)
    assert status.week_start == MONDAY - timedelta(days=7) and status.target == 4
    assert goals.latest_goal_since("anna", MONDAY, SWEDEN, url=url) is None


def test_saved_jobs_keep_order_and_ignore_duplicates(url):
    ad = {"id": "1", "headline": "Snickare", "employer": "Bygg AB", "municipality": "Umeå",
          "deadline": "2026-12-10", "url": "https://example.org/1"}
    assert saved_jobs.save_job("anna", ad, NOW, url=url)
    assert not saved_jobs.save_job("anna", ad, NOW, url=url)
    saved_jobs.save_job("anna", {**ad, "id": "2", "headline": "Målare"}, NOW + timedelta(minutes=1), url=url)
    assert [j["headline"] for j in saved_jobs.saved_jobs("anna", url=url)] == ["Snickare", "Målare"]
    assert saved_jobs.saved_jobs("bertil", url=url) == []


def test_sick_report_gets_a_unique_receipt_the_console_can_read(url):
    first = sick_reports.create_sick_report("anna", "vab", date(2026, 11, 27), None, "Möte med handläggare",
                                            NOW, url=url)
    second = sick_reports.create_sick_report("anna", "egen_sjukdom", date(2026, 11, 26), date(2026, 11, 30),
                                             None, NOW, url=url)
    assert first != second and first.startswith("SJ-261127-")
    with session_scope(url) as session:
        rows = session.scalars(select(SickReport).where(SickReport.sender_id == "anna")).all()
    assert {r.kind for r in rows} == {"vab", "egen_sjukdom"}
    assert [r.receipt for r in sick_reports.sick_reports("anna", url=url)] in ([second, first], [first, second])
    with pytest.raises(ValueError):
        sick_reports.create_sick_report("anna", "semester", date(2026, 11, 27), None, None, NOW, url=url)


def test_a_second_handoff_request_joins_the_open_one(url):
    first_id, new = handoffs.request_handoff("anna", "Vill prata om min plan", NOW, url=url)
    second_id, again = handoffs.request_handoff("anna", "Det är bråttom", NOW, url=url)
    assert new and not again and first_id == second_id
    with session_scope(url) as session:
        request = session.get(HandoffRequest, first_id)
        assert request.status == "open" and "bråttom" in request.reason


def test_delete_everything_removes_only_that_sender(url):
    jobseekers.ensure_jobseeker("anna", url=url)
    jobseekers.set_reminders("anna", 4, url=url)
    goals.set_weekly_goal("anna", MONDAY, 5, NOW, url=url)
    profiles.save_profile("anna", "Undersköterska i tio år", [], "Umeå", NOW, url=url)
    sick_reports.create_sick_report("anna", "vab", date(2026, 11, 27), None, None, NOW, url=url)
    goals.set_weekly_goal("bertil", MONDAY, 3, NOW, url=url)
    assert jobseekers.delete_everything("anna", url=url) >= 5
    exported = jobseekers.export_everything("anna", url=url)
    assert exported["profile"] is None and exported["weekly_goals"] == [] and exported["sick_reports"] == []
    assert jobseekers.export_everything("bertil", url=url)["weekly_goals"]


def test_export_is_json_ready(url):
    import json

    profiles.save_profile("anna", "Lagerarbetare", [{"label": "Lagerarbetare"}], None, NOW, url=url)
    data = jobseekers.export_everything("anna", url=url)
    assert json.loads(json.dumps(data))["profile"]["text"] == "Lagerarbetare"


def test_privacy_notice_is_due_once(url):
    assert jobseekers.ensure_jobseeker("anna", url=url) is True
    assert jobseekers.ensure_jobseeker("anna", url=url) is False
    assert jobseekers.privacy_notice_due("anna", url=url)
    jobseekers.mark_privacy_notice_shown("anna", datetime.now(UTC), url=url)
    assert not jobseekers.privacy_notice_due("anna", url=url)
