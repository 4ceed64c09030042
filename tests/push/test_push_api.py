"""Push through the real web app (uvicorn): the internal door, the widget's stream, acknowledgement,
and a restart of the app with messages still queued. No Rasa is needed for widget senders."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.push.sse_client import StreamClient
from tests.support.servers import base_env, free_port
from tests.support.store_db import fresh_store_url
from tests.support.web import RestartableWebApp

pytestmark = pytest.mark.server

SENDER_HEADER = "X-Jobbcoach-Sender"


class WebApp(RestartableWebApp):
    """The web app with no Rasa behind it (widget senders need none), and its push and ack doors."""

    def __init__(self, work: Path) -> None:
        self.work = work
        env = base_env(JOBBCOACH_VAR=str(work), JOBBCOACH_DB_URL=f"sqlite:///{work / 'jobbcoach.db'}")
        super().__init__(work, env, f"http://127.0.0.1:{free_port()}", None, "web")

    @property
    def token(self) -> str:
        return (self.work / "internal_token").read_text().strip()

    def push(self, sender: str, *messages: dict, token: str | None = None) -> httpx.Response:
        return httpx.post(f"{self.url}/internal/push", json={"sender_id": sender, "messages": list(messages)},
                          headers={"X-Jobbcoach-Internal": self.token if token is None else token}, timeout=10)

    def ack(self, sender: str, ids: list[int]) -> httpx.Response:
        return httpx.post(f"{self.url}/api/chat/stream/ack", json={"ids": ids}, headers={SENDER_HEADER: sender},
                          timeout=10)


@pytest.fixture
def web(tmp_path: Path) -> Iterator[WebApp]:
    app = WebApp(tmp_path).start()
    yield app
    app.stop()


def widget_sender() -> str:
    return uuid.uuid4().hex


def test_push_needs_the_internal_token(web: WebApp) -> None:
    sender = widget_sender()
    assert web.push(sender, {"text": "hej"}, token="").status_code == 401
    assert web.push(sender, {"text": "hej"}, token="gissat").status_code == 401
    assert web.push(sender, {"text": "hej"}).status_code == 200
    assert (web.work / "internal_token").stat().st_mode & 0o077 == 0  # only the owner reads the secret


def test_push_refuses_what_cannot_be_shown(web: WebApp) -> None:
    assert web.push(widget_sender(), {"nothing": "here"}).status_code == 422
    assert web.push("bad sender id!", {"text": "hej"}).status_code == 422
    response = httpx.post(f"{web.url}/internal/push", json={"sender_id": widget_sender(), "messages": []},
                          headers={"X-Jobbcoach-Internal": web.token}, timeout=10)
    assert response.status_code == 422


def test_push_is_only_for_local_callers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A request from another host is refused even with the right token (in-process, as from 10.0.0.7)."""
    monkeypatch.setenv("JOBBCOACH_VAR", str(tmp_path))
    monkeypatch.setenv("JOBBCOACH_DB_URL", fresh_store_url(tmp_path))
    from web import push
    from web.app import create_app

    with TestClient(create_app(), client=("10.0.0.7", 40000)) as remote:
        response = remote.post("/internal/push", json={"sender_id": widget_sender(), "messages": [{"text": "x"}]},
                               headers={"X-Jobbcoach-Internal": push.internal_token()})
    assert response.status_code == 403


def test_queued_messages_arrive_in_order_and_a_new_push_within_two_seconds(web: WebApp) -> None:
    sender = widget_sender()
    web.push(sender, {"text": "första"}, {"text": "andra", "buttons": [{"title": "Ja", "payload": "/affirm"}]})
    with StreamClient(web.url, sender) as stream:
        first, second = stream.next(), stream.next()
        assert [first.message["text"], second.message["text"]] == ["första", "andra"]
        assert second.message["buttons"] == [{"title": "Ja", "payload": "/affirm"}]
        assert first.id < second.id

        sent = time.monotonic()
        web.push(sender, {"text": "tredje"})
        third = stream.next(timeout=2)
        assert third.message["text"] == "tredje" and time.monotonic() - sent < 2


def test_only_acknowledged_messages_count_as_delivered(web: WebApp) -> None:
    sender = widget_sender()
    web.push(sender, {"text": "ett"}, {"text": "två"})
    with StreamClient(web.url, sender) as stream:
        one, two = stream.next(), stream.next()
    assert web.ack(sender, [one.id]).json() == {"acknowledged": 1}
    assert web.ack(widget_sender(), [two.id]).json() == {"acknowledged": 0}  # not someone else's to confirm

    with StreamClient(web.url, sender) as again:  # as after a reload: only the unconfirmed one comes again
        assert [p.message["text"] for p in again.drain()] == ["två"]


def test_a_stream_carries_only_its_own_senders_messages(web: WebApp) -> None:
    mine, theirs = widget_sender(), widget_sender()
    web.push(theirs, {"text": "inte din"})
    web.push(mine, {"text": "din"})
    with StreamClient(web.url, mine) as stream:
        assert [p.message["text"] for p in stream.drain()] == ["din"]


def test_the_stream_needs_the_sender_header(web: WebApp) -> None:
    assert httpx.get(f"{web.url}/api/chat/stream", timeout=5).status_code == 422
    sender = widget_sender()
    assert httpx.get(f"{web.url}/api/chat/stream", params={"sender": sender}, timeout=5).status_code == 422
    assert httpx.get(f"{web.url}/api/chat/stream", headers={SENDER_HEADER: "5123456789"}, timeout=5).status_code == 422


def test_queued_messages_survive_a_restart_of_the_web_app(web: WebApp) -> None:
    sender = widget_sender()
    web.push(sender, {"text": "medan du var borta"}, {"custom": {"type": "job_ads", "text": "1. Snickare", "ads": []}})
    web.stop()
    web.start()
    with StreamClient(web.url, sender) as stream:
        messages = [p.message for p in stream.drain()]
    assert messages[0]["text"] == "medan du var borta"
    assert messages[1]["custom"]["text"] == "1. Snickare"
