"""Job alerts in the chat: "bevaka lagerjobb i Jönköping", "vilka bevakningar har jag", "sluta bevaka".

The alert is read the way a search is (actions.search_state.from_message: the NLU's occupation and
place entities, else what the taxonomy finds in the words), after the words that only say "watch
this" are taken out (bot/languages/alert_words.yml). "bevaka det här" with nothing named watches
the search just shown (`last_search`). What is stored is the occupation's taxonomy label, the
place's label and the jobseeker's words (store.alerts); the digests are the web app's
(web.job_alerts), which reads them with the same jobmatch.alerts.read_alert as here.

Stopping takes a card's button (`/stop_job_alert{"job_alert": "17"}`, or "all"), "alla", a number
from the list ("sluta bevaka 2"), the occupation or place of one alert ("sluta bevaka kock"), or the
only alert there is; otherwise the bot lists them and asks which.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.conversation import JobbcoachAction, latest_entity, latest_text, number_from
from actions.search_state import Search, from_message, from_slots
from jobmatch.alerts import describe_alert, read_alert
from nlu import languages
from nlu.anyscript import fold_any
from store import alerts as store_alerts

WORDS_PATH = languages.CATALOGUE_DIR / "alert_words.yml"
MAX_ALERTS_PER_JOBSEEKER = 10  # more than this is a feed, not an alert: the digests would drown
MESSAGING_CHANNELS = ("telegram", "slack")


@lru_cache(maxsize=1)
def _words() -> dict[str, dict[str, tuple[str, ...]]]:
    data = yaml.safe_load(WORDS_PATH.read_text(encoding="utf-8")) or {}
    return {kind: {code: tuple(fold_any(str(w)) for w in words) for code, words in (by_code or {}).items()}
            for kind, by_code in data.items()}


def says_all(text: str) -> bool:
    """"sluta bevaka alla" / "stop all" / "همه رو": the words of any language, as whole words."""
    folded = f" {fold_any(text)} "
    return any(f" {word} " in folded for words in _words().get("all", {}).values() for word in words)


def without_filler(text: str) -> str:
    """The message without the words that only ask for an alert: what is left names the job."""
    filler = {w for words in _words().get("filler", {}).values() for w in words}
    kept = [word for word in text.split() if fold_any(word) not in filler]
    return " ".join(kept)


def channel_of(tracker) -> str:
    channel = tracker.get_latest_input_channel()
    return channel if channel in MESSAGING_CHANNELS else "web"


def alert_lines(alerts: list[store_alerts.Alert]) -> str:
    """'1. lagerarbetare i Jönköping' per alert: data, numbered as "sluta bevaka 2" counts them."""
    return "\n".join(f"{n}. {describe_alert(a.query, a.occupation, a.place)}" for n, a in enumerate(alerts, 1))


def wanted_search(tracker, text: str) -> tuple[Search, str]:
    """What to watch: the message's occupation and place, else the search just shown; and its words."""
    search = from_message(tracker, without_filler(text)) if text else Search()
    if search.is_empty:
        shown = from_slots(tracker, asked=True)
        if not shown.is_empty:
            search = replace(shown, offset=0)
            words = " i ".join(part for part in (shown.query_text(), shown.location) if part)
            return search, words
    if search.occupation or not search.text:
        return search, text.strip()
    return search, search.text


class ActionCreateJobAlert(JobbcoachAction):
    """'bevaka lagerjobb i Jönköping', 'säg till när det kommer nya jobb som kock'."""

    def name(self) -> str:
        return "action_create_job_alert"

    async def act(self, dispatcher: CollectingDispatcher, tracker, domain):
        search, words = wanted_search(tracker, latest_text(tracker))
        reading = read_alert(words, search.occupation, search.location)
        if search.is_empty or not reading.names_anything:
            dispatcher.utter_message(response="utter_ask_alert_what")
            return []
        described = describe_alert(words, search.occupation, search.location)
        existing = store_alerts.of_sender(tracker.sender_id)
        if any(read_alert(a.query, a.occupation, a.place) == reading for a in existing):
            dispatcher.utter_message(response="utter_alert_exists", search=described)
            return []
        if len(existing) >= MAX_ALERTS_PER_JOBSEEKER:
            dispatcher.utter_message(response="utter_alert_limit", count=len(existing))
            return []
        store_alerts.create(tracker.sender_id, words[:500], occupation=search.occupation, place=search.location,
                            language=tracker.get_slot("language") or languages.default_code(),
                            channel=channel_of(tracker), now=clock.now())
        dispatcher.utter_message(response="utter_alert_created", search=described)
        return []


class ActionListJobAlerts(JobbcoachAction):
    """'vilka bevakningar har jag': the alerts, numbered, with how to stop one or all."""

    def name(self) -> str:
        return "action_list_job_alerts"

    async def act(self, dispatcher: CollectingDispatcher, tracker, domain):
        alerts = store_alerts.of_sender(tracker.sender_id)
        if not alerts:
            dispatcher.utter_message(response="utter_no_alerts")
        elif len(alerts) == 1:
            only = alerts[0]
            dispatcher.utter_message(response="utter_alerts_list_one", alert_id=only.id,
                                     search=describe_alert(only.query, only.occupation, only.place))
        else:
            dispatcher.utter_message(response="utter_alerts_list", count=len(alerts), alerts=alert_lines(alerts))
        return []


def named_alerts(tracker, alerts: list[store_alerts.Alert], text: str) -> list[store_alerts.Alert] | None:
    """The alerts whose occupation or place the message names ("sluta bevaka kock", "… i Malmö");
    None when it names neither."""
    search = from_message(tracker, without_filler(text)) if text else Search()
    if search.is_empty:
        return None
    said = read_alert(search.query_text() or "", search.occupation, search.location)
    out = []
    for alert in alerts:
        reading = read_alert(alert.query, alert.occupation, alert.place)
        same_job = bool(said.occupation_ids & reading.occupation_ids or said.group_codes & reading.group_codes
                        or (said.words and set(said.words) <= set(reading.words)))
        same_place = bool(said.place) and said.place == reading.place
        if (same_job or not search.has_what) and (same_place or not search.location):
            out.append(alert)
    return out


class ActionStopJobAlert(JobbcoachAction):
    """'sluta bevaka', 'sluta bevaka 2', 'sluta bevaka alla', a digest's "Sluta bevaka" button."""

    def name(self) -> str:
        return "action_stop_job_alert"

    async def act(self, dispatcher: CollectingDispatcher, tracker, domain):
        sender = tracker.sender_id
        alerts = store_alerts.of_sender(sender)
        if not alerts:
            dispatcher.utter_message(response="utter_no_alerts")
            return []
        button = (latest_entity(tracker, "job_alert") or {}).get("value")
        text = latest_text(tracker)
        if str(button) == "all" or (not button and says_all(text)):
            count = store_alerts.remove_all(sender)
            dispatcher.utter_message(response="utter_alerts_all_stopped", count=count)
            return []
        chosen = self.chosen(tracker, alerts, str(button) if button else None, text)
        if chosen == "gone":
            dispatcher.utter_message(response="utter_alert_already_gone")
        elif isinstance(chosen, int):
            dispatcher.utter_message(response="utter_no_such_alert", number=chosen, count=len(alerts),
                                     alerts=alert_lines(alerts))
        elif chosen is None:
            dispatcher.utter_message(response="utter_which_alert", alerts=alert_lines(alerts))
        else:
            store_alerts.remove(chosen.id, sender)
            dispatcher.utter_message(response="utter_alert_stopped",
                                     search=describe_alert(chosen.query, chosen.occupation, chosen.place))
        return []

    @staticmethod
    def chosen(tracker, alerts: list[store_alerts.Alert], button: str | None, text: str):
        """The alert meant; "gone" (a button of a stopped alert), a number not in the list, or None."""
        if button:
            found = next((a for a in alerts if str(a.id) == button), None)
            return found or "gone"
        number = number_from(tracker)
        if number is not None:
            return alerts[number - 1] if 1 <= number <= len(alerts) else number
        named = named_alerts(tracker, alerts, text)
        if named is None:  # "sluta bevaka": the only one there is, else ask which
            return alerts[0] if len(alerts) == 1 else None
        return named[0] if len(named) == 1 else None
