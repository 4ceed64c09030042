"""The live handoff through Telegram (the fake Telegram API on 127.0.0.1): the caseworker's words
and the bot's "a caseworker is here" / "back to Jobbcoach" reach the chat through Rasa's Telegram
channel, and the bot stays silent in between."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import sync_playwright

from tests.channels.test_channels import (  # noqa: F401  (channels is a fixture)
    ChannelServer,
    channels,
    new_chat_id,
    post_telegram,
    replies_to_chat,
    telegram_update,
)
from tests.console.browser import create_account, launch_chromium, log_in, start_console_server

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PASSWORD = "telegram-handläggare-e2e"
REPLY = "Hej, jag har sett din fråga och ringer dig i morgon förmiddag."


@pytest.fixture(scope="module")
def console_for_telegram(channels: ChannelServer, stack, tmp_path_factory):  # noqa: F811
    """The web app on the stack's store (where the action server queues the case) and the
    Telegram Rasa's tracker, talking to that Rasa."""
    create_account(stack.db_url, "tove-live", PASSWORD, "caseworker")
    server = start_console_server(tmp_path_factory.mktemp("live-telegram"), stack.db_url,
                                  channels.rasa.log_path.parent / "tracker.db", channels.rasa.url, channels.token)
    yield server
    server.stop()


def texts_to(channels: ChannelServer, chat_id: int) -> list[str]:  # noqa: F811
    return [c.params.get("text", "") for c in channels.fake.calls_to("telegram", "sendMessage")
            if c.params.get("chat_id") == str(chat_id)]


def wait_for_text(channels: ChannelServer, chat_id: int, count: int, seconds: float = 30) -> list[str]:  # noqa: F811
    deadline = time.monotonic() + seconds
    while len(texts_to(channels, chat_id)) < count:
        assert time.monotonic() < deadline, texts_to(channels, chat_id)
        time.sleep(0.1)
    return texts_to(channels, chat_id)


def test_a_caseworker_answers_a_telegram_chat_while_the_bot_waits(channels, console_for_telegram):  # noqa: F811
    chat_id = new_chat_id()
    post_telegram(channels, telegram_update(chat_id, "hej")).raise_for_status()
    greeted = len(replies_to_chat(channels, chat_id))
    post_telegram(channels, telegram_update(chat_id, "kan jag få prata med en handläggare")).raise_for_status()
    before = len(wait_for_text(channels, chat_id, greeted + 1))
    time.sleep(1)  # the answer may be several messages
    before = len(texts_to(channels, chat_id))

    base = console_for_telegram.url
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        page.set_default_timeout(60_000)
        log_in(page, base, "tove-live", PASSWORD)
        page.goto(f"{base}/console/transcript?sender={chat_id}")
        page.click("button:has-text('Ta ärendet')")
        wait_for_text(channels, chat_id, before + 1)  # the bot: "a caseworker is here now"
        page.fill("#live-text", REPLY)
        page.click("form.live-reply button[type=submit]")
        sent = wait_for_text(channels, chat_id, before + 2)
        assert REPLY in sent[-1] and "tove-live" in sent[-1]

        post_telegram(channels, telegram_update(chat_id, "okej, tack då väntar jag")).raise_for_status()
        time.sleep(3)
        assert len(texts_to(channels, chat_id)) == before + 2  # the bot said nothing

        page.click("button:has-text('Stäng ärendet')")
        wait_for_text(channels, chat_id, before + 3)  # "the caseworker has left"
        browser.close()

    post_telegram(channels, telegram_update(chat_id, "vad kan du hjälpa mig med?")).raise_for_status()
    wait_for_text(channels, chat_id, before + 4)  # the bot answers again
