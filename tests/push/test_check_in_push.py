"""A weekly check-in planned in the chat arrives a week later after a restart, in the open widget,
and shows exactly once after a reload.

Real processes: Rasa (its REST channel must know this web app's address), the action server and the
web app with "now" pinned, Chromium. The week passes by restarting the web app and the action server
with "now" pinned a week later: the plan lives only in the database, so nothing a process held in
memory can be what delivers it (Rasa's own reminders would have been lost by such a restart).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.model]

CHECK_IN = re.compile("veckans koll")
PLANNED_ON = "2026-11-27T12:00:00+01:00"  # a Friday noon: the check-in is due Friday 4 December, 12:00
A_WEEK_LATER = "2026-12-04T12:00:30+01:00"


@dataclass
class CheckInStack:
    rasa: ServerProcess
    work: Path
    env: dict[str, str]
    token: str | None
    web_port: int
    action_port: int

    def start(self, now: str) -> tuple[ServerProcess, ServerProcess]:
        """The web app (with its scheduler) and the action server, both with "now" pinned."""
        env = {**self.env, "JOBBCOACH_NOW": now}
        actions = start_action_server(self.work, env, port=self.action_port)
        try:
            web = start_web_app(self.work, env, self.rasa.url, self.token, name="web-check-ins", port=self.web_port)
        except Exception:
            actions.stop()
            raise
        return web, actions


@pytest.fixture(scope="module")
def check_in_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CheckInStack]:
    work = tmp_path_factory.mktemp("check-ins")
    web_port, action_port = free_port(), free_port()
    env = base_env(JOBBCOACH_VAR=str(work), JOBBCOACH_DB_URL=f"sqlite:///{work / 'jobbcoach.db'}",
                   JOBBCOACH_TRACKER_DB=str(work / "tracker.db"), JOBBCOACH_INDEX=str(work / "no-index"),
                   JOBBCOACH_WEB_URL=f"http://127.0.0.1:{web_port}", JOBBCOACH_CHECK_IN_POLL_SECONDS="1",
                   JOBBCOACH_CHECK_IN_WAIT_FOR_QUIET_SECONDS="0")
    config = RasaConfig(model=latest_model(), action_url=f"http://127.0.0.1:{action_port}/webhook", work_dir=work)
    rasa = start_rasa_server(config, env, name="rasa-check-ins")
    yield CheckInStack(rasa, work, env, config.token, web_port, action_port)
    rasa.stop()


def test_a_weekly_check_in_arrives_after_a_restart_and_shows_once_after_a_reload(
        check_in_stack: CheckInStack) -> None:
    web, actions = check_in_stack.start(PLANNED_ON)
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page(viewport={"width": 1100, "height": 800}, locale="sv-SE")
            page.set_default_timeout(90_000)
            widget = WidgetPage(page).open(web.url)
            answers = widget.say("mitt mål är att söka 5 jobb i veckan")
            assert any("påminn" in answer for answer in answers), answers  # the offer and its "Ja, påminn mig"
            before = widget.bot_count()
            widget.log.get_by_role("button", name="Ja, påminn mig").click()
            widget.wait_for_answers(before)
            widget.wait_for_stream()
            time.sleep(3)  # three scheduler rounds: nothing is due on the day it was planned
            expect(widget.bot_messages.filter(has_text=CHECK_IN)).to_have_count(0)

            web.stop()
            actions.stop()
            restarted = time.time()
            web, actions = check_in_stack.start(A_WEEK_LATER)
            check_in = widget.bot_messages.filter(has_text=CHECK_IN)
            expect(check_in).to_have_count(1, timeout=60_000)  # the widget's stream reconnects by itself
            arrived_after = time.time() - restarted
            # a new week: the check-in tells how last week went against its goal
            expect(widget.bot_messages.filter(has_text="Förra veckan var målet 5")).to_have_count(1)

            page.reload()
            widget.input.wait_for()
            widget.wait_for_stream()
            time.sleep(2)
            expect(widget.bot_messages.filter(has_text=CHECK_IN)).to_have_count(1)
            assert not any("EXTERNAL" in text for text in widget.log.locator(".jc-msg").all_inner_texts())
            browser.close()
    finally:
        web.stop()
        actions.stop()
    print(f"check-in push: in the widget {arrived_after:.1f} s after the restart a week later")  # noqa: T201
