"""Logging, listing, the goal, the monthly draft (pinned "now"), confirming and the reminder, through
the actions on a real migrated store; the report files (CSV content, a valid PDF with its text)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from actions.activity_log import (
    ActionActivityReportDraft,
    ActionActivityReportReminder,
    ActionConfirmActivityReport,
    ActionListActivities,
    ActionLogActivity,
)
from store import activities, check_ins
from store.goals import progress_in_week, set_weekly_goal
from store.jobseekers import stop_reminders
from tests.actions.conftest import run, said, values_of
from tests.activities.conftest import SECRET
from tests.support.trackers import tracker_for
from web.activity_report import build_csv, build_pdf, document

SWEDEN = ZoneInfo("Europe/Stockholm")
WEEK = date(2026, 11, 23)  # the pinned now (Friday 27 Nov 2026) is in this week


def external(kind: str, sender: str, language: str = "sv"):
    """The turn the scheduler's trigger_intent makes (Rasa's text "EXTERNAL: <intent>")."""
    return tracker_for(f"EXTERNAL: EXTERNAL_{kind}", intent=f"EXTERNAL_{kind}", sender=sender,
                       slots={"language": language},
                       events=[{"event": "user", "text": "hej", "input_channel": "telegram"}])


async def log(sender: str, text: str, language: str = "sv", entities=None):
    return await run(ActionLogActivity(), tracker_for(text, intent="log_activity", sender=sender,
                                                      slots={"language": language}, entities=entities))


async def test_an_application_is_stored_said_back_counted_and_its_report_planned(jobseeker):
    set_weekly_goal(jobseeker, WEEK, 5, datetime(2026, 11, 23, 9, tzinfo=SWEDEN))
    messages, _ = await log(jobseeker, "jag sökte jobb som kock på Hav Krog i går")
    [row] = activities.activities_in_month(jobseeker, "2026-11")
    assert (row.day, row.kind, row.employer, row.occupation) == (date(2026, 11, 26), "application", "Hav Krog", "Kock")
    assert said(messages) == ["utter_activity_saved_application", "utter_activity_goal_progress"]
    assert values_of(messages, "utter_activity_saved_application")["details"] == "Kock · Hav Krog"
    assert values_of(messages, "utter_activity_saved_application")["day"] == "i går"
    assert (values_of(messages, "utter_activity_goal_progress")["done"], values_of(messages, "utter_activity_goal_progress")["target"]) == (1, 5)
    assert progress_in_week(jobseeker, WEEK, SWEDEN) == 1
    [planned] = check_ins.pending(jobseeker)
    assert planned.kind == "activity_report_draft"
    assert planned.due_at.astimezone(SWEDEN) == datetime(2026, 12, 1, 9, tzinfo=SWEDEN)


async def test_other_kinds_are_stored_but_do_not_count_toward_the_goal(jobseeker):
    for text in ("jag var på intervju hos ICA", "ringde Securitas om ett jobb", "gick en kurs i truckkörning"):
        await log(jobseeker, text)
    assert [row.kind for row in activities.activities_in_month(jobseeker, "2026-11")] == [
        "interview", "contact", "course"]
    assert progress_in_week(jobseeker, WEEK, SWEDEN) == 0


async def test_an_english_activity_is_said_back_in_english_words(jobseeker):
    messages, _ = await log(jobseeker, "I had an interview at Lidl on Monday", language="en")
    assert said(messages) == ["utter_activity_saved_interview"]
    assert values_of(messages, "utter_activity_saved_interview")["day"] == "Monday 23 Nov"
    assert activities.activities_in_month(jobseeker, "2026-11")[0].employer == "Lidl"


async def test_what_is_not_done_yet_or_too_old_is_not_stored(jobseeker):
    messages, _ = await log(jobseeker, "jag ska på intervju hos Lidl i morgon")
    assert said(messages) == ["utter_activity_not_yet"]
    messages, _ = await log(jobseeker, "sökte jobb hos ICA den 3 september")
    assert said(messages) == ["utter_activity_too_old"]
    assert activities.activities_in_month(jobseeker, "2026-11") == []
    assert activities.activities_in_month(jobseeker, "2026-09") == []


async def test_a_bare_count_counts_toward_the_goal_and_asks_for_each_job(jobseeker):
    messages, _ = await log(jobseeker, "jag sökte 3 jobb idag", entities=[{"entity": "number", "value": "3"}])
    assert said(messages) == ["utter_activity_several"]
    assert progress_in_week(jobseeker, WEEK, SWEDEN) == 3
    assert activities.activities_in_month(jobseeker, "2026-11") == []


async def test_the_button_without_words_asks_what_was_done(jobseeker):
    messages, _ = await log(jobseeker, "/log_activity")
    assert said(messages) == ["utter_ask_activity"]


async def test_listing_this_month_and_last(jobseeker, monkeypatch):
    await log(jobseeker, "jag sökte jobb som kock på Hav Krog i går")
    await log(jobseeker, "ringde Securitas om ett jobb")
    messages, _ = await run(ActionListActivities(), tracker_for("vad har jag gjort den här månaden?",
                                                                intent="list_activities", sender=jobseeker))
    listed = values_of(messages, "utter_activities_list")
    assert listed["month"] == "november 2026" and listed["count"] == 2
    assert listed["lines"].splitlines() == ["• 26 nov. · Sökt jobb · Kock · Hav Krog",
                                            "• 27 nov. · Kontakt med arbetsgivare · Securitas"]
    messages, _ = await run(ActionListActivities(), tracker_for("what did I do last month", intent="list_activities",
                                                                sender=jobseeker, slots={"language": "en"}))
    assert said(messages) == ["utter_no_activities"]
    assert values_of(messages, "utter_no_activities")["month"] == "October 2026"


async def _november(jobseeker):
    for text in ("jag sökte jobb som kock på Hav Krog i går", "jag var på intervju hos ICA",
                 "ringde Securitas om ett jobb", "gick en kurs i truckkörning"):
        await log(jobseeker, text)


async def test_the_draft_arrives_on_the_first_with_text_links_and_a_reminder(jobseeker, monkeypatch):
    await _november(jobseeker)
    monkeypatch.setenv("JOBBCOACH_NOW", "2026-12-01T09:00:00")
    messages, _ = await run(ActionActivityReportDraft(), external("activity_report_draft", jobseeker))
    assert said(messages) == ["utter_activity_report_draft", "utter_activity_report_files"]
    draft = values_of(messages, "utter_activity_report_draft")
    assert draft["month"] == "november 2026" and draft["deadline"] == "14 december"
    assert draft["report"].splitlines() == [
        "Aktivitetsrapport – utkast",
        "Aktiviteter i november 2026",
        "",
        "1. 2026-11-26 – Sökt jobb. Arbetsgivare: Hav Krog. Yrke/tjänst: Kock. ”jag sökte jobb som kock på Hav Krog i går”",
        "2. 2026-11-27 – Anställningsintervju. Arbetsgivare: ICA. Yrke/tjänst: –. ”jag var på intervju hos ICA”",
        "3. 2026-11-27 – Kontakt med arbetsgivare. Arbetsgivare: Securitas. Yrke/tjänst: –. ”ringde Securitas om ett jobb”",
        "4. 2026-11-27 – Kurs eller utbildning. Arbetsgivare: –. Yrke/tjänst: –. ”gick en kurs i truckkörning”",
    ]
    files = values_of(messages, "utter_activity_report_files")
    report = activities.report_status(jobseeker, "2026-11")
    assert report.drafted_at is not None and report.confirmed_at is None
    assert files["pdf_url"].startswith(f"http://127.0.0.1:8000/activity-report/{report.id}.pdf?expires=")
    assert jobseeker not in files["pdf_url"]  # the link never carries the sender id
    [reminder] = [c for c in check_ins.pending(jobseeker) if c.kind == "activity_report_reminder"]
    assert reminder.due_at.astimezone(SWEDEN) == datetime(2026, 12, 10, 9, tzinfo=SWEDEN)
    assert reminder.channel == "telegram"


async def test_confirming_records_it_cancels_the_reminder_and_silences_it(jobseeker, monkeypatch):
    await _november(jobseeker)
    monkeypatch.setenv("JOBBCOACH_NOW", "2026-12-01T09:00:00")
    await run(ActionActivityReportDraft(), external("activity_report_draft", jobseeker))
    monkeypatch.setenv("JOBBCOACH_NOW", "2026-12-03T18:00:00")
    messages, _ = await run(ActionConfirmActivityReport(), tracker_for("klart, jag har skickat den",
                                                                       intent="activity_report_sent", sender=jobseeker))
    assert said(messages) == ["utter_activity_report_confirmed"]
    assert activities.report_status(jobseeker, "2026-11").confirmed_at is not None
    assert not [c for c in check_ins.pending(jobseeker) if c.kind == "activity_report_reminder"]
    messages, _ = await run(ActionConfirmActivityReport(), tracker_for("jag har redan skickat den",
                                                                       intent="activity_report_sent", sender=jobseeker))
    assert said(messages) == ["utter_activity_report_already_confirmed"]
    monkeypatch.setenv("JOBBCOACH_NOW", "2026-12-10T09:00:00")
    messages, _ = await run(ActionActivityReportReminder(), external("activity_report_reminder", jobseeker))
    assert messages == []
    messages, _ = await run(ActionActivityReportDraft(), external("activity_report_draft", jobseeker))
    assert messages == []  # a confirmed month is not offered again by the schedule


async def test_the_reminder_comes_while_the_report_is_not_confirmed(jobseeker, monkeypatch):
    await _november(jobseeker)
    monkeypatch.setenv("JOBBCOACH_NOW", "2026-12-01T09:00:00")
    await run(ActionActivityReportDraft(), external("activity_report_draft", jobseeker))
    monkeypatch.setenv("JOBBCOACH_NOW", "2026-12-10T09:00:00")
    messages, _ = await run(ActionActivityReportReminder(), external("activity_report_reminder", jobseeker, "uk"))
    assert said(messages) == ["utter_activity_report_reminder"]
    assert values_of(messages, "utter_activity_report_reminder")["month"] == "листопад 2026"
    stop_reminders(jobseeker)  # "sluta påminna mig"
    messages, _ = await run(ActionActivityReportReminder(), external("activity_report_reminder", jobseeker))
    assert messages == []


async def test_nothing_logged_means_no_draft_from_the_schedule_and_a_kind_word_when_asked(jobseeker, monkeypatch):
    monkeypatch.setenv("JOBBCOACH_NOW", "2026-12-01T09:00:00")
    messages, _ = await run(ActionActivityReportDraft(), external("activity_report_draft", jobseeker))
    assert messages == []
    messages, _ = await run(ActionActivityReportDraft(), tracker_for("visa min aktivitetsrapport",
                                                                     intent="activity_report", sender=jobseeker))
    assert said(messages) == ["utter_activity_report_empty"]


async def test_the_report_files_csv_and_pdf(jobseeker, monkeypatch):
    await _november(jobseeker)
    monkeypatch.setenv("JOBBCOACH_NOW", "2026-12-01T09:00:00")
    doc = document(jobseeker, "2026-11")
    body = build_csv(doc).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0] == ["Datum", "Vad du gjorde", "Arbetsgivare", "Yrke/tjänst", "Typ av aktivitet"]
    assert rows[1] == ["2026-11-26", "jag sökte jobb som kock på Hav Krog i går", "Hav Krog", "Kock", "Sökt jobb"]
    assert [r[4] for r in rows[1:]] == ["Sökt jobb", "Anställningsintervju", "Kontakt med arbetsgivare",
                                        "Kurs eller utbildning"]
    pdf = build_pdf(doc)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)  # wrapping aside
    for expected in ("Aktivitetsrapport – utkast", "Aktiviteter i november 2026", "Hav Krog", "Securitas",
                     "Anställningsintervju", "2026-11-26", "14 december 2026"):
        assert "".join(expected.split()) in text, expected


async def test_a_long_month_gives_more_pages_and_formulas_stay_text(jobseeker):
    for day in range(1, 31):
        for number in (1, 2):
            activities.log_activity(jobseeker, date(2026, 11, day), "application",
                                    f"sökte jobb nummer {number} hos Företag {day} som lagerarbetare på heltid",
                                    employer=f"Företag {day}", occupation="Lagerarbetare")
    activities.log_activity(jobseeker, date(2026, 11, 30), "other", "=HYPERLINK(\"x\")")
    doc = document(jobseeker, "2026-11")
    assert len(PdfReader(io.BytesIO(build_pdf(doc))).pages) >= 2
    assert "'=HYPERLINK" in build_csv(doc).decode("utf-8")


@pytest.mark.parametrize("month", ["2026-13", "26-11", "", "2026-11-01"])
def test_a_bad_month_is_a_clear_error(month):
    with pytest.raises(ValueError, match="not a month"):
        activities.month_bounds(month)


async def test_asked_for_late_in_the_month_the_draft_is_of_the_month_so_far(jobseeker):
    await _november(jobseeker)  # the pinned now is 27 November
    messages, _ = await run(ActionActivityReportDraft(), tracker_for("visa min aktivitetsrapport",
                                                                     intent="activity_report", sender=jobseeker))
    assert said(messages) == ["utter_activity_report_draft", "utter_activity_report_files_preview"]
    assert values_of(messages, "utter_activity_report_draft")["month"] == "november 2026"
    assert not [c for c in check_ins.pending(jobseeker) if c.kind == "activity_report_reminder"]
    # the month going on cannot be sent yet: "jag har skickat den" is about last month
    messages, _ = await run(ActionConfirmActivityReport(), tracker_for("jag har skickat aktivitetsrapporten",
                                                                       intent="activity_report_sent", sender=jobseeker))
    assert values_of(messages, "utter_activity_report_confirmed")["month"] == "oktober 2026"
    assert activities.report_status(jobseeker, "2026-11").confirmed_at is None


async def test_asked_on_the_fifth_the_draft_is_of_last_month_and_the_link_opens_it(jobseeker, monkeypatch):
    await _november(jobseeker)
    monkeypatch.setenv("JOBBCOACH_NOW", "2026-12-05T15:00:00")
    messages, _ = await run(ActionActivityReportDraft(), tracker_for("hjälp mig med aktivitetsrapporten",
                                                                     intent="activity_report", sender=jobseeker))
    assert said(messages) == ["utter_activity_report_draft", "utter_activity_report_files"]
    url = values_of(messages, "utter_activity_report_files")["csv_url"]
    report_id = int(url.split("/activity-report/")[1].split(".")[0])
    expires = int(url.split("expires=")[1].split("&")[0])
    signature = url.split("signature=")[1]
    report = activities.report_by_id(report_id)
    assert (report.sender_id, report.month) == (jobseeker, "2026-11")
    assert activities.check_link(SECRET, report, expires, signature, datetime(2026, 12, 6, tzinfo=SWEDEN)) == "ok"
    assert activities.check_link(SECRET, report, expires, signature, datetime(2026, 12, 13, tzinfo=SWEDEN)) == "expired"
