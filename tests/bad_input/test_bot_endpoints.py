"""Bad input against the running Rasa server: a polite answer or a clear 4xx, never a 500,
never a crash, nothing lost."""

from __future__ import annotations

import json

import httpx
import pytest

pytestmark = pytest.mark.e2e


def post_raw(stack, content: bytes) -> httpx.Response:
    return httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", content=content,
                      headers={"Content-Type": "application/json", "Authorization": f"Bearer {stack.rasa_token}"},
                      timeout=60)


def post(stack, body) -> httpx.Response:
    return post_raw(stack, json.dumps(body).encode())


def user_texts(stack, sender: str) -> list[str]:
    response = httpx.get(f"{stack.rasa_url}/conversations/{sender}/tracker",
                         params={"token": stack.rasa_token}, timeout=30)
    response.raise_for_status()
    return [e["text"] for e in response.json()["events"] if e["event"] == "user"]


@pytest.mark.parametrize("content", [
    b"not json", b"[1, 2]", b'"hej"', b"{}", b'{"sender": "a"}', b'{"sender": 5, "message": "hej"}',
    b'{"sender": "a", "message": 5}', b'{"sender": "a", "message": {"text": "hej"}}',
    b'{"sender": "a", "message": "hej", "metadata": "x"}', b'{"sender": "a", "message": "h\xffej"}',
    b'{"sender": "a b c", "message": "hej"}', b"",
])
def test_malformed_requests_get_a_clear_400(stack, content):
    response = post_raw(stack, content)
    assert response.status_code == 400, response.text
    assert response.json()["error"]


@pytest.mark.parametrize("text", ["", "   ", "\n\t  \n"])
def test_empty_messages_get_a_polite_answer_and_leave_no_trace(stack, jobseeker, text):
    response = post(stack, {"sender": jobseeker.sender, "message": text})
    assert response.status_code == 200
    assert "tomt meddelande" in response.json()[0]["text"]
    assert user_texts(stack, jobseeker.sender) == []


def test_a_100_kb_message_gets_a_polite_answer(stack, jobseeker):
    response = post(stack, {"sender": jobseeker.sender, "message": "jobb " * 20_000})
    assert response.status_code == 200
    assert "väldigt långt" in response.json()[0]["text"]


@pytest.mark.parametrize("text", [
    "🙂🙂🙂", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "'; DROP TABLE events; --",
    "jobb\x00 som\x07 snickare\x1b[31m", "ä" * 3000, "SELECT * FROM users WHERE 1=1",
])
def test_odd_but_valid_messages_are_answered_and_kept(stack, jobseeker, text):
    response = post(stack, {"sender": jobseeker.sender, "message": text})
    assert response.status_code == 200, response.text
    assert response.json(), "the bot should answer something"
    kept = user_texts(stack, jobseeker.sender)
    assert len(kept) == 1 and "\x00" not in kept[0] and "\x1b" not in kept[0]
    assert kept[0] == text.replace("\x00", "").replace("\x07", "").replace("\x1b", "")


def test_the_bot_still_answers_after_all_that(stack, jobseeker):
    assert "Jobbcoach" in jobseeker.say_text("hej")


def test_unknown_sender_in_the_tracker_api_is_not_an_error(stack):
    response = httpx.get(f"{stack.rasa_url}/conversations/never-seen-before/tracker",
                         params={"token": stack.rasa_token}, timeout=30)
    assert response.status_code == 200


def test_tracker_api_needs_the_token(stack, jobseeker):
    response = httpx.get(f"{stack.rasa_url}/conversations/{jobseeker.sender}/tracker", timeout=30)
    assert response.status_code == 401
