"""Faults, for real: the action server down or slow, the database and the Rasa server restarted.

One Rasa server of its own (trackers in a real PostgreSQL), an action server of its own (per-user
store in the same PostgreSQL) and a fault proxy between them. Each test talks as a new jobseeker.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import sqlalchemy as sa

from bot.resilience import SLOW_MESSAGE, UNAVAILABLE_MESSAGE
from tests.support.bot import Jobseeker
from tests.support.databases import PostgresServer
from tests.support.fault_proxy import FaultProxy
from tests.support.servers import (
    RasaConfig,
    ServerProcess,
    base_env,
    latest_model,
    start_action_server,
    start_rasa_server,
)

pytestmark = [pytest.mark.e2e, pytest.mark.model]
ACTION_TIMEOUT = 4
JOB_LINK = "https://arbetsformedlingen.se/platsbanken/annonser/"


@dataclass
class FaultyStack:
    rasa: ServerProcess
    actions: ServerProcess
    proxy: FaultProxy
    postgres: PostgresServer
    store_url: str
    config: RasaConfig
    env: dict

    def jobseeker(self) -> Jobseeker:
        return Jobseeker(self.rasa.url)

    def restart_rasa(self) -> None:
        self.rasa.stop()
        port = int(self.rasa.url.rsplit(":", 1)[1])
        self.rasa = start_rasa_server(self.config, self.env, name="rasa-faults", port=port)


@pytest.fixture(scope="module")
def faulty(test_index, tmp_path_factory) -> Iterator[FaultyStack]:
    work = tmp_path_factory.mktemp("faults")
    postgres = PostgresServer.start()
    store_url = postgres.create_database("jobbcoach")
    postgres.create_database("rasa")
    env = base_env(JOBBCOACH_VAR=str(work), JOBBCOACH_INDEX=str(test_index), JOBBCOACH_DB_URL=store_url,
                   JOBBCOACH_NOW="2026-11-27T12:00:00", JOBBCOACH_ACTION_TIMEOUT=str(ACTION_TIMEOUT))
    actions = start_action_server(work, env)
    proxy = FaultProxy(actions.url).start()
    config = RasaConfig(
        model=latest_model(), action_url=f"{proxy.url}/webhook", work_dir=work,
        tracker_store={"type": "SQL", "dialect": "postgresql", "url": "127.0.0.1", "port": postgres.port,
                       "username": postgres.user, "password": "", "db": "rasa"},
    )
    rasa = None
    try:
        rasa = start_rasa_server(config, env, name="rasa-faults")
        stack = FaultyStack(rasa, actions, proxy, postgres, store_url, config, env)
        yield stack
        rasa = stack.rasa
    finally:
        if rasa:
            rasa.stop()
        proxy.stop()
        actions.stop()
        postgres.stop()


def test_action_server_down_gets_a_polite_answer_and_the_talk_goes_on(faulty):
    person = faulty.jobseeker()
    faulty.proxy.stop()
    try:
        answer = person.say_text("jag söker jobb som snickare i Umeå")
        assert UNAVAILABLE_MESSAGE in answer
    finally:
        faulty.proxy.start()
    answer = person.say_text("jag söker jobb som snickare i Umeå")
    assert JOB_LINK in answer


def test_the_crisis_answer_does_not_need_the_action_server(faulty):
    """With the action server down, a crisis message still gets help at once (from the domain), and
    no apology for the parts of the service that are down is repeated per call."""
    person = faulty.jobseeker()
    faulty.proxy.stop()
    try:
        answer = person.say_text("jag vill inte leva längre")
    finally:
        faulty.proxy.start()
    assert "112" in answer and "90101" in answer, answer
    assert answer.count(UNAVAILABLE_MESSAGE) <= 1, answer


def test_slow_action_is_given_up_politely(faulty):
    """The timeout is a budget per message: the slot-mapping calls and the action share it."""
    person = faulty.jobseeker()
    person.say("hej")  # the session starts (a custom action too) before the action server slows down
    faulty.proxy.delay = ACTION_TIMEOUT + 3
    try:
        started = time.monotonic()
        answer = person.say_text("jag söker jobb som snickare i Umeå")
        waited = time.monotonic() - started
    finally:
        faulty.proxy.delay = 0
    assert SLOW_MESSAGE in answer and answer.count(SLOW_MESSAGE) == 1, answer
    assert waited < ACTION_TIMEOUT + 2.5
    assert JOB_LINK in person.say_text("jag söker jobb som snickare i Umeå")


def weekly_goals(store_url: str, sender: str) -> list[int]:
    engine = sa.create_engine(store_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT applications_target FROM weekly_goals WHERE sender_id = :s"), {"s": sender})
            return [row[0] for row in rows]
    finally:
        engine.dispose()


def tracker_events(faulty: FaultyStack, sender: str) -> list[dict]:
    response = httpx.get(f"{faulty.rasa.url}/conversations/{sender}/tracker",
                         params={"token": faulty.config.token}, timeout=30)
    response.raise_for_status()
    return response.json()["events"]


def test_database_restart_mid_conversation_loses_nothing(faulty):
    person = faulty.jobseeker()
    assert JOB_LINK in person.say_text("jag söker jobb som snickare i Umeå")
    faulty.postgres.restart()
    # Trackers and the per-user store live in the restarted server: both must reconnect by themselves.
    person.say("mitt mål är att skicka 4 ansökningar den här veckan")
    assert weekly_goals(faulty.store_url, person.sender) == [4]
    users = [e["text"] for e in tracker_events(faulty, person.sender) if e["event"] == "user"]
    assert users == ["jag söker jobb som snickare i Umeå", "mitt mål är att skicka 4 ansökningar den här veckan"]


def test_rasa_restart_keeps_history_goal_and_saved_jobs(faulty):
    person = faulty.jobseeker()
    person.say("mitt mål är 3 ansökningar i veckan")
    assert JOB_LINK in person.say_text("jag söker jobb som snickare i Umeå")
    person.say("spara nummer 1")
    events_before = tracker_events(faulty, person.sender)

    faulty.restart_rasa()

    events_after = tracker_events(faulty, person.sender)
    assert [e["event"] for e in events_after][: len(events_before)] == [e["event"] for e in events_before]
    assert weekly_goals(faulty.store_url, person.sender) == [3]
    saved = person.say_text("visa mina sparade jobb")
    assert JOB_LINK in saved


def test_slow_session_start_still_starts_the_session(faulty):
    """A new jobseeker while the action server hangs: Rasa's own session start steps in."""
    person = faulty.jobseeker()
    faulty.proxy.delay = ACTION_TIMEOUT + 3
    try:
        person.say("hej")
    finally:
        faulty.proxy.delay = 0
    events = tracker_events(faulty, person.sender)
    assert [e["event"] for e in events].count("session_started") == 1
    assert JOB_LINK in person.say_text("jag söker jobb som snickare i Umeå")
