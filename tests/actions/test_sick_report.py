"""Sick report form: validation of free answers, confirmation, storage with a receipt, listing."""

from __future__ import annotations

from actions.sick_report import (
    ActionAskSickConfirmed,
    ActionListSickReports,
    ActionStopSickReport,
    ActionSubmitSickReport,
    ValidateSickReportForm,
    kind_of,
)
from store.sick_reports import sick_reports
from tests.actions.conftest import run, said, slot, values_of
from tests.support.trackers import tracker_for

FILLED = {"sick_kind": "vab", "sick_from_date": "2026-11-27", "sick_expected_back": "2026-11-30",
          "sick_activity": "möte med handläggaren", "sick_confirmed": True}


def validate(slot_name: str, value, slots=None):
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    method = getattr(ValidateSickReportForm(), f"validate_{slot_name}")
    result = method(value, dispatcher, tracker_for(str(value), intent="inform", slots=slots or {}), {})
    return result[slot_name], dispatcher.messages


def validate_all(slot_name: str, value) -> dict:
    from rasa_sdk.executor import CollectingDispatcher

    method = getattr(ValidateSickReportForm(), f"validate_{slot_name}")
    return method(value, CollectingDispatcher(), tracker_for(str(value), intent="inform"), {})


def test_kind_is_read_from_entity_values_and_own_words():
    assert kind_of("vab") == "vab" and kind_of("egen_sjukdom") == "egen_sjukdom"
    assert kind_of("mitt barn är sjukt") == "vab" and kind_of("jag själv") == "egen_sjukdom"
    assert kind_of("banan") is None


def test_kind_is_read_from_answers_in_other_languages():
    assert kind_of("me") == "egen_sjukdom" and kind_of("my daughter") == "vab"
    assert kind_of("أنا مريض") == "egen_sjukdom" and kind_of("ابني") == "vab"
    assert kind_of("я хворію") == "egen_sjukdom" and kind_of("дитина") == "vab"
    assert kind_of("aniga") == "egen_sjukdom" and kind_of("ilmaha") == "vab"
    assert kind_of("خودم") == "egen_sjukdom" and kind_of("بچه ام") == "vab"
    assert kind_of("tomorrow") is None and kind_of("завтра") is None


def test_a_first_day_said_with_who_is_sick_is_kept_and_no_other_word_is_read_as_one():
    assert validate_all("sick_kind", "jag själv, sedan i måndags") == {"sick_kind": "egen_sjukdom",
                                                                      "sick_from_date": "2026-11-23"}
    assert validate_all("sick_kind", "mitt barn är sjukt sen igår")["sick_from_date"] == "2026-11-26"
    assert validate_all("sick_kind", "min son är sjuk") == {"sick_kind": "vab"}  # "son" is no Sunday here
    assert validate_all("sick_kind", "jag själv sedan två månader") == {"sick_kind": "egen_sjukdom"}  # too long ago


def test_dates_are_read_against_the_pinned_clock():
    assert validate("sick_from_date", "idag")[0] == "2026-11-27"
    assert validate("sick_from_date", "igår")[0] == "2026-11-26"
    value, messages = validate("sick_from_date", "någon gång")
    assert value is None and messages
    assert validate("sick_expected_back", "vet inte")[0] == "okänt"
    assert validate("sick_expected_back", "måndag", {"sick_from_date": "2026-11-27"})[0] == "2026-11-30"
    value, messages = validate("sick_expected_back", "igår", {"sick_from_date": "2026-11-27"})
    assert value is None and said(messages) == ["utter_back_date_not_after"]


def test_colloquial_dates_the_issue_named():
    assert validate("sick_from_date", "sedan i måndags")[0] == "2026-11-23"
    assert validate("sick_from_date", "från och med 30 november")[0] == "2026-11-30"
    assert validate("sick_expected_back", "om en vecka", {"sick_from_date": "2026-11-27"})[0] == "2026-12-04"
    value, messages = validate("sick_from_date", "blå")
    assert value is None and said(messages) == ["utter_from_date_unreadable"]


def test_dates_in_the_conversations_language_and_in_swedish():
    """The pinned day is Friday 27 November 2026."""
    english, ukrainian = {"language": "en"}, {"language": "uk"}
    assert validate("sick_from_date", "since yesterday", english)[0] == "2026-11-26"
    assert validate("sick_from_date", "last Monday", english)[0] == "2026-11-23"
    assert validate("sick_from_date", "from 25 November", english)[0] == "2026-11-25"
    assert validate("sick_from_date", "idag", english)[0] == "2026-11-27"  # Swedish words count everywhere
    assert validate("sick_from_date", "вчора", ukrainian)[0] == "2026-11-26"
    assert validate("sick_from_date", "أمس", {"language": "ar"})[0] == "2026-11-26"
    assert validate("sick_from_date", "دیروز", {"language": "fa"})[0] == "2026-11-26"
    back = {"sick_from_date": "2026-11-27"}
    assert validate("sick_expected_back", "in a week", english | back)[0] == "2026-12-04"
    assert validate("sick_expected_back", "завтра", ukrainian | back)[0] == "2026-11-28"
    assert validate("sick_expected_back", "I don't know yet", english | back)[0] == "okänt"
    assert validate("sick_expected_back", "لا أعرف", {"language": "ar"} | back)[0] == "okänt"
    assert validate("sick_expected_back", "ma aqaan", {"language": "so"} | back)[0] == "okänt"
    value, messages = validate("sick_from_date", "blue", english)
    assert value is None and said(messages) == ["utter_from_date_unreadable"]


async def test_the_summary_says_dates_in_the_conversations_language():
    filled = FILLED | {"language": "en", "sick_from_date": "2026-11-26"}
    messages, _ = await run(ActionAskSickConfirmed(), tracker_for("x", intent="inform", slots=filled))
    summary = values_of(messages, "utter_confirm_sick_vab")
    assert summary["start"] == "yesterday" and summary["back"] == "Monday 30 Nov"
    filled = FILLED | {"language": "uk", "sick_from_date": "2026-11-24"}
    messages, _ = await run(ActionAskSickConfirmed(), tracker_for("x", intent="inform", slots=filled))
    summary = values_of(messages, "utter_confirm_sick_vab")
    assert summary["start"].startswith("вівторок 24") and summary["back"].startswith("понеділок 30")


def test_no_activity_and_a_no_to_the_summary():
    assert validate("sick_activity", "inget")[0] == "ingen"
    assert validate("sick_activity", "nothing", {"language": "en"})[0] == "ingen"
    assert validate("sick_activity", "нічого", {"language": "uk"})[0] == "ingen"
    assert validate("sick_activity", "no meeting, but a course on Monday", {"language": "en"})[0].startswith("no meeting")
    result = validate_all("sick_confirmed", False)
    assert result["sick_kind"] is None and result["sick_confirmed"] is None
    assert validate("sick_confirmed", "ja")[0] is True


async def test_the_summary_reads_everything_back():
    messages, _ = await run(ActionAskSickConfirmed(), tracker_for("x", intent="inform", slots=FILLED))
    summary = values_of(messages, "utter_confirm_sick_vab")
    assert summary["start"] == "i dag" and summary["back"] == "måndag 30 nov."
    assert summary["activity"] == "möte med handläggaren"


async def test_submit_stores_the_report_with_a_receipt_and_clears_the_form():
    messages, events = await run(ActionSubmitSickReport(),
                                 tracker_for("ja", intent="affirm", slots=FILLED, sender="sick-user"))
    receipt = sick_reports("sick-user")[0].receipt
    assert values_of(messages, "utter_sick_registered_vab")["receipt"] == receipt
    assert slot(events, "sick_kind") is None and slot(events, "sick_confirmed") is None
    messages, _ = await run(ActionListSickReports(), tracker_for("mina sjukanmälningar", intent="my_sick_reports",
                                                                 sender="sick-user"))
    lines = values_of(messages, "utter_sick_reports_list")["lines"]
    assert receipt in lines and "vab" in lines


async def test_stop_stores_nothing():
    messages, events = await run(ActionStopSickReport(), tracker_for("avbryt", intent="stop", slots=FILLED,
                                                                     sender="stopper"))
    assert said(messages) == ["utter_sick_stopped"] and sick_reports("stopper") == []
    assert slot(events, "sick_from_date") is None
