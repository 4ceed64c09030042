"""The coach's durable schedule on a real SQLite file: quiet hours, one delivery per check-in, retries,
and that "sluta påminna mig" and erasure leave nothing planned."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from store import check_ins, jobseekers
from tests.support.store_db import fresh_store_url

SWEDEN = ZoneInfo("Europe/Stockholm")
FRIDAY_NOON = datetime(2026, 11, 27, 12, 0, tzinfo=SWEDEN)


@pytest.fixture
def url(tmp_path) -> str:
    return fresh_store_url(tmp_path)


@pytest.mark.parametrize(("asked", "sent"), [
    ("2026-11-27 12:00", "2026-11-27 12:00"),  # daytime stays
    ("2026-11-27 20:59", "2026-11-27 20:59"),
    ("2026-11-27 21:00", "2026-11-28 08:00"),  # evening: next morning
    ("2026-11-27 23:45", "2026-11-28 08:00"),
    ("2026-11-28 03:10", "2026-11-28 08:00"),  # night: this morning
    ("2026-11-28 08:00", "2026-11-28 08:00"),
])
def test_nothing_is_planned_between_21_and_08_swedish_time(asked, sent):
    at = datetime.fromisoformat(asked).replace(tzinfo=SWEDEN)
    assert check_ins.outside_quiet_hours(at).strftime("%Y-%m-%d %H:%M") == sent


def test_quiet_hours_are_swedish_whatever_zone_the_time_comes_in():
    utc_evening = datetime(2026, 11, 27, 20, 30, tzinfo=ZoneInfo("UTC"))  # 21:30 in Stockholm
    assert check_ins.outside_quiet_hours(utc_evening) == datetime(2026, 11, 28, 8, 0, tzinfo=SWEDEN)


def test_a_due_check_in_is_claimed_once_even_by_two_deliverers(url):
    check_ins.schedule("anna", "weekly_check_in", FRIDAY_NOON, url=url)
    assert check_ins.claim_due(FRIDAY_NOON - timedelta(minutes=1), url=url) == []  # not yet due
    first = check_ins.claim_due(FRIDAY_NOON, url=url)
    second = check_ins.claim_due(FRIDAY_NOON + timedelta(hours=1), url=url)
    assert [c.kind for c in first] == ["weekly_check_in"] and second == []
    assert check_ins.pending("anna", url=url) == []


def test_one_weekly_check_in_per_jobseeker_however_often_they_say_yes(url):
    check_ins.schedule("anna", "weekly_check_in", FRIDAY_NOON, url=url)
    check_ins.schedule("anna", "weekly_check_in", FRIDAY_NOON + timedelta(days=1), url=url)
    check_ins.schedule("anna", "interview_follow_up", FRIDAY_NOON, url=url)
    assert sorted(c.kind for c in check_ins.pending("anna", url=url)) == ["interview_follow_up", "weekly_check_in"]


def test_a_failed_delivery_goes_back_and_is_given_up_after_max_attempts(url):
    check_ins.schedule("anna", "weekly_check_in", FRIDAY_NOON, url=url)
    for _attempt in range(check_ins.MAX_ATTEMPTS - 1):
        [due] = check_ins.claim_due(FRIDAY_NOON, url=url)
        assert check_ins.release(due.id, url=url)
    [due] = check_ins.claim_due(FRIDAY_NOON, url=url)
    assert not check_ins.release(due.id, url=url)
    assert check_ins.claim_due(FRIDAY_NOON + timedelta(days=1), url=url) == []


def test_postponed_while_the_jobseeker_is_talking_counts_no_attempt(url):
    check_ins.schedule("anna", "weekly_check_in", FRIDAY_NOON, url=url)
    [due] = check_ins.claim_due(FRIDAY_NOON, url=url)
    check_ins.postpone(due.id, FRIDAY_NOON + timedelta(minutes=15), url=url)
    assert check_ins.claim_due(FRIDAY_NOON + timedelta(minutes=14), url=url) == []
    [again] = check_ins.claim_due(FRIDAY_NOON + timedelta(minutes=15), url=url)
    assert again.id == due.id


def test_stop_and_erasure_leave_nothing_planned(url):
    jobseekers.ensure_jobseeker("anna", url=url)
    jobseekers.set_reminders("anna", 4, url=url)
    check_ins.schedule("anna", "weekly_check_in", FRIDAY_NOON, url=url)
    check_ins.schedule("anna", "handoff_follow_up", FRIDAY_NOON, url=url)
    jobseekers.stop_reminders("anna", url=url)
    assert check_ins.pending("anna", url=url) == [] and not jobseekers.check_ins_allowed("anna", url=url)
    jobseekers.set_reminders("anna", 4, url=url)
    assert jobseekers.check_ins_allowed("anna", url=url)
    check_ins.schedule("bo", "weekly_check_in", FRIDAY_NOON, url=url)
    jobseekers.delete_everything("bo", url=url)
    assert check_ins.pending("bo", url=url) == [] and check_ins.claim_due(FRIDAY_NOON, url=url) == []


def test_export_and_erasure_cover_alerts_activities_reports_and_check_ins(url):
    """"Ta med din profil" carries what the coach keeps for reaching out, and erasure leaves none of it."""
    from store import activities, alerts

    jobseekers.ensure_jobseeker("cecilia", url=url)
    alerts.create("cecilia", "bevaka kock i Malmö", occupation="Kock", place="Malmö", url=url)
    activities.log_activity("cecilia", FRIDAY_NOON.date(), "interview", "intervju hos ICA", employer="ICA", url=url)
    activities.mark_drafted("cecilia", "2026-11", FRIDAY_NOON, url=url)
    check_ins.schedule("cecilia", "weekly_check_in", FRIDAY_NOON, url=url)
    exported = jobseekers.export_everything("cecilia", url=url)
    assert [a["query"] for a in exported["job_alerts"]] == ["bevaka kock i Malmö"]
    assert [(a["kind"], a["employer"]) for a in exported["activities"]] == [("interview", "ICA")]
    assert [r["month"] for r in exported["activity_reports"]] == ["2026-11"]
    assert [c["kind"] for c in exported["check_ins"]] == ["weekly_check_in"]
    jobseekers.delete_everything("cecilia", url=url)
    after = jobseekers.export_everything("cecilia", url=url)
    assert (after["job_alerts"], after["activities"], after["activity_reports"], after["check_ins"]) == ([], [], [], [])
