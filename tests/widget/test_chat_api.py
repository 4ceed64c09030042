"""The widget's back end without a browser: history rebuilt from tracker events, and what the
widget is told when Rasa cannot be reached (its retry logic depends on the status codes)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from store.outbox import Pushed
from tests.support.servers import free_port
from web import chat_api
from web.chat_api import bot_message, messages_from_events, with_pushed

SENDER = "0123456789abcdef0123456789abcdef"


def test_history_shows_a_button_click_as_the_buttons_title() -> None:
    events = [
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        {"event": "user", "text": "hej"},
        {"event": "bot", "text": "Hej! Vad vill du göra?",
         "data": {"buttons": [{"title": "Söka jobb", "payload": "/search_jobs"}]}},
        {"event": "user", "text": "/search_jobs"},
        {"event": "bot", "text": "Vilket yrke?", "data": {}},
        {"event": "user", "text": "/search_jobs"},  # typed again, no button offered: shown as typed
    ]
    shown = [(m.sender, m.text) for m in messages_from_events(events)]
    assert shown == [("user", "hej"), ("bot", "Hej! Vad vill du göra?"), ("user", "Söka jobb"),
                     ("bot", "Vilket yrke?"), ("user", "/search_jobs")]


def test_history_puts_a_session_opening_after_the_message_that_opened_it() -> None:
    """Rasa stores the session start's words before the user's first message; live they came after it."""
    events = [
        {"event": "action", "name": "action_session_start"},
        {"event": "bot", "text": "Bra att veta: jag sparar …"},  # where Rasa logs a custom action's words
        {"event": "session_started"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "hej"},
        {"event": "bot", "text": "Hej! Jag är Jobbcoach."},
    ]
    assert [m.text for m in messages_from_events(events)] == ["hej", "Bra att veta: jag sparar …",
                                                              "Hej! Jag är Jobbcoach."]


def test_history_starts_after_a_restart() -> None:
    events = [{"event": "user", "text": "gammalt"}, {"event": "restart"}, {"event": "user", "text": "nytt"}]
    assert [m.text for m in messages_from_events(events)] == ["nytt"]


def test_only_http_images_reach_the_widget() -> None:
    assert bot_message({"image": "javascript:alert(1)"}) is None
    assert bot_message({"text": "x", "image": "data:image/png;base64,AAAA"}).image is None
    assert bot_message({"image": "https://example.se/a.png"}).image == "https://example.se/a.png"


def test_history_leaves_out_a_turn_rasa_made_itself() -> None:
    """A reminder's turn ("EXTERNAL: …" and what the bot said then) was pushed; the outbox shows it."""
    events = [
        {"event": "user", "text": "hej", "timestamp": 1.0},
        {"event": "bot", "text": "Hej!", "timestamp": 2.0},
        {"event": "user", "text": "EXTERNAL: report_progress", "timestamp": 3.0},
        {"event": "bot", "text": "Dags för veckans koll.", "timestamp": 4.0},
        {"event": "user", "text": '/set_language{"language":"en"}', "timestamp": 5.0},
        {"event": "bot", "text": "I will answer in English.", "timestamp": 6.0},
    ]
    assert [m.text for m in messages_from_events(events)] == ["hej", "Hej!", "I will answer in English."]


def test_history_keeps_a_custom_payload_for_the_cards() -> None:
    ads = {"type": "job_ads", "text": "1. Snickare", "ads": [{"n": 1, "title": "Snickare"}]}
    events = [{"event": "user", "text": "snickare"}, {"event": "bot", "text": None, "data": {"custom": ads}}]
    assert messages_from_events(events)[-1].custom == ads


def test_the_sender_id_is_never_read_from_the_url(client_without_rasa: TestClient) -> None:
    """The id is a capability: in a query string it would land in access logs."""
    response = client_without_rasa.get("/api/chat/history", params={"sender": SENDER})
    assert response.status_code == 422


@pytest.fixture
def client_without_rasa(monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("JOBBCOACH_RASA_URL", f"http://127.0.0.1:{free_port()}")
    app = FastAPI()
    app.include_router(chat_api.router)
    return TestClient(app)


def test_unreachable_rasa_is_503_so_the_widget_resends(client_without_rasa: TestClient) -> None:
    response = client_without_rasa.post("/api/chat/messages", json={"sender": SENDER, "text": "hej"})
    assert response.status_code == 503
    assert "går inte att nå" in response.json()["detail"]
    assert client_without_rasa.get("/api/chat/history", headers={"X-Jobbcoach-Sender": SENDER}).status_code == 503
    assert client_without_rasa.get("/api/chat/status").json() == {"bot_reachable": False}


@pytest.mark.parametrize("sender", ["5123456789", "U04ABCDEF", "test-abc", SENDER.upper(), SENDER + "0"])
def test_only_widget_ids_can_read_a_history(client_without_rasa: TestClient, sender: str) -> None:
    """A Telegram chat id or Slack user id is no capability here: only 32 lower-case hex characters."""
    assert client_without_rasa.get("/api/chat/history", headers={"X-Jobbcoach-Sender": sender}).status_code == 422
    assert client_without_rasa.post("/api/chat/messages", json={"sender": sender, "text": "hej"}).status_code == 422


def test_history_puts_shown_pushes_where_they_came_in_time() -> None:
    events = [{"event": "user", "text": "hej", "timestamp": 100.0}, {"event": "bot", "text": "Hej!", "timestamp": 101.0},
              {"event": "user", "text": "tack", "timestamp": 300.0}, {"event": "bot", "text": "Varsågod", "timestamp": 301.0}]
    pushed = [Pushed(1, SENDER, "web", {"text": "Nya jobb!"}, datetime.fromtimestamp(200.0, UTC))]
    assert [m.text for m in with_pushed(messages_from_events(events), pushed)] == [
        "hej", "Hej!", "Nya jobb!", "tack", "Varsågod"]
