"""The chat widget as a test sees it: what a jobseeker can do and read, by role and label."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect


def open_widget(context: BrowserContext, url: str) -> WidgetPage:
    """A new tab on the widget page at `url`, with the patience a loaded 2-core machine needs."""
    page = context.new_page()
    page.set_default_timeout(60_000)
    return WidgetPage(page).open(url)


@dataclass
class WidgetPage:
    page: Page

    @property
    def input(self) -> Locator:
        return self.page.get_by_label("Skriv ditt meddelande")

    @property
    def log(self) -> Locator:
        return self.page.get_by_role("log")

    @property
    def bot_messages(self) -> Locator:
        return self.log.locator(".jc-bot")

    @property
    def user_messages(self) -> Locator:
        return self.log.locator(".jc-user")

    @property
    def alert(self) -> Locator:
        return self.page.get_by_role("alert")

    def tab_to(self, css_class: str, what: str, backwards: bool = False, presses: int = 30) -> None:
        """Press Tab (or Shift+Tab) as a keyboard user does until the element with `css_class` has the
        focus; fail naming `what` if it never does."""
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(presses):
            self.page.keyboard.press(key)
            if self.page.evaluate("c => document.activeElement.classList.contains(c)", css_class):
                return
        pytest.fail(f"{key} never reached {what}")

    def open(self, url: str) -> WidgetPage:
        self.page.goto(url)
        self.input.wait_for()
        return self

    def bot_count(self) -> int:
        return self.bot_messages.count()

    def say(self, text: str) -> list[str]:
        """Type and send as a jobseeker would (click Skicka), then return the bot's new messages."""
        before = self.bot_count()
        self.input.fill(text)
        self.page.get_by_role("button", name="Skicka", exact=True).click()
        return self.wait_for_answers(before)

    def wait_for_answers(self, before: int) -> list[str]:
        """Wait until everything sent has been answered (the widget is idle again); the new bot messages."""
        expect(self.page.locator(".jc-root")).to_have_attribute("data-state", "idle", timeout=90_000)
        return [self.bot_messages.nth(i).inner_text() for i in range(before, self.bot_count())]

    def sender_id(self) -> str | None:
        return self.page.evaluate("localStorage.getItem('jobbcoach.sender')")

    def wait_for_stream(self) -> None:
        """Until the widget's push stream is open (it opens after the history has loaded)."""
        expect(self.page.locator(".jc-root")).to_have_attribute("data-stream", "open", timeout=30_000)


def push(web_url: str, var_dir: Path, sender: str, *messages: dict) -> list[int]:
    """What Rasa or the alerts do: POST /internal/push with the token from var/internal_token."""
    token = (var_dir / "internal_token").read_text(encoding="utf-8").strip()
    response = httpx.post(f"{web_url}/internal/push", json={"sender_id": sender, "messages": list(messages)},
                          headers={"X-Jobbcoach-Internal": token}, timeout=30)
    response.raise_for_status()
    return response.json()["ids"]
