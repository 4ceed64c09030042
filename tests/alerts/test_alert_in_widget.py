"""A job alert made in the chat, end to end: the jobseeker writes "bevaka …" in the widget (real
Rasa, real action server), the index gets a new snapshot with a matching ad (the CLI, as the sync
does), and the digest arrives in the open widget, its card's Spara saves that ad, it shows once
after a reload, and a later snapshot without anything new for the alert adds nothing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.alerts.support import (
    BASE,
    NEW_KOCK_MALMO,
    NEW_LAGER_JONKOPING,
    NEW_STAD_UMEA,
    build_index,
    wait_for_round,
)
from tests.conftest import PINNED_NOW
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

DIGEST = "Ett nytt jobb för din bevakning"


@dataclass
class AlertStack:
    web: ServerProcess
    work: Path
    index: Path


@pytest.fixture(scope="module")
def alert_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AlertStack]:
    work = tmp_path_factory.mktemp("alert-widget")
    index = work / "index"
    build_index(index, BASE)
    web_port, action_port = free_port(), free_port()
    env = base_env(JOBBCOACH_VAR=str(work), JOBBCOACH_DB_URL=f"sqlite:///{work / 'jobbcoach.db'}",
                   JOBBCOACH_TRACKER_DB=str(work / "tracker.db"), JOBBCOACH_INDEX=str(index),
                   JOBBCOACH_WEB_URL=f"http://127.0.0.1:{web_port}", JOBBCOACH_NOW=PINNED_NOW,
                   JOBBCOACH_ALERT_POLL_SECONDS="0.3")
    env.pop("JOBBCOACH_EMBEDDER", None)
    config = RasaConfig(model=latest_model(), action_url=f"http://127.0.0.1:{action_port}/webhook", work_dir=work)
    rasa = start_rasa_server(config, env, name="rasa-alerts")
    actions = web = None
    try:
        actions = start_action_server(work, env, port=action_port)
        web = start_web_app(work, env, rasa.url, config.token, name="web-alerts", port=web_port)
        wait_for_round(work, index)  # the baseline: what was there before the alert is never "new"
        yield AlertStack(web, work, index)
    finally:
        for server in (web, actions, rasa):
            if server:
                server.stop()


def test_an_alert_made_in_the_chat_brings_one_digest_to_the_open_widget_and_once_after_a_reload(
        alert_stack: AlertStack) -> None:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1100, "height": 800}, locale="sv-SE")
        page.set_default_timeout(90_000)
        widget = WidgetPage(page).open(alert_stack.web.url)
        answers = widget.say("kan du bevaka lagerjobb i Jönköping åt mig?")
        assert any("bevakar nya jobb" in answer for answer in answers), answers
        widget.wait_for_stream()

        started = time.time()
        build_index(alert_stack.index, [*BASE, NEW_LAGER_JONKOPING, NEW_KOCK_MALMO])
        digest = widget.bot_messages.filter(has_text=DIGEST)
        expect(digest).to_have_count(1, timeout=60_000)
        arrived_after = time.time() - started
        expect(page.locator(".jc-card")).to_have_count(1)  # the one new warehouse ad, not the cook's
        expect(page.locator(".jc-card").first).to_contain_text("Orderplockare")
        # the digest's cards are the list the conversation talks about now: Spara saves the digest's ad
        page.locator(".jc-card .jc-card-save").first.click()
        saved = widget.bot_messages.filter(has_text=re.compile(r"Sparat|sparat")).filter(has_text="Orderplockare")
        expect(saved).to_have_count(1, timeout=60_000)

        page.reload()
        widget.input.wait_for()
        widget.wait_for_stream()
        build_index(alert_stack.index, [*BASE, NEW_LAGER_JONKOPING, NEW_KOCK_MALMO, NEW_STAD_UMEA])
        wait_for_round(alert_stack.work, alert_stack.index)
        time.sleep(1.5)
        expect(widget.bot_messages.filter(has_text=DIGEST)).to_have_count(1)
        browser.close()
    print(f"job alert: digest in the widget {arrived_after:.1f} s after the snapshot was built")  # noqa: T201
