"""A CV file in the widget, end to end (real Rasa with the trained model, the action server, the web
app, Chromium): upload a PDF by keyboard, confirm the summary, see matching jobs, download the profile
as JSON Resume and hand that file over in a new conversation, which reads it back. Each bad kind of
file gets its own clear answer, and leaves nothing in the store and no file on disk.

Needs a model trained with bot/domain/cv_upload.yml and bot/data/rules_cv_upload.yml (--phase with-model).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from store.db import session_scope
from store.models import PER_USER_TABLES
from tests.conftest import PINNED_NOW
from tests.console.browser import launch_chromium
from tests.cv_upload.files import BAD_FILES, pdf
from tests.cv_upload.keyboard import choose_by_keyboard
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

SUMMARY = "Stämmer det här?"
# What each bad kind's answer says (bot/domain/cv_upload.yml); every one ends "Jag har inte sparat något."
ANSWERS = {
    "too_large": "för stor", "too_many_pages": "för många sidor", "no_text": "skannad bild",
    "encrypted": "skyddad med lösenord", "zip_bomb": "säkert sätt", "wrong_type": "inte något av dem",
    "unreadable": "skadad", "empty": "verkar vara tom",
}


@dataclass
class CvStack:
    web: ServerProcess
    db_url: str
    tmp: Path


@pytest.fixture(scope="module")
def cv_stack(test_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CvStack]:
    work = tmp_path_factory.mktemp("cv-widget")
    tmp = work / "tmp"
    tmp.mkdir()
    web_port, action_port = free_port(), free_port()
    db_url = f"sqlite:///{work / 'jobbcoach.db'}"
    env = base_env(JOBBCOACH_VAR=str(work), JOBBCOACH_DB_URL=db_url, JOBBCOACH_TRACKER_DB=str(work / "tracker.db"),
                   JOBBCOACH_INDEX=str(test_index), JOBBCOACH_WEB_URL=f"http://127.0.0.1:{web_port}",
                   JOBBCOACH_NOW=PINNED_NOW, JOBBCOACH_CHECK_IN_POLL_SECONDS="0", JOBBCOACH_ACTION_TIMEOUT="45",
                   JOBBCOACH_RATE_PROFILE="1000/minute")
    config = RasaConfig(model=latest_model(), action_url=f"http://127.0.0.1:{action_port}/webhook", work_dir=work)
    rasa = start_rasa_server(config, env, name="rasa-cv")  # TensorFlow writes its own temporary files
    actions = web = None
    try:
        actions = start_action_server(work, env, port=action_port)
        # the files pass through the web app alone: its temporary folder must stay empty
        web = start_web_app(work, {**env, "TMPDIR": str(tmp)}, rasa.url, config.token, name="web-cv", port=web_port)
        yield CvStack(web, db_url, tmp)
    finally:
        for server in (web, actions, rasa):
            if server:
                server.stop()


# Not what the jobseeker handed over: the jobseeker row (language) and the outbox, which carries the
# bot's own answers to the open widget.
NOT_FROM_THE_FILE = {"jobseekers", "outbox_messages"}


def stored_rows(db_url: str, sender: str) -> int:
    """Rows about the jobseeker in every per-user table that could hold what a file said."""
    with session_scope(db_url) as session:
        return sum(session.query(table).filter(table.sender_id == sender).count() for table in PER_USER_TABLES
                   if table.__tablename__ not in NOT_FROM_THE_FILE)


def drop_file(page: Page, name: str, mime: str, data: bytes) -> None:
    """A file dragged from the desktop and dropped on the chat."""
    page.evaluate("""([name, mime, b64]) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], name, { type: mime }));
        const panel = document.querySelector(".jc-panel");
        for (const type of ["dragenter", "dragover", "drop"]) {
          panel.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
        }
    }""", [name, mime, base64.b64encode(data).decode()])


def confirm_and_see_jobs(widget: WidgetPage) -> None:
    summary = widget.bot_messages.filter(has_text=SUMMARY)
    expect(summary.last).to_be_visible(timeout=90_000)
    expect(summary.last).to_contain_text("lagerarbetare")
    before = widget.bot_count()
    summary.last.get_by_role("button", name="Ja, det stämmer").click()
    widget.wait_for_answers(before)
    expect(widget.bot_messages.filter(has_text="sparat det som din profil")).to_have_count(1, timeout=90_000)
    expect(widget.page.locator(".jc-card").first).to_be_visible(timeout=90_000)


def test_a_pdf_cv_is_confirmed_matched_exported_and_taken_to_a_new_conversation(cv_stack: CvStack) -> None:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        first = browser.new_context(viewport={"width": 1100, "height": 900}, locale="sv-SE", accept_downloads=True)
        page = first.new_page()
        page.set_default_timeout(90_000)
        widget = WidgetPage(page).open(cv_stack.web.url)
        choose_by_keyboard(widget, "Karin Lind CV.pdf", "application/pdf", pdf())
        expect(widget.user_messages.last).to_contain_text("Karin Lind CV.pdf")
        confirm_and_see_jobs(widget)
        sender = widget.sender_id()
        assert stored_rows(cv_stack.db_url, sender) >= 1  # the profile, after the yes

        with page.expect_download() as download:
            page.get_by_role("button", name="Ladda ner som JSON Resume").click()
        exported = Path(download.value.path()).read_bytes()
        resume = json.loads(exported)
        assert "basics" in resume or "work" in resume
        assert any("Lagerarbetare" in json.dumps(part, ensure_ascii=False) for part in resume.values())

        second = browser.new_context(viewport={"width": 1100, "height": 900}, locale="sv-SE")
        other = WidgetPage(second.new_page()).open(cv_stack.web.url)
        other.page.set_default_timeout(90_000)
        other.page.locator(".jc-file").set_input_files(
            files=[{"name": "jobbcoach-profil-json_resume.json", "mimeType": "application/json", "buffer": exported}])
        confirm_and_see_jobs(other)
        assert other.sender_id() != sender
        browser.close()
    assert list(cv_stack.tmp.iterdir()) == []


def test_every_bad_file_gets_a_clear_answer_and_leaves_nothing(cv_stack: CvStack) -> None:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1100, "height": 900}, locale="sv-SE")
        page.set_default_timeout(90_000)
        widget = WidgetPage(page).open(cv_stack.web.url)
        for number, (kind, (name, mime, make)) in enumerate(sorted(BAD_FILES.items())):
            if number % 2:
                drop_file(page, name, mime, make())
            else:
                page.locator(".jc-file").set_input_files(files=[{"name": name, "mimeType": mime, "buffer": make()}])
            answer = widget.bot_messages.filter(has_text=ANSWERS[kind])
            expect(answer).to_have_count(1, timeout=90_000)
            expect(answer).to_contain_text("Jag har inte sparat något")
        assert stored_rows(cv_stack.db_url, widget.sender_id()) == 0
        browser.close()
    assert list(cv_stack.tmp.iterdir()) == []
