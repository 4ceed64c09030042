"""Rasa's own scale-out, for real: two Rasa servers share a PostgreSQL tracker store and a Redis lock
store, and one conversation whose messages alternate between them keeps its state and its order.

This is the production layout of docs/scaling.md shrunk onto one machine: any Rasa server behind the
load balancer can take any message, because the conversation lives in PostgreSQL and the Redis lock
makes messages of one conversation take turns.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterator

import httpx
import pytest

from tests.support.bot import Jobseeker
from tests.support.databases import PostgresServer, RedisServer
from tests.support.servers import RasaConfig, ServerProcess, latest_model, start_rasa_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def two_rasa_servers(stack, postgres, redis_server, tmp_path_factory) -> Iterator[tuple[ServerProcess, ...]]:
    """Two Rasa processes on different ports, one shared tracker store, one shared lock store."""
    postgres.create_database("rasa")
    shared = {
        "tracker_store": {"type": "SQL", "dialect": "postgresql", "url": "127.0.0.1", "port": postgres.port,
                          "username": postgres.user, "password": "", "db": "rasa"},
        "lock_store": {"type": "bot.lock_store.AtomicRedisLockStore", "url": "127.0.0.1",
                       "port": redis_server.port, "db": 1},
    }
    servers = []
    try:
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            futures = [
                pool.submit(start_rasa_server,
                            RasaConfig(model=latest_model(), action_url=f"{stack.actions.url}/webhook",
                                       work_dir=tmp_path_factory.mktemp(f"rasa-{name}"), token=stack.rasa_token,
                                       **shared),
                            stack.env, f"rasa-{name}")
                for name in ("a", "b")
            ]
            servers = [future.result() for future in futures]
        yield tuple(servers)
    finally:
        for server in servers:
            server.stop()


def tracker(server: ServerProcess, sender: str, token: str) -> dict:
    response = httpx.get(f"{server.url}/conversations/{sender}/tracker", params={"token": token}, timeout=30)
    response.raise_for_status()
    return response.json()


def user_texts(tracker_json: dict) -> list[str]:
    return [event["text"] for event in tracker_json["events"] if event["event"] == "user"]


def test_alternating_servers_share_one_conversation(two_rasa_servers, stack):
    server_a, server_b = two_rasa_servers
    on_a, on_b = Jobseeker(server_a.url), None
    on_b = Jobseeker(server_b.url, sender=on_a.sender)
    messages = ["hej", "jag söker jobb som snickare i Umeå", "tack", "hej igen", "jobb i Malmö"]

    for number, text in enumerate(messages):
        answer = (on_a if number % 2 == 0 else on_b).say(text)
        assert answer, f"no answer to {text!r}"

    # Both servers see the whole conversation, in the order it was said.
    for server in (server_a, server_b):
        assert user_texts(tracker(server, on_a.sender, stack.rasa_token)) == messages
    # State set on one server (the place of the search, said to A) is there on the other.
    slots = tracker(server_b, on_a.sender, stack.rasa_token)["slots"]
    assert slots.get("location") in {"Umeå", "Malmö"}


def test_concurrent_messages_to_both_servers_take_turns(two_rasa_servers, stack):
    """The Redis lock store serialises one conversation: no user message lands inside another's turn,
    and none is lost (Rasa's stock RedisLockStore can hand out one ticket twice; bot/lock_store.py)."""
    server_a, server_b = two_rasa_servers
    sender = Jobseeker(server_a.url).sender
    texts = [f"hej {number}" for number in range(6)]

    def send(number: int) -> list[dict]:
        server = server_a if number % 2 == 0 else server_b
        return Jobseeker(server.url, sender=sender).say(texts[number])

    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(send, range(len(texts))))
    assert all(answers)

    events = tracker(server_a, sender, stack.rasa_token)["events"]
    assert sorted(user_texts({"events": events})) == sorted(texts)
    # Each user message is followed by the bot's turn, which ends in action_listen before the next one.
    turn_open = False
    for event in events:
        if event["event"] == "user":
            assert not turn_open, "a user message was processed inside another message's turn"
            turn_open = True
        elif event["event"] == "action" and event.get("name") == "action_listen":
            turn_open = False
