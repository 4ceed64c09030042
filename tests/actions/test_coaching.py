"""Coaching actions: feelings, goals, progress, check-in, reminders."""

from __future__ import annotations

from datetime import date

from actions.coaching import ActionFeelingDown, ActionReportProgress, ActionSetGoal
from actions.dialogue import ActionAnswerInform, ActionAnswerYesNo
from actions.session import ActionSessionStart
from store.goals import goal_for_week
from store.jobseekers import reminders_on
from tests.actions.conftest import after_question, run, slot, texts
from tests.support.trackers import tracker_for

MONDAY = date(2026, 11, 23)


async def test_feeling_down_is_kind_and_gives_one_small_step():
    messages, _ = await run(ActionFeelingDown(), tracker_for("jag har fått nej igen", intent="feeling_down"))
    text = texts(messages)
    assert "litet steg" in text and "112" not in text


async def test_set_goal_stores_it_for_this_week_and_offers_a_reminder():
    tracker = tracker_for("mitt mål är att söka 5 jobb i veckan", intent="set_goal",
                          entities=[{"entity": "number", "value": "5"}], sender="goal-user")
    messages, events = await run(ActionSetGoal(), tracker)
    assert "5 ansökningar" in texts(messages)
    assert slot(events, "pending_question") == "weekly_reminder"
    from zoneinfo import ZoneInfo

    assert goal_for_week("goal-user", MONDAY, ZoneInfo("Europe/Stockholm")).target == 5


async def test_set_goal_without_number_asks_and_the_answer_sets_it():
    messages, events = await run(ActionSetGoal(), tracker_for("jag vill sätta ett mål", intent="set_goal"))
    assert "Hur många" in texts(messages) and slot(events, "pending_question") == "goal_number"
    answer = after_question("goal_number", "7", "inform", entities=[{"entity": "number", "value": "7"}])
    messages, _ = await run(ActionAnswerInform(), answer)
    assert "7 ansökningar" in texts(messages)


async def test_yes_to_the_reminder_schedules_a_weekly_rasa_reminder():
    messages, events = await run(ActionAnswerYesNo(), after_question("weekly_reminder", "ja", "affirm",
                                                                     sender="reminded"))
    reminder = next(e for e in events if e.get("event") == "reminder")
    assert reminder["intent"] == "report_progress" and reminder["date_time"].startswith("2026-12-04")
    assert reminders_on("reminded")


async def test_progress_is_counted_against_the_goal():
    await run(ActionSetGoal(), tracker_for("mål 5 jobb", intent="set_goal",
                                           entities=[{"entity": "number", "value": "5"}], sender="p"))
    messages, _ = await run(ActionReportProgress(), tracker_for(
        "jag har sökt 2 jobb", intent="report_progress", entities=[{"entity": "number", "value": "2"}], sender="p"))
    assert "2 av 5" in texts(messages)


async def test_progress_button_without_number_asks_how_many():
    messages, events = await run(ActionReportProgress(), tracker_for("/report_progress", intent="report_progress"))
    assert "Hur många" in texts(messages) and slot(events, "pending_question") == "progress_number"


async def test_new_user_gets_the_privacy_notice_once_then_the_check_in():
    tracker = tracker_for("", intent="session_start", sender="returning",
                          slots={"occupation": "Snickare", "pending_question": "delete_all"})
    messages, events = await run(ActionSessionStart(), tracker)
    assert "sparar" in texts(messages) and "radera mina uppgifter" in texts(messages)
    assert events[0]["event"] == "session_started" and events[-1]["name"] == "action_listen"
    assert slot(events, "occupation") == "Snickare" and slot(events, "pending_question") == "<unset>"
    await run(ActionSetGoal(), tracker_for("5 jobb", intent="set_goal",
                                           entities=[{"entity": "number", "value": "5"}], sender="returning"))
    messages, _ = await run(ActionSessionStart(), tracker)
    text = texts(messages)
    assert "Välkommen tillbaka" in text and "0 av 5" in text and "sparar" not in text


async def test_session_start_survives_a_broken_store(monkeypatch):
    monkeypatch.setenv("JOBBCOACH_DB_URL", "sqlite:////nonexistent/dir/store.db")
    messages, events = await run(ActionSessionStart(), tracker_for("", intent="session_start"))
    assert events[0]["event"] == "session_started"


async def test_a_stale_question_is_not_answered():
    events = [{"event": "slot", "name": "pending_question", "value": "delete_all"},
              {"event": "user", "text": "hej"}, {"event": "user", "text": "ja"}]
    tracker = tracker_for("ja", intent="affirm", slots={"pending_question": "delete_all"}, events=events)
    messages, _ = await run(ActionAnswerYesNo(), tracker)
    assert "raderat" not in texts(messages)


async def test_sluta_paminna_mig_cancels_the_reminder_and_silences_the_next_one():
    from actions.coaching import REMINDER_NAME

    await run(ActionAnswerYesNo(), after_question("weekly_reminder", "ja", "affirm", sender="tired"))
    messages, events = await run(ActionAnswerYesNo(), tracker_for("sluta påminna mig", intent="stop", sender="tired"))
    assert any(e.get("event") == "cancel_reminder" and e.get("name") == REMINDER_NAME for e in events)
    assert not reminders_on("tired")
    reminder = tracker_for("EXTERNAL: report_progress", intent="report_progress", sender="tired")
    messages, _ = await run(ActionReportProgress(), reminder)
    assert messages == []


async def test_a_reminder_shows_progress_and_schedules_the_next():
    await run(ActionAnswerYesNo(), after_question("weekly_reminder", "ja", "affirm", sender="keen"))
    reminder = tracker_for("EXTERNAL: report_progress", intent="report_progress", sender="keen")
    messages, events = await run(ActionReportProgress(), reminder)
    assert "veckans koll" in texts(messages) and any(e.get("event") == "reminder" for e in events)
