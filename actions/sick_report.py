"""Sick report: own illness or vab, from when, back when, which activity → confirm → stored with a receipt.

The report goes to the store's `sick_reports` table, where caseworkers see it in the console. Every
answer is read back in the confirmation, so a misread date is caught before anything is stored.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.conversation import JobbcoachAction
from actions.swedish_dates import means_unknown, parse_date, say_date
from nlu.textnorm import normalise

FORM_SLOTS = ("sick_kind", "sick_from_date", "sick_expected_back", "sick_activity", "sick_confirmed")
UNKNOWN_BACK = "okänt"
NO_ACTIVITY = "ingen"
KIND_LABELS = {"egen_sjukdom": "egen sjukdom", "vab": "vård av sjukt barn (vab)"}

YES_WORDS = {"ja", "japp", "jepp", "jadå", "jada", "stammer", "det stammer", "korrekt", "ok", "okej", "skicka",
             "ja tack", "ja skicka", "absolut", "precis", "ja det stammer", "yes", "visst", "gor det"}
NO_WORDS = {"nej", "nä", "na", "nej tack", "fel", "det stammer inte", "andra", "inte ratt", "no", "nope"}


def reset_form() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in FORM_SLOTS]


def kind_of(value: Any) -> str | None:
    """'egen_sjukdom' or 'vab' from an entity value or the jobseeker's own words."""
    if not value:
        return None
    folded = normalise(str(value))
    if folded in ("egen sjukdom", "egen_sjukdom") or folded.replace(" ", "_") == "egen_sjukdom":
        return "egen_sjukdom"
    if any(word in folded for word in ("vab", "barn", "dotter", "son", "bebis", "vard av")):
        return "vab"
    if any(word in folded for word in ("sjuk", "jag sjalv", "sjalv", "egen", "feber", "forkyl", "mig", "jag")):
        return "egen_sjukdom"
    return None


class ValidateSickReportForm(FormValidationAction):
    """Turn free answers into clean values, or ask again kindly."""

    def name(self) -> str:
        return "validate_sick_report_form"

    def validate_sick_kind(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: dict[str, Any]) -> dict[str, Any]:
        kind = kind_of(value)
        if kind is None:
            dispatcher.utter_message(text="Jag förstod inte riktigt. Är det du själv som är sjuk, eller är du hemma "
                                          "med ett sjukt barn (vab)?")
        return {"sick_kind": kind}

    def validate_sick_from_date(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: dict[str, Any]) -> dict[str, Any]:
        today = clock.today()
        day = parse_date(str(value or ""), today, prefer="past")
        if day is None:
            dispatcher.utter_message(text="Jag kunde inte läsa datumet. Skriv till exempel ”idag”, ”igår”, "
                                          "”måndag” eller ”3 dec”.")
            return {"sick_from_date": None}
        if day > today + timedelta(days=14):
            dispatcher.utter_message(text=f"{say_date(day, today)} är mer än två veckor fram. Sjukanmäl dig gärna "
                                          "när du är sjuk. Från vilket datum gäller det?")
            return {"sick_from_date": None}
        if day < today - timedelta(days=30):
            dispatcher.utter_message(text="Det är mer än en månad sedan. Kontakta din handläggare om frånvaro så "
                                          "långt bak i tiden. Från vilket datum gäller det?")
            return {"sick_from_date": None}
        return {"sick_from_date": day.isoformat()}

    def validate_sick_expected_back(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: dict[str, Any]) -> dict[str, Any]:
        text = str(value or "")
        if means_unknown(text):
            return {"sick_expected_back": UNKNOWN_BACK}
        today = clock.today()
        day = parse_date(text, today, prefer="future")
        from_value = tracker.get_slot("sick_from_date")
        start = date.fromisoformat(from_value) if from_value else today
        if day is None:
            dispatcher.utter_message(text="Jag kunde inte läsa datumet. Skriv till exempel ”måndag”, ”2 dec” – "
                                          "eller ”vet inte”.")
            return {"sick_expected_back": None}
        if day <= start:
            dispatcher.utter_message(text=f"Det datumet ligger inte efter {say_date(start, today)}. "
                                          "Vilken dag tror du att du är tillbaka?")
            return {"sick_expected_back": None}
        return {"sick_expected_back": day.isoformat()}

    def validate_sick_activity(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: dict[str, Any]) -> dict[str, Any]:
        text = str(value or "").strip()
        folded = normalise(text)
        if not folded:
            return {"sick_activity": None}
        if folded in {"nej", "inget", "ingen", "ingenting", "inga", "nej inget", "ingen sarskild", "vet inte"}:
            return {"sick_activity": NO_ACTIVITY}
        return {"sick_activity": text[:500]}

    def validate_sick_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: dict[str, Any]) -> dict[str, Any]:
        answer = value if isinstance(value, bool) else None
        if answer is None:
            folded = normalise(str(value or ""))
            answer = True if folded in YES_WORDS else False if folded in NO_WORDS else None
        if answer is None:
            dispatcher.utter_message(text="Svara ”ja” för att skicka anmälan, ”nej” för att ändra, "
                                          "eller ”avbryt” för att låta bli.")
            return {"sick_confirmed": None}
        if answer is False:
            dispatcher.utter_message(text="Inga problem, vi tar det från början.")
            return {slot: None for slot in FORM_SLOTS}
        return {"sick_confirmed": True}


class ActionAskSickConfirmed(JobbcoachAction):
    """Read the whole report back before storing it."""

    def name(self) -> str:
        return "action_ask_sick_confirmed"

    async def act(self, dispatcher, tracker, domain):
        today = clock.today()
        kind = KIND_LABELS.get(tracker.get_slot("sick_kind"), "frånvaro")
        start = date.fromisoformat(tracker.get_slot("sick_from_date"))
        back_value = tracker.get_slot("sick_expected_back")
        back = ("inte känt än" if back_value in (None, UNKNOWN_BACK)
                else say_date(date.fromisoformat(back_value), today))
        activity = tracker.get_slot("sick_activity")
        activity_text = "ingen särskild" if activity in (None, NO_ACTIVITY) else activity
        dispatcher.utter_message(
            text=(f"Stämmer det här?\n• Orsak: {kind}\n• Från: {say_date(start, today)}\n"
                  f"• Tillbaka: {back}\n• Missar: {activity_text}"),
            buttons=[{"title": "Ja, skicka", "payload": "/affirm"}, {"title": "Nej, ändra", "payload": "/deny"}])
        return []


class ActionSubmitSickReport(JobbcoachAction):
    """Store the confirmed report and give the receipt number."""

    def name(self) -> str:
        return "action_submit_sick_report"

    async def run(self, dispatcher, tracker, domain):
        events = await super().run(dispatcher, tracker, domain)
        return events + reset_form()

    async def act(self, dispatcher, tracker, domain):
        from store.sick_reports import create_sick_report

        if tracker.get_slot("sick_confirmed") is not True:
            return []
        back_value = tracker.get_slot("sick_expected_back")
        activity = tracker.get_slot("sick_activity")
        receipt = create_sick_report(
            tracker.sender_id, tracker.get_slot("sick_kind"), date.fromisoformat(tracker.get_slot("sick_from_date")),
            None if back_value in (None, UNKNOWN_BACK) else date.fromisoformat(back_value),
            None if activity in (None, NO_ACTIVITY) else activity, clock.now())
        wish = "Krya på dig!" if tracker.get_slot("sick_kind") == "egen_sjukdom" else "Hoppas barnet blir friskt snart!"
        dispatcher.utter_message(
            text=(f"Tack, din anmälan är registrerad. Ditt kvittonummer är {receipt}. Din handläggare ser anmälan. "
                  f"Hör av dig när du är frisk igen, eller om något ändras. {wish}"))
        return []


class ActionStopSickReport(JobbcoachAction):
    """'avbryt' in the middle of a sick report: nothing is stored."""

    def name(self) -> str:
        return "action_stop_sick_report"

    async def run(self, dispatcher, tracker, domain):
        events = await super().run(dispatcher, tracker, domain)
        return events + reset_form()

    async def act(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text="Okej, jag avbryter sjukanmälan. Inget har skickats. "
                                      "Säg ”sjukanmälan” om du vill göra den senare.")
        return []


class ActionResetSickReport(JobbcoachAction):
    """Start a new report without leftovers from an earlier one."""

    def name(self) -> str:
        return "action_reset_sick_report"

    async def act(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text="Jag hjälper dig att anmäla frånvaro – det är några korta frågor. "
                                      "Skriv ”avbryt” om du ångrar dig.")
        return reset_form()


class ActionListSickReports(JobbcoachAction):
    """'mina sjukanmälningar': the jobseeker's reports, newest first, with receipts."""

    def name(self) -> str:
        return "action_list_sick_reports"

    async def act(self, dispatcher, tracker, domain):
        from store.sick_reports import sick_reports

        reports = sick_reports(tracker.sender_id)
        if not reports:
            dispatcher.utter_message(text="Du har inga sjukanmälningar hos mig. Vill du anmäla frånvaro, "
                                          "skriv ”jag är sjuk” eller ”jag vabbar”.",
                                     buttons=[{"title": "Sjukanmäla mig", "payload": "/report_sick"}])
            return []
        today = clock.today()
        lines = []
        for report in reports[:10]:
            back = say_date(report.expected_back, today) if report.expected_back else "okänt"
            line = (f"• {report.receipt}: {KIND_LABELS.get(report.kind, report.kind)} från "
                    f"{say_date(report.from_date, today)}, tillbaka {back}")
            if report.activity:
                line += f" (missar: {report.activity})"
            lines.append(line)
        more = f"\n…och {len(reports) - 10} äldre." if len(reports) > 10 else ""
        dispatcher.utter_message(text=f"Dina sjukanmälningar ({len(reports)}):\n" + "\n".join(lines) + more)
        return []
