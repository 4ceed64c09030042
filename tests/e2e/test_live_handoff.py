"""The live handoff the whole way, with real servers and a real browser: a jobseeker in the widget
asks for a human, a caseworker takes the case in the console (Chromium) and writes; the message
reaches the widget (its history and its push stream) once, marked as the caseworker's; the bot is
silent meanwhile, except for a crisis message; closing gives the conversation back to the bot.
Asserts on behaviour, not the bot's wording."""

from __future__ import annotations

import json
import sqlite3
import uuid

import httpx
import pytest
from playwright.sync_api import sync_playwright

from tests.console.browser import create_account, launch_chromium, log_in, start_console_server
from web.chat_identity import SENDER_HEADER

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PASSWORD = "handläggare-lösenord-e2e"
REPLY = "Hej! Jag heter Anna och tittar på din fråga om ersättningen nu."


@pytest.fixture(scope="module")
def web_on_stack(stack, tmp_path_factory):
    create_account(stack.db_url, "anna-live", PASSWORD, "caseworker")
    server = start_console_server(tmp_path_factory.mktemp("live-web"), stack.db_url, stack.tracker_db,
                                  stack.rasa_url, stack.rasa_token)
    yield server
    server.stop()


class Widget:
    """What the widget does over HTTP: send, read the history, read the push stream."""

    def __init__(self, base_url: str) -> None:
        self.sender = uuid.uuid4().hex
        self.client = httpx.Client(base_url=base_url, headers={SENDER_HEADER: self.sender}, timeout=90)

    def say(self, text: str) -> list[dict]:
        answer = self.client.post("/api/chat/messages", json={"sender": self.sender, "text": text})
        assert answer.status_code == 200, answer.text
        return answer.json()["messages"]

    def history(self) -> list[str]:
        return [m["text"] for m in self.client.get("/api/chat/history").json()["messages"]]

    def pushed(self) -> list[str]:
        """The push stream's new messages, acknowledged as the widget does once it has shown them."""
        texts, ids, event = [], [], None
        with self.client.stream("GET", "/api/chat/stream", timeout=httpx.Timeout(10, read=5)) as stream:
            try:
                for line in stream.iter_lines():
                    if line.startswith("event:"):
                        event = line.split(":", 1)[1].strip()
                    elif line.startswith("id:"):
                        ids.append(int(line.split(":", 1)[1]))
                    elif line.startswith("data:") and event == "push":
                        texts.append(json.loads(line.split(":", 1)[1])["text"])
            except httpx.ReadTimeout:
                pass  # nothing more queued
        if ids:
            assert self.client.post("/api/chat/stream/ack", json={"ids": ids}).status_code == 200
        return texts


def bot_turns(stack, sender: str) -> list[str]:
    """Which policy chose what, for the failure message."""
    with sqlite3.connect(stack.tracker_db) as connection:
        rows = connection.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'action'",
                                  (sender,)).fetchall()
    return [f"{e.get('name')} ({e.get('policy')})" for e in (json.loads(r[0]) for r in rows)]


def caseworker_events(stack, sender: str) -> list[dict]:
    with sqlite3.connect(stack.tracker_db) as connection:
        rows = connection.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'bot'",
                                  (sender,)).fetchall()
    return [e for e in (json.loads(r[0]) for r in rows) if (e.get("metadata") or {}).get("caseworker")]


def test_a_caseworker_answers_in_the_widget_while_the_bot_waits(stack, web_on_stack):
    widget = Widget(web_on_stack.url)
    widget.say("hej")
    assert widget.say("jag vill prata med en handläggare om min ersättning")

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        log_in(page, web_on_stack.url, "anna-live", PASSWORD)
        page.goto(f"{web_on_stack.url}/console/transcript?sender={widget.sender}")
        page.click("button:has-text('Ta ärendet')")
        page.fill("#live-text", REPLY)
        page.click("form.live-reply button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert page.locator("#live-error").count() == 0

        # The jobseeker: the announcement and the reply arrive on the push stream, and the
        # history shows the reply once, as the caseworker's.
        pushed = widget.pushed()
        assert any(REPLY in text for text in pushed), pushed
        assert len(pushed) >= 2  # "Anna is here now" came first
        assert sum(REPLY in text for text in widget.history()) == 1
        assert [e["metadata"]["caseworker"] for e in caseworker_events(stack, widget.sender)] == ["anna-live"]

        # While the caseworker holds the case the bot says nothing ...
        quiet = widget.say("okej tack, jag väntar här")
        assert quiet == [], bot_turns(stack, widget.sender)
        assert widget.say("söker jobb som snickare i umeå") == []
        # ... except to a crisis message, which is answered at once.
        assert widget.say("jag orkar inte leva längre")

        # The console shows the jobseeker's words; closing gives the conversation back to the bot.
        page.goto(f"{web_on_stack.url}/console/transcript?sender={widget.sender}")
        assert page.locator("text=okej tack, jag väntar här").count() >= 1
        page.click("button:has-text('Stäng ärendet')")
        page.wait_for_load_state("networkidle")
        browser.close()

    assert widget.pushed()  # only what is new: "the caseworker has left, Jobbcoach is back"
    assert widget.say("vad kan du hjälpa mig med?")
