"""A fired reminder reaches the open widget over REST, and after a reload exactly once.

Rasa fires a reminder on the output channel of the request that scheduled it; for the REST channel
that request was answered long ago. bot.channels.rest pushes such messages to the web app's outbox.
Real processes: a Rasa server of its own (the REST channel must know this web app's address), the
action server with "now" pinned so that "in a week" is a minute from now, the web app, Chromium.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.console.browser import launch_chromium
from tests.support.servers import (
    RasaConfig,
    ServerProcess,
    base_env,
    free_port,
    latest_model,
    start_action_server,
    start_rasa_server,
)
from tests.support.web import start_web_app
from tests.widget.widget_page import WidgetPage

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

# Time from the action server's start until the reminder is scheduled (two chat turns on 2 busy cores).
LEAD_S = 75
CHECK_IN = re.compile("veckans koll")


@dataclass
class ReminderStack:
    web: ServerProcess
    rasa: ServerProcess
    work: Path
    env: dict[str, str]
    action_port: int


@pytest.fixture(scope="module")
def reminder_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReminderStack]:
    work = tmp_path_factory.mktemp("reminders")
    web_port, action_port = free_port(), free_port()
    env = base_env(JOBBCOACH_VAR=str(work), JOBBCOACH_DB_URL=f"sqlite:///{work / 'jobbcoach.db'}",
                   JOBBCOACH_TRACKER_DB=str(work / "tracker.db"), JOBBCOACH_INDEX=str(work / "no-index"),
                   JOBBCOACH_WEB_URL=f"http://127.0.0.1:{web_port}")
    config = RasaConfig(model=latest_model(), action_url=f"http://127.0.0.1:{action_port}/webhook", work_dir=work)
    rasa = start_rasa_server(config, env, name="rasa-reminders")
    try:
        web = start_web_app(work, env, rasa.url, config.token, name="web-reminders", port=web_port)
    except Exception:
        rasa.stop()
        raise
    yield ReminderStack(web, rasa, work, env, action_port)
    web.stop()
    rasa.stop()


def test_a_weekly_reminder_reaches_the_open_widget_and_shows_once_after_a_reload(
        reminder_stack: ReminderStack) -> None:
    # "Now" for the actions is a week ago plus LEAD_S, so the reminder "in a week" fires LEAD_S from now.
    fires_at = time.time() + LEAD_S
    arrived_after: float | None = None
    pinned = datetime.now(ZoneInfo("Europe/Stockholm")) - timedelta(days=7) + timedelta(seconds=LEAD_S)
    actions = start_action_server(reminder_stack.work, {**reminder_stack.env,
                                                         "JOBBCOACH_NOW": pinned.isoformat(timespec="seconds")},
                                  port=reminder_stack.action_port)
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page(viewport={"width": 1100, "height": 800}, locale="sv-SE")
            page.set_default_timeout(90_000)
            widget = WidgetPage(page).open(reminder_stack.web.url)
            answers = widget.say("mitt mål är att söka 5 jobb i veckan")
            assert any("påminn" in answer for answer in answers), answers  # the offer and its "Ja, påminn mig"
            before = widget.bot_count()
            widget.log.get_by_role("button", name="Ja, påminn mig").click()
            widget.wait_for_answers(before)
            assert time.time() < fires_at, "the conversation took longer than LEAD_S: the reminder may be lost"
            widget.wait_for_stream()

            check_in = widget.bot_messages.filter(has_text=CHECK_IN)
            expect(check_in).to_have_count(1, timeout=(LEAD_S + 60) * 1000)
            arrived_after = time.time() - fires_at
            assert arrived_after < 15, f"the check-in came {arrived_after:.1f} s after the reminder was due"

            page.reload()
            widget.input.wait_for()
            widget.wait_for_stream()
            time.sleep(1.5)
            expect(widget.bot_messages.filter(has_text=CHECK_IN)).to_have_count(1)
            assert not any("EXTERNAL" in text for text in widget.log.locator(".jc-msg").all_inner_texts())
            browser.close()
    finally:
        actions.stop()
    print(f"reminder push: check-in in the widget {arrived_after:.1f} s after it was due")  # noqa: T201
