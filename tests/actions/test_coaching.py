"""Coaching actions: feelings, goals, progress, check-in, reminders, follow-ups after CV and interview help."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from actions.check_ins import ActionInterviewFollowUp, plan_follow_up
from actions.coaching import (
    REMINDER_NAME,
    ActionFeelingDown,
    ActionOfferAfterCvHelp,
    ActionOutOfScope,
    ActionReportProgress,
    ActionScheduleReminder,
    ActionSetGoal,
    ActionStopReminders,
    ActionWeeklyCheckIn,
)
from actions.language import ActionDetectLanguage
from actions.session import ActionSessionStart
from store import check_ins
from store.check_ins import SWEDEN
from store.goals import goal_for_week
from store.jobseekers import reminders_on
from tests.actions.conftest import after_offer, run, said, slot, values_of
from tests.support.trackers import tracker_for

MONDAY = date(2026, 11, 23)


async def test_feeling_down_is_kind_and_gives_one_small_step():
    messages, events = await run(ActionFeelingDown(), tracker_for("jag har fått nej igen", intent="feeling_down"))
    assert said(messages) == ["utter_feeling_down", "utter_small_step"]
    assert slot(events, "pending_offer") is None


async def test_set_goal_stores_it_for_this_week_and_offers_a_reminder():
    tracker = tracker_for("mitt mål är att söka 5 jobb i veckan", intent="set_goal",
                          entities=[{"entity": "number", "value": "5"}], sender="goal-user")
    messages, events = await run(ActionSetGoal(), tracker)
    assert values_of(messages, "utter_goal_set")["target"] == 5 and "utter_offer_reminder" in said(messages)
    assert slot(events, "pending_offer") == "weekly_reminder"
    assert goal_for_week("goal-user", MONDAY, ZoneInfo("Europe/Stockholm")).target == 5


async def test_set_goal_without_number_asks_and_the_answer_sets_it():
    messages, events = await run(ActionSetGoal(), tracker_for("jag vill sätta ett mål", intent="set_goal"))
    assert said(messages) == ["utter_ask_goal_number"] and slot(events, "pending_offer") == "goal_number"
    answer = after_offer("goal_number", "7", "inform", entities=[{"entity": "number", "value": "7"}])
    messages, _ = await run(ActionSetGoal(), answer)
    assert values_of(messages, "utter_goal_set")["target"] == 7


async def test_yes_to_the_reminder_plans_a_weekly_check_in_in_the_durable_schedule():
    messages, events = await run(ActionScheduleReminder(), after_offer("weekly_reminder", "ja", "affirm",
                                                                       sender="reminded"))
    [planned] = check_ins.pending("reminded")
    # "now" is pinned to Friday 2026-11-27 12:00 (tests/actions/conftest.py): a week later, same hour
    assert planned.kind == "weekly_check_in" and planned.due_at.astimezone(SWEDEN).isoformat().startswith("2026-12-04T12")
    assert not any(e.get("event") == "reminder" for e in events), "no in-memory Rasa reminder any more"
    assert reminders_on("reminded") and slot(events, "pending_offer") is None


async def test_progress_is_counted_against_the_goal():
    await run(ActionSetGoal(), tracker_for("mål 5 jobb", intent="set_goal",
                                           entities=[{"entity": "number", "value": "5"}], sender="p"))
    messages, _ = await run(ActionReportProgress(), tracker_for(
        "jag har sökt 2 jobb", intent="report_progress", entities=[{"entity": "number", "value": "2"}], sender="p"))
    status = values_of(messages, "utter_goal_status")
    assert status["done"] == 2 and status["target"] == 5 and status["left"] == 3


async def test_progress_button_without_number_asks_how_many():
    messages, events = await run(ActionReportProgress(), tracker_for("/report_progress", intent="report_progress"))
    assert said(messages) == ["utter_ask_progress_number"] and slot(events, "pending_offer") == "progress_number"


async def test_new_user_gets_the_privacy_notice_once_then_the_check_in():
    tracker = tracker_for("", intent="session_start", sender="returning",
                          slots={"occupation": "Snickare", "offer": "delete_all"})
    messages, events = await run(ActionSessionStart(), tracker)
    assert said(messages) == []  # the notice waits for the first message, to be said in its language
    assert events[0]["event"] == "session_started" and events[-1]["name"] == "action_listen"
    first = tracker_for("مرحبا، أبحث عن عمل", intent="greet", sender="returning")
    messages, _ = await run(ActionDetectLanguage(), first)
    notices = [m for m in messages if m.get("response") == "utter_privacy_notice"]
    assert len(notices) == 1 and notices[0].get("language") in {"ar", "sv"}, messages
    messages, _ = await run(ActionDetectLanguage(), tracker_for("hej igen", intent="greet", sender="returning"))
    assert "utter_privacy_notice" not in said(messages)
    assert slot(events, "occupation") == "Snickare" and slot(events, "pending_offer") == "<unset>"
    await run(ActionSetGoal(), tracker_for("5 jobb", intent="set_goal",
                                           entities=[{"entity": "number", "value": "5"}], sender="returning"))
    messages, _ = await run(ActionSessionStart(), tracker)
    assert said(messages)[0] == "utter_welcome_back" and values_of(messages, "utter_goal_not_started")["target"] == 5


@pytest.mark.action_may_fail
async def test_session_start_survives_a_broken_store(monkeypatch, tmp_path):
    broken = tmp_path / "store.db"
    broken.write_bytes(b"this is not a database " * 100)  # a damaged file: every query fails
    monkeypatch.setenv("JOBBCOACH_DB_URL", f"sqlite:///{broken}")
    messages, events = await run(ActionSessionStart(), tracker_for("", intent="session_start"))
    assert events[0]["event"] == "session_started"


async def test_out_of_scope_is_declined_and_an_offer_is_forgotten():
    messages, events = await run(ActionOutOfScope(), after_offer("delete_all", "vad blir det för väder",
                                                                 "out_of_scope"))
    assert said(messages) == ["utter_out_of_scope"] and slot(events, "pending_offer") is None


async def test_sluta_paminna_mig_cancels_every_check_in_and_silences_the_next_one():
    await run(ActionScheduleReminder(), after_offer("weekly_reminder", "ja", "affirm", sender="tired"))
    plan_follow_up(tracker_for("?", sender="tired"), "interview_follow_up")
    assert len(check_ins.pending("tired")) == 2
    messages, events = await run(ActionStopReminders(), tracker_for("sluta påminna mig", intent="stop_reminders",
                                                                    sender="tired"))
    assert any(e.get("event") == "cancel_reminder" and e.get("name") == REMINDER_NAME for e in events)
    assert not reminders_on("tired") and check_ins.pending("tired") == []
    plan_follow_up(tracker_for("?", sender="tired"), "handoff_follow_up")
    assert check_ins.pending("tired") == [], "after a stop the coach plans nothing new"
    arrived = tracker_for("EXTERNAL: weekly_check_in", intent="EXTERNAL_weekly_check_in", sender="tired")
    messages, _ = await run(ActionWeeklyCheckIn(), arrived)
    assert messages == []
    messages, _ = await run(ActionInterviewFollowUp(), arrived)
    assert messages == []


async def test_a_weekly_check_in_shows_progress_and_plans_the_next():
    await run(ActionScheduleReminder(), after_offer("weekly_reminder", "ja", "affirm", sender="keen"))
    [first] = check_ins.pending("keen")
    check_ins.claim_due(first.due_at)
    arrived = tracker_for("EXTERNAL: weekly_check_in", intent="EXTERNAL_weekly_check_in", sender="keen")
    messages, events = await run(ActionWeeklyCheckIn(), arrived)
    assert said(messages)[0] == "utter_weekly_check_in" and "utter_offer_goal" in said(messages)
    [following] = check_ins.pending("keen")
    assert following.id != first.id and following.kind == "weekly_check_in"


async def test_yes_to_a_reminder_again_after_a_stop_allows_follow_ups_again():
    await run(ActionStopReminders(), tracker_for("sluta påminna mig", intent="stop_reminders", sender="back"))
    await run(ActionScheduleReminder(), after_offer("weekly_reminder", "ja", "affirm", sender="back"))
    plan_follow_up(tracker_for("?", sender="back"), "interview_follow_up")
    assert sorted(c.kind for c in check_ins.pending("back")) == ["interview_follow_up", "weekly_check_in"]


async def test_cv_follow_up_fits_the_answer():
    def after(topic):
        tracker = tracker_for("?", intent="cv_help")
        tracker.latest_message["response_selector"] = {
            "cv_help": {"response": {"intent_response_key": f"cv_help/{topic}"}}}
        return tracker

    messages, events = await run(ActionOfferAfterCvHelp(), after("cover_letter"))
    assert said(messages) == ["utter_offer_search_after_letter"] and slot(events, "pending_offer") == "search_suggested"
    messages, events = await run(ActionOfferAfterCvHelp(), after("structure"))
    assert said(messages) == ["utter_offer_match_after_cv"] and slot(events, "pending_offer") == "match_profile"
    messages, events = await run(ActionOfferAfterCvHelp(), after("no_experience"))
    assert slot(events, "suggested_search")["text"] == "ingen erfarenhet krävs"
