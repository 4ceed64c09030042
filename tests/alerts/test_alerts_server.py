"""Job alerts through the real web app (uvicorn web.app:app): an index update reaches the widget's
stream as one digest, the open API makes, lists and deletes alerts, and a webhook digest is POSTed
to a receiver on 127.0.0.1. The snapshots are published by the CLI while the app runs, as the sync
process does; no Rasa is needed (widget senders and webhooks do not go through it)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.alerts.support import (
    BASE,
    NEW_KOCK_MALMO,
    NEW_LAGER_JONKOPING,
    NEW_STAD_UMEA,
    build_index,
    wait_for_round,
)
from tests.conftest import PINNED_NOW
from tests.push.sse_client import StreamClient
from tests.support.servers import base_env, free_port
from tests.support.web import RestartableWebApp

pytestmark = pytest.mark.server

CLIENT = "X-Jobbcoach-Client"


class AlertApp(RestartableWebApp):
    """The web app on its own store and index, looking for new snapshots every 0.3 s."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.index_dir = work / "index"
        self.db_url = f"sqlite:///{work / 'jobbcoach.db'}"
        env = base_env(JOBBCOACH_VAR=str(work), JOBBCOACH_DB_URL=self.db_url, JOBBCOACH_INDEX=str(self.index_dir),
                       JOBBCOACH_NOW=PINNED_NOW, JOBBCOACH_ALERT_POLL_SECONDS="0.3",
                       JOBBCOACH_ALERT_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")
        env.pop("JOBBCOACH_EMBEDDER", None)
        super().__init__(work, env, f"http://127.0.0.1:{free_port()}", None, "web")

    def publish(self, hits: list[dict]) -> None:
        build_index(self.index_dir, hits)

    def handled(self, timeout: float = 30) -> None:
        """Wait until the app's digest round has seen the newest snapshot."""
        wait_for_round(self.work, self.index_dir, timeout)

    def api(self, method: str, path: str, key: str | None, **kwargs) -> httpx.Response:
        headers = {CLIENT: key} if key else {}
        return httpx.request(method, f"{self.url}/api/alerts{path}", headers=headers, timeout=10, **kwargs)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[AlertApp]:
    web = AlertApp(tmp_path)
    web.publish(BASE)
    web.start()
    web.handled()  # the baseline: what was there before any alert is never "new"
    yield web
    web.stop()


def client_key() -> str:
    return uuid.uuid4().hex + uuid.uuid4().hex[:8]


def create_in_chat(app: AlertApp, sender: str, text: str, entities: list[dict], monkeypatch) -> None:
    """What the action server does for "bevaka …": the real action, on the app's store."""
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    from actions.job_alerts import ActionCreateJobAlert
    from tests.support.trackers import tracker_for

    monkeypatch.setenv("JOBBCOACH_DB_URL", app.db_url)
    monkeypatch.setenv("JOBBCOACH_NOW", PINNED_NOW)
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionCreateJobAlert().run(dispatcher, tracker_for(text, "create_job_alert", entities, sender=sender), {}))
    assert [m.get("response") for m in dispatcher.messages] == ["utter_alert_created"], dispatcher.messages


def test_an_index_update_reaches_the_open_widget_as_one_digest_exactly_once(app: AlertApp, monkeypatch) -> None:
    sender = uuid.uuid4().hex
    create_in_chat(app, sender, "bevaka lagerjobb i Jönköping",
                   [{"entity": "occupation", "value": "lagerjobb"}, {"entity": "location", "value": "Jönköping"}],
                   monkeypatch)
    with StreamClient(app.url, sender) as stream:
        app.publish([*BASE, NEW_LAGER_JONKOPING, NEW_KOCK_MALMO])
        digest = stream.next(timeout=30)
        assert digest.message["text"] == "Ett nytt jobb för din bevakning ”lagerarbetare i Jönköping”:"
        assert digest.message["custom"]["type"] == "job_ads"
        assert [card["id"] for card in digest.message["custom"]["ads"]] == ["900101"]
        assert stream.drain(wait=2) == []  # one message, not one per ad or per look
    httpx.post(f"{app.url}/api/chat/stream/ack", json={"ids": [digest.id]},
               headers={"X-Jobbcoach-Sender": sender}, timeout=10).raise_for_status()

    app.publish([*BASE, NEW_LAGER_JONKOPING, NEW_KOCK_MALMO, NEW_STAD_UMEA])  # nothing new for this alert
    app.handled()
    with StreamClient(app.url, sender) as reloaded:  # as after a reload: the digest is not shown again
        assert reloaded.drain(wait=1.5) == []


def test_a_widget_digest_waits_in_the_outbox_until_the_widget_opens(app: AlertApp, monkeypatch) -> None:
    sender = uuid.uuid4().hex
    create_in_chat(app, sender, "säg till när det kommer nya jobb som kock",
                   [{"entity": "occupation", "value": "kock"}], monkeypatch)
    app.publish([*BASE, NEW_KOCK_MALMO])
    app.handled()
    with StreamClient(app.url, sender) as stream:
        [digest] = stream.drain(wait=1.5)
    assert digest.message["text"] == "Ett nytt jobb för din bevakning ”kock”:"


class Receiver:
    """A webhook receiver on 127.0.0.1 that keeps every JSON body it is POSTed."""

    def __init__(self) -> None:
        self.bodies: list[dict] = []
        received = self.bodies

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                received.append({"body": json.loads(self.rfile.read(length)), "alert": self.headers.get("X-Jobbcoach-Alert")})
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/jobbcoach-hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def test_the_api_creates_lists_and_deletes_an_alert_and_its_webhook_gets_the_digest(app: AlertApp,
                                                                                     receiver: Receiver) -> None:
    key = client_key()
    created = app.api("POST", "", key, json={"query": "kock", "municipality": "Malmö", "webhook_url": receiver.url,
                                             "language": "en"})
    assert created.status_code == 201, created.text
    alert = created.json()
    assert alert["understood"] == {"occupation": "Kock, à la carte", "place": "Malmö", "words": []}
    assert [a["id"] for a in app.api("GET", "", key).json()["alerts"]] == [alert["id"]]
    assert app.api("GET", f"/{alert['id']}", key).json()["webhook_url"] == receiver.url

    app.publish([*BASE, NEW_KOCK_MALMO, NEW_STAD_UMEA])
    deadline = time.monotonic() + 30
    while not receiver.bodies and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.5)  # a second POST would come now
    [posted] = receiver.bodies
    assert posted["alert"] == str(alert["id"])
    assert posted["body"]["alert_id"] == alert["id"] and posted["body"]["count"] == 1
    assert [ad["id"] for ad in posted["body"]["ads"]] == ["900102"]
    assert posted["body"]["text"] == "One new job for your alert “kock i Malmö”:"

    assert app.api("DELETE", f"/{alert['id']}", key).status_code == 204
    assert app.api("GET", "", key).json() == {"alerts": []}
    assert app.api("DELETE", f"/{alert['id']}", key).status_code == 404


def test_the_api_says_clearly_what_is_wrong(app: AlertApp, receiver: Receiver) -> None:
    key, other = client_key(), client_key()
    good = {"query": "lagerarbetare", "municipality": "Jönköping", "webhook_url": receiver.url}

    def create(key_: str | None = key, **changes) -> httpx.Response:
        return app.api("POST", "", key_, json={**good, **changes})

    for url, says in [("ftp://example.com/hook", "http:// eller https://"),
                      ("http://10.0.0.7/hook", "intern adress"),
                      ("http://localhost:9/hook", "intern adress"),
                      ("https://user:secret@example.com/hook", "användarnamn"),
                      ("not a url", "http:// eller https://")]:
        response = create(webhook_url=url)
        assert response.status_code == 422 and says in response.json()["detail"], (url, response.text)
    assert "okänd kommun" in create(municipality="Atlantis").json()["detail"]
    assert "inget yrke" in create(query="bevaka jobb", municipality=None).json()["detail"]
    assert create(language="xx").status_code == 422
    assert create(key_=None).status_code == 401
    assert create(key_="short").status_code == 422

    mine = create().json()
    assert create().status_code == 409  # the same alert twice
    assert app.api("GET", f"/{mine['id']}", other).status_code == 404  # someone else's alert
    assert app.api("DELETE", f"/{mine['id']}", other).status_code == 404
    assert app.api("GET", f"/{mine['id']}", key).status_code == 200  # still there: not theirs to delete
    assert app.api("GET", "/987654", key).json()["detail"] == "ingen bevakning med id 987654 för den här klientnyckeln"
    assert app.api("GET", "", other).json() == {"alerts": []}


def test_the_alerts_api_is_in_the_openapi_docs(app: AlertApp) -> None:
    paths = httpx.get(f"{app.url}/openapi.json", timeout=10).json()["paths"]
    assert {"post", "get"} <= set(paths["/api/alerts"]) and {"get", "delete"} <= set(paths["/api/alerts/{alert_id}"])
