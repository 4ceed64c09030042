"""Sick report: own illness or vab, from when, back when, which activity → confirm → stored with a receipt.

The report goes to the store's `sick_reports` table, where caseworkers see it in the console. Every
answer is read back in the confirmation, so a misread date is caught before anything is stored.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.conversation import JobbcoachAction, latest_text
from actions.dates import means_unknown, parse_date, say_date
from nlu import languages
from nlu.anyscript import fold_any
from nlu.multilingual_values import mentions_child, mentions_own_illness
from nlu.textnorm import normalise
from store.sick_reports import create_sick_report, sick_reports

FORM_SLOTS = ("sick_kind", "sick_from_date", "sick_expected_back", "sick_activity", "sick_confirmed")
UNKNOWN_BACK = "okänt"
NO_ACTIVITY = "ingen"
KIND_LABELS = {"egen_sjukdom": "sjuk", "vab": "vab"}

YES_WORDS = {"ja", "japp", "jepp", "jadå", "jada", "stammer", "det stammer", "korrekt", "ok", "okej", "skicka",
             "ja tack", "ja skicka", "absolut", "precis", "ja det stammer", "yes", "visst", "gor det"}
NO_WORDS = {"nej", "nä", "na", "nej tack", "fel", "det stammer inte", "andra", "inte ratt", "no", "nope"}


def reset_form() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in FORM_SLOTS]


def kind_of(value: Any) -> str | None:
    """'egen_sjukdom' or 'vab' from an entity value or the jobseeker's own words, in any of our languages."""
    if not value:
        return None
    folded = normalise(str(value))
    if folded in ("egen sjukdom", "egen_sjukdom") or folded.replace(" ", "_") == "egen_sjukdom":
        return "egen_sjukdom"
    if any(word in folded for word in ("vab", "barn", "dotter", "son", "bebis", "vard av")):
        return "vab"
    if any(word in folded for word in ("sjuk", "jag sjalv", "sjalv", "egen", "feber", "forkyl", "mig", "jag")):
        return "egen_sjukdom"
    if mentions_child(str(value)):
        return "vab"
    if mentions_own_illness(str(value)):
        return "egen_sjukdom"
    return None


def read_date(value: str, tracker: Tracker, prefer: str) -> date | None:
    """The date in the slot's value, else in the whole message, read in the conversation's language.

    The date entity may hold only part of the phrase ("från och med"), so the message is the fallback."""
    today, language = clock.today(), tracker.get_slot("language")
    return parse_date(value, today, prefer, language) or parse_date(latest_text(tracker), today, prefer, language)


# The first day of absence the form accepts: at most this far back and ahead of today.
DAYS_BACK, DAYS_AHEAD = 30, 14
# Words that say a message names a day; without one, "min son" is no Sunday ("sön").
DATE_CUE = re.compile(r"\b(sedan|sen|fran|fr o m|fro m|idag|i dag|igar|i gar|forrgar|i forrgar|morse|\w+dags|"
                      r"since|today|yesterday|from|ago|\d+)\b")


def said_along_from_date(tracker: Tracker) -> dict[str, str]:
    """The first day of absence when the answer to "who is sick?" also says it ("jag själv, sedan i
    måndags", "mitt barn är sjukt sen igår"), so it is not asked for again; nothing otherwise, and
    nothing when the day is outside what the form accepts (the form asks, and explains)."""
    if tracker.get_slot("sick_from_date"):
        return {}
    text = latest_text(tracker)
    if not DATE_CUE.search(normalise(text)):
        return {}
    today = clock.today()
    day = parse_date(text, today, "past", tracker.get_slot("language"))
    if day is None or not today - timedelta(days=DAYS_BACK) <= day <= today + timedelta(days=DAYS_AHEAD):
        return {}
    return {"sick_from_date": day.isoformat()}


class ValidateSickReportForm(FormValidationAction):
    """Turn free answers into clean values, or ask again kindly."""

    def name(self) -> str:
        return "validate_sick_report_form"

    def validate_sick_kind(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: dict[str, Any]) -> dict[str, Any]:
        kind = kind_of(value)
        if kind is None:
            dispatcher.utter_message(response="utter_sick_kind_unclear")
            return {"sick_kind": None}
        return {"sick_kind": kind, **said_along_from_date(tracker)}

    def validate_sick_from_date(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: dict[str, Any]) -> dict[str, Any]:
        today, language = clock.today(), tracker.get_slot("language")
        day = read_date(str(value or ""), tracker, "past")
        if day is None:
            dispatcher.utter_message(response="utter_from_date_unreadable")
            return {"sick_from_date": None}
        if day > today + timedelta(days=DAYS_AHEAD):
            dispatcher.utter_message(response="utter_from_date_too_far_ahead", date=say_date(day, today, language))
            return {"sick_from_date": None}
        if day < today - timedelta(days=DAYS_BACK):
            dispatcher.utter_message(response="utter_from_date_too_long_ago")
            return {"sick_from_date": None}
        return {"sick_from_date": day.isoformat()}

    def validate_sick_expected_back(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: dict[str, Any]) -> dict[str, Any]:
        text, language = str(value or ""), tracker.get_slot("language")
        today = clock.today()
        day = read_date(text, tracker, "future")
        if day is None and (means_unknown(text, language) or means_unknown(latest_text(tracker), language)):
            return {"sick_expected_back": UNKNOWN_BACK}
        from_value = tracker.get_slot("sick_from_date")
        start = date.fromisoformat(from_value) if from_value else today
        if day is None:
            dispatcher.utter_message(response="utter_back_date_unreadable")
            return {"sick_expected_back": None}
        if day <= start:
            dispatcher.utter_message(response="utter_back_date_not_after", date=say_date(start, today, language))
            return {"sick_expected_back": None}
        return {"sick_expected_back": day.isoformat()}

    def validate_sick_activity(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: dict[str, Any]) -> dict[str, Any]:
        text = str(value or "").strip()
        if not fold_any(text):  # fold_any keeps every script ("нічого", "هیچی"); punctuation alone is no answer
            return {"sick_activity": None}
        language = tracker.get_slot("language")
        # exact answers only: "no meeting, but a course on Monday" is an activity
        if languages.says(text, language, "nothing", exact=True) or languages.says(text, language, "dont_know", exact=True):
            return {"sick_activity": NO_ACTIVITY}
        return {"sick_activity": text[:500]}

    def validate_sick_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: dict[str, Any]) -> dict[str, Any]:
        answer = value if isinstance(value, bool) else None
        if answer is None:
            folded = normalise(str(value or ""))
            answer = True if folded in YES_WORDS else False if folded in NO_WORDS else None
        if answer is None:
            dispatcher.utter_message(response="utter_sick_confirm_unclear")
            return {"sick_confirmed": None}
        if answer is False:
            dispatcher.utter_message(response="utter_sick_restart")
            return {slot: None for slot in FORM_SLOTS}
        return {"sick_confirmed": True}


class ActionAskSickConfirmed(JobbcoachAction):
    """Read the whole report back before storing it."""

    def name(self) -> str:
        return "action_ask_sick_confirmed"

    async def act(self, dispatcher, tracker, domain):
        today, language = clock.today(), tracker.get_slot("language")
        start = date.fromisoformat(tracker.get_slot("sick_from_date"))
        back_value = tracker.get_slot("sick_expected_back")
        back = "–" if back_value in (None, UNKNOWN_BACK) else say_date(date.fromisoformat(back_value), today, language)
        activity = tracker.get_slot("sick_activity")
        response = "utter_confirm_sick_vab" if tracker.get_slot("sick_kind") == "vab" else "utter_confirm_sick_own"
        dispatcher.utter_message(response=response, start=say_date(start, today, language), back=back,
                                 activity="–" if activity in (None, NO_ACTIVITY) else activity)
        return []


class ActionSubmitSickReport(JobbcoachAction):
    """Store the confirmed report and give the receipt number."""

    def name(self) -> str:
        return "action_submit_sick_report"

    async def run(self, dispatcher, tracker, domain):
        events = await super().run(dispatcher, tracker, domain)
        return events + reset_form()

    async def act(self, dispatcher, tracker, domain):
        if tracker.get_slot("sick_confirmed") is not True:
            return []
        back_value = tracker.get_slot("sick_expected_back")
        activity = tracker.get_slot("sick_activity")
        receipt = create_sick_report(
            tracker.sender_id, tracker.get_slot("sick_kind"), date.fromisoformat(tracker.get_slot("sick_from_date")),
            None if back_value in (None, UNKNOWN_BACK) else date.fromisoformat(back_value),
            None if activity in (None, NO_ACTIVITY) else activity, clock.now())
        response = "utter_sick_registered_vab" if tracker.get_slot("sick_kind") == "vab" else "utter_sick_registered"
        dispatcher.utter_message(response=response, receipt=receipt)
        return []


class ActionStopSickReport(JobbcoachAction):
    """'avbryt' in the middle of a sick report: nothing is stored."""

    def name(self) -> str:
        return "action_stop_sick_report"

    async def run(self, dispatcher, tracker, domain):
        events = await super().run(dispatcher, tracker, domain)
        return events + reset_form()

    async def act(self, dispatcher, tracker, domain):
        dispatcher.utter_message(response="utter_sick_stopped")
        return []


class ActionResetSickReport(JobbcoachAction):
    """Start a new report without leftovers from an earlier one."""

    def name(self) -> str:
        return "action_reset_sick_report"

    async def act(self, dispatcher, tracker, domain):
        dispatcher.utter_message(response="utter_sick_intro")
        return reset_form()


class ActionListSickReports(JobbcoachAction):
    """'mina sjukanmälningar': the jobseeker's reports, newest first, with receipts."""

    def name(self) -> str:
        return "action_list_sick_reports"

    async def act(self, dispatcher, tracker, domain):
        reports = sick_reports(tracker.sender_id)
        if not reports:
            dispatcher.utter_message(response="utter_no_sick_reports")
            return []
        today, language = clock.today(), tracker.get_slot("language")
        lines = []
        for report in reports[:10]:
            back = say_date(report.expected_back, today, language) if report.expected_back else "?"
            start = say_date(report.from_date, today, language)
            line = f"• {report.receipt}: {KIND_LABELS.get(report.kind, report.kind)}, {start} → {back}"
            if report.activity:
                line += f" ({report.activity})"
            lines.append(line)
        dispatcher.utter_message(response="utter_sick_reports_list", count=len(reports), lines="\n".join(lines))
        if len(reports) > 10:
            dispatcher.utter_message(response="utter_sick_reports_older", count=len(reports) - 10)
        return []
