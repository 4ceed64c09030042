"""The chat's job-alert actions on a real store: what they store, and what they answer.

The trackers are the ones the action server receives (tests/support/trackers.py): the NLU's
entities and the slots; the answers are domain responses (bot/domain/alerts.yml), checked by name
and by the values they carry.
"""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.job_alerts import ActionCreateJobAlert, ActionListJobAlerts, ActionStopJobAlert
from store import alerts as store_alerts
from tests.conftest import PINNED_NOW
from tests.support.store_db import fresh_store_url
from tests.support.trackers import tracker_for

ME = "f" * 32


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch) -> str:
    url = fresh_store_url(tmp_path)
    monkeypatch.setenv("JOBBCOACH_DB_URL", url)
    monkeypatch.setenv("JOBBCOACH_NOW", PINNED_NOW)
    return url


def run(action, text: str, intent: str, entities=(), slots=None, sender: str = ME, events=None) -> list[dict]:
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(text, intent, list(entities), slots=slots, sender=sender, events=events)
    asyncio.run(action.run(dispatcher, tracker, {}))
    assert all(m.get("response") != "utter_sorry_error" for m in dispatcher.messages), "the action crashed"
    return [m for m in dispatcher.messages if m.get("response")]


def create(text: str, *entities: tuple[str, str], slots=None, sender: str = ME, **kwargs) -> list[dict]:
    return run(ActionCreateJobAlert(), text, "create_job_alert",
               [{"entity": e, "value": v} for e, v in entities], slots=slots, sender=sender, **kwargs)


def stop(text: str, *entities: tuple[str, str], sender: str = ME) -> list[dict]:
    return run(ActionStopJobAlert(), text, "stop_job_alert", [{"entity": e, "value": v} for e, v in entities],
               sender=sender)


def names(messages: list[dict]) -> list[str]:
    return [m["response"] for m in messages]


def test_an_alert_from_the_entities_is_stored_and_confirmed() -> None:
    [said] = create("bevaka lagerjobb i Jönköping", ("occupation", "lagerjobb"), ("location", "Jönköping"))
    assert said["response"] == "utter_alert_created" and said["search"] == "lagerarbetare i Jönköping"
    [alert] = store_alerts.of_sender(ME)
    assert (alert.occupation, alert.place, alert.channel, alert.language) == ("Lagerarbetare", "Jönköping", "web", "sv")
    assert alert.query == "bevaka lagerjobb i Jönköping"
    assert alert.created_at.isoformat().startswith("2026-11-27T11:00")  # the pinned clock, stored as UTC


def test_the_words_alone_are_enough_and_the_language_and_channel_are_kept() -> None:
    telegram = [{"event": "user", "text": "hi", "input_channel": "telegram"}]
    [said] = create("tell me when there are new jobs as a chef", ("occupation", "chef"), slots={"language": "en"},
                    sender="5123456", events=telegram)
    assert said["response"] == "utter_alert_created"
    [alert] = store_alerts.of_sender("5123456")
    assert (alert.occupation, alert.language, alert.channel) == ("Kock, à la carte", "en", "telegram")
    [said] = create("säg till när det kommer nya jobb som kock")  # no entity: the taxonomy reads the words
    assert said["search"] == "kock"
    assert names(create("notify me of new jobs", slots={"language": "en"})) == ["utter_ask_alert_what"]


def test_watch_this_takes_the_search_just_shown_and_nothing_asks_what() -> None:
    shown = {"last_search": {"occupation": "Undersköterska, hemtjänst och äldreboende", "location": "Umeå"}}
    [said] = create("bevaka det här", slots=shown)
    assert said["response"] == "utter_alert_created" and said["search"] == "undersköterska i Umeå"
    assert names(create("bevaka")) == ["utter_ask_alert_what"]
    assert len(store_alerts.of_sender(ME)) == 1


def test_the_same_alert_twice_is_said_not_stored_and_there_is_a_limit() -> None:
    create("bevaka kock i Malmö", ("occupation", "kock"), ("location", "Malmö"))
    [said] = create("bevaka kockjobb i malmö", ("occupation", "kockjobb"), ("location", "malmö"))
    assert said["response"] == "utter_alert_exists"
    for place in ["Umeå", "Luleå", "Lund", "Kiruna", "Borås", "Gävle", "Sundsvall", "Kalmar", "Visby"]:
        create(f"bevaka kock i {place}", ("occupation", "kock"), ("location", place))
    assert len(store_alerts.of_sender(ME)) == 10
    assert names(create("bevaka städare", ("occupation", "städare"))) == ["utter_alert_limit"]


def test_the_list_numbers_the_alerts() -> None:
    assert names(run(ActionListJobAlerts(), "vilka bevakningar har jag", "list_job_alerts")) == ["utter_no_alerts"]
    create("bevaka lagerjobb i Jönköping", ("occupation", "lagerjobb"), ("location", "Jönköping"))
    [one] = run(ActionListJobAlerts(), "mina bevakningar", "list_job_alerts")
    assert one["response"] == "utter_alerts_list_one" and one["alert_id"] == store_alerts.of_sender(ME)[0].id
    create("bevaka kock", ("occupation", "kock"))
    [listed] = run(ActionListJobAlerts(), "mina bevakningar", "list_job_alerts")
    assert listed["response"] == "utter_alerts_list" and listed["count"] == 2
    assert listed["alerts"] == "1. lagerarbetare i Jönköping\n2. kock"


def test_stop_by_number_by_name_by_button_the_only_one_or_all() -> None:
    for occupation, place in [("lagerjobb", "Jönköping"), ("kock", "Malmö"), ("städare", "Umeå")]:
        create(f"bevaka {occupation} i {place}", ("occupation", occupation), ("location", place))
    first, second, third = store_alerts.of_sender(ME)

    assert names(stop("sluta bevaka")) == ["utter_which_alert"]  # three: which one?
    [said] = stop("sluta bevaka 2", ("number", "2"))
    assert said["response"] == "utter_alert_stopped" and said["search"] == "kock i Malmö"
    [said] = stop("sluta bevaka städjobb", ("occupation", "städjobb"))
    assert said["search"] == "städare i Umeå"
    assert [a.id for a in store_alerts.of_sender(ME)] == [first.id]
    assert names(stop("sluta bevaka 7", ("number", "7"))) == ["utter_no_such_alert"]
    assert names(stop("", ("job_alert", str(second.id)))) == ["utter_alert_already_gone"]  # an old digest's button
    assert names(stop("sluta bevaka kock", ("occupation", "kock"))) == ["utter_which_alert"]  # not the one there is
    assert names(stop("sluta bevaka")) == ["utter_alert_stopped"]  # the only one left
    assert names(stop("sluta bevaka")) == ["utter_no_alerts"]

    create("bevaka kock", ("occupation", "kock"))
    create("bevaka städare", ("occupation", "städare"))
    [said] = stop("sluta bevaka alla")
    assert said["response"] == "utter_alerts_all_stopped" and said["count"] == 2
    assert store_alerts.of_sender(ME) == []


def test_nobody_stops_someone_elses_alert() -> None:
    create("bevaka kock", ("occupation", "kock"), sender="someone-else")
    theirs = store_alerts.of_sender("someone-else")[0]
    create("bevaka städare", ("occupation", "städare"))
    assert names(stop("", ("job_alert", str(theirs.id)))) == ["utter_alert_already_gone"]
    assert names(stop("", ("job_alert", "all"))) == ["utter_alerts_all_stopped"]
    assert [a.id for a in store_alerts.of_sender("someone-else")] == [theirs.id]
