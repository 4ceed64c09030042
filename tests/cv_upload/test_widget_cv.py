"""The widget's CV controls in Chromium, without a trained model: the web app is real, Rasa's HTTP API
is a fake that answers each external event as Rasa's REST channel would, by pushing a message to the
web app's outbox. The paper clip is reachable and usable by keyboard, labelled in the interface's
language and mirrored in Arabic; a dropped file is sent too; the bot's answer arrives over the stream;
a saved profile's download buttons give the profile in the open formats."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import expect, sync_playwright

from store.profiles import save_structured_profile
from tests.console.browser import launch_chromium
from tests.cv_upload.files import CV_TEXT, pdf
from tests.cv_upload.keyboard import choose_by_keyboard
from tests.support.fake_http import JsonHandler, serve
from tests.support.servers import ServerProcess, base_env, free_port
from tests.support.store_db import fresh_store_url
from tests.support.web import start_web_app
from tests.widget.widget_page import WidgetPage

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

INTERNAL_TOKEN = "cv-widget-internal-token"
PROFILE = {"occupations": [{"concept_id": "sizv_uPq_nWf", "label": "Lagerarbetare", "ssyk_code": "4322", "years": 8}],
           "skills": [], "education_level": None, "languages": ["sv"], "driving_licences": ["B"],
           "municipality": "Umeå", "municipality_code": "2480", "extent": "heltid", "cv_language": "sv"}


class PushingRasa:
    """trigger_intent answered as the REST channel does for an external event: a push to the web app."""

    def __init__(self, web_url: str) -> None:
        self.events: list[dict] = []
        fake = self

        class Handler(JsonHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.body()
                sender = urlsplit(self.path).path.split("/")[2]
                fake.events.append({"sender": sender, **body})
                if body["name"] == "EXTERNAL_cv_received":
                    labels = ", ".join(o["label"] for o in body["entities"]["cv_profile"]["occupations"])
                    messages = [{"text": f"Så här uppfattade jag det: {labels}. Stämmer det här?"},
                                {"custom": {"type": "profile_downloads", "formats": ["json_resume", "europass"]}}]
                else:
                    messages = [{"text": f"Problem: {body['entities']['cv_file_problem']}"}]
                httpx.post(f"{web_url}/internal/push", json={"sender_id": sender, "messages": messages},
                           headers={"X-Jobbcoach-Internal": INTERNAL_TOKEN}, timeout=30).raise_for_status()
                self.answer(200, {"tracker": {}})

            def do_GET(self) -> None:  # noqa: N802 - the widget's history: nothing yet
                self.answer(200, {"events": []})

        self.server, self.url = serve(Handler)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class WidgetStack:
    web: ServerProcess
    rasa: PushingRasa
    db_url: str


@pytest.fixture(scope="module")
def widget_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WidgetStack]:
    work = tmp_path_factory.mktemp("cv-widget-ui")
    db_url = fresh_store_url(work, "jobbcoach.db")
    port = free_port()
    rasa = PushingRasa(f"http://127.0.0.1:{port}")
    env = base_env(JOBBCOACH_VAR=str(work), JOBBCOACH_DB_URL=db_url, JOBBCOACH_INTERNAL_TOKEN=INTERNAL_TOKEN,
                   JOBBCOACH_CHECK_IN_POLL_SECONDS="0", JOBBCOACH_TRACKER_DB=str(work / "tracker.db"),
                   JOBBCOACH_RATE_PROFILE="1000/minute")
    web = start_web_app(work, env, rasa.url, "cv-widget-rasa-token", name="web-cv-ui", port=port)
    yield WidgetStack(web, rasa, db_url)
    web.stop()
    rasa.close()


def open_widget_page(playwright, url: str, locale: str = "sv-SE"):
    """Chromium on the widget's page, downloads allowed, with the patience a loaded machine needs."""
    browser = launch_chromium(playwright)
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale=locale, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return browser, WidgetPage(page).open(url)


def test_the_paper_clip_sends_a_cv_by_keyboard_and_the_answer_arrives(widget_stack: WidgetStack) -> None:
    with sync_playwright() as playwright:
        browser, widget = open_widget_page(playwright, widget_stack.web.url)
        page = widget.page
        attach = page.get_by_role("button", name="Bifoga ditt CV (PDF, Word, ODT eller text)")
        expect(attach).to_be_visible()
        choose_by_keyboard(widget, "mitt cv.pdf", "application/pdf", pdf())
        expect(widget.user_messages.last).to_contain_text("Skickade filen ”mitt cv.pdf”")
        expect(widget.bot_messages.filter(has_text="Stämmer det här?")).to_contain_text("Lagerarbetare")
        [event] = [e for e in widget_stack.rasa.events if e["sender"] == widget.sender_id()]
        assert event["name"] == "EXTERNAL_cv_received"
        browser.close()


def test_a_dropped_file_is_sent_and_the_panel_says_where_to_drop(widget_stack: WidgetStack) -> None:
    with sync_playwright() as playwright:
        browser, widget = open_widget_page(playwright, widget_stack.web.url)
        page = widget.page
        hint = page.locator(".jc-drop-hint")
        page.evaluate("""(b64) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([atob(b64)], "cv.txt", { type: "text/plain" }));
            window.jcTransfer = transfer;
            document.querySelector(".jc-panel").dispatchEvent(
                new DragEvent("dragenter", { dataTransfer: transfer, bubbles: true, cancelable: true }));
        }""", base64.b64encode(b"x").decode())
        expect(hint).to_be_visible()
        expect(hint).to_have_text("Släpp filen här för att skicka ditt CV")
        page.evaluate("""(text) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([text], "cv.txt", { type: "text/plain" }));
            document.querySelector(".jc-panel").dispatchEvent(
                new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
        }""", CV_TEXT)
        expect(hint).to_be_hidden()
        expect(widget.bot_messages.filter(has_text="Stämmer det här?")).to_contain_text("Lagerarbetare")
        browser.close()


def test_in_arabic_the_controls_are_labelled_and_mirrored(widget_stack: WidgetStack) -> None:
    with sync_playwright() as playwright:
        browser, widget = open_widget_page(playwright, widget_stack.web.url, locale="ar")
        page = widget.page
        page.locator(".jc-language").select_option("ar")
        attach = page.get_by_role("button", name="أرفق سيرتك الذاتية (PDF أو Word أو ODT أو نص)")
        expect(attach).to_be_visible()
        expect(page.locator(".jc-panel")).to_have_attribute("dir", "rtl")
        box, send = attach.bounding_box(), page.locator(".jc-send").bounding_box()
        assert box["x"] > send["x"], "the paper clip leads the form on the right in a right-to-left panel"
        page.locator(".jc-file").set_input_files(files=[{"name": "cv.pdf", "mimeType": "application/pdf",
                                                        "buffer": b""}])
        expect(widget.user_messages.last).to_contain_text("أرسلت الملف")
        expect(widget.bot_messages.filter(has_text="Problem: empty")).to_have_count(1)
        browser.close()


def test_the_download_buttons_give_the_saved_profile_in_its_open_format(widget_stack: WidgetStack) -> None:
    with sync_playwright() as playwright:
        browser, widget = open_widget_page(playwright, widget_stack.web.url)
        page = widget.page
        page.locator(".jc-file").set_input_files(files=[{"name": "cv.pdf", "mimeType": "application/pdf",
                                                        "buffer": pdf()}])
        expect(page.get_by_role("button", name="Ladda ner som JSON Resume")).to_be_visible()
        # what the action does on "ja" (actions/cv_upload.py): the profile is saved
        save_structured_profile(widget.sender_id(), PROFILE, datetime.now(UTC), url=widget_stack.db_url)
        with page.expect_download() as download:
            page.get_by_role("button", name="Ladda ner som JSON Resume").click()
        resume = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert "Lagerarbetare" in json.dumps(resume, ensure_ascii=False)
        assert download.value.suggested_filename == "jobbcoach-profil-json_resume.json"
        browser.close()
