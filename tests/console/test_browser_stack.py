"""End to end with real servers and a real browser: jobseekers talk to the running Rasa stack, and
a caseworker uses the console (its own uvicorn process on the stack's databases) in headless
Chromium to find a conversation by a word in it, open it, add a note, export it, and delete the
jobseeker, who is then gone from the tracker store.

Asserts on the console's behaviour, never on the bot's wording (which other work keeps changing)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
import uuid

import httpx
import pytest
from playwright.sync_api import sync_playwright

from tests.console.browser import create_account, launch_chromium, log_in, start_console_server

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PASSWORD = "e2e-admin-lösenord"
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'


@pytest.fixture(scope="module")
def console_on_stack(stack, tmp_path_factory):
    work = tmp_path_factory.mktemp("console-stack")
    create_account(stack.db_url, "e2e-admin", PASSWORD, "admin")
    server = start_console_server(
        work,
        stack.db_url,
        stack.tracker_db,
        stack.rasa_url,
        stack.rasa_token,
    )
    yield server
    server.stop()


def tracker_rows(stack, sender: str) -> int:
    with sqlite3.connect(stack.tracker_db) as connection:
        return connection.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def test_rasa_tracker_api_needs_the_token(stack):
    assert httpx.get(f"{stack.rasa_url}/conversations/anyone/tracker", timeout=10).status_code == 401


def test_find_open_note_export_and_delete_a_conversation(stack, console_on_stack, tmp_path):
    word = f"zebrakaka{uuid.uuid4().hex[:6]}"
    jobseeker = stack.jobseeker()
    jobseeker.say("hej")
    jobseeker.say(f"jag letar jobb som snickare {word}")
    jobseeker.say(SCRIPT)
    jobseeker.say(IMG)
    bystander = stack.jobseeker()
    bystander.say("hej")
    assert tracker_rows(stack, jobseeker.sender) > 0

    alerts: list[str] = []

    def on_dialog(dialog):
        if dialog.type == "confirm" and "Radera" in dialog.message:
            dialog.accept()
        else:
            alerts.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        page.on("dialog", on_dialog)
        base = console_on_stack.url
        log_in(page, base, "e2e-admin", PASSWORD)

        # Find the conversation by a word in it.
        page.fill("input[name=q]", word)
        page.click("form.filters button[type=submit]")
        page.wait_for_url(f"**q={word}**")
        senders = page.locator("table.list a.sender")
        assert senders.all_inner_texts() == [jobseeker.sender]
        assert page.locator("table.list td").nth(2).inner_text() == "rest"  # the channel

        # Open it: messages with intents and confidences; hostile text shown as text.
        senders.first.click()
        page.wait_for_url("**/console/transcript?**")
        transcript = page.locator("section.transcript")
        assert transcript.get_by_text(f"jag letar jobb som snickare {word}").count() == 1
        assert page.locator("article.msg.user").count() == 4
        assert page.locator("article.msg.bot").count() >= 1
        assert page.locator("article.msg.user p.nlu").first.inner_text().startswith("Intent:")
        assert transcript.get_by_text(SCRIPT, exact=True).count() == 1
        assert transcript.get_by_text(IMG, exact=True).count() == 1
        assert page.locator("img").count() == 0

        # Actions and slots on demand, with the live tracker fetched from Rasa with the token.
        page.click("text=Visa åtgärder och slots")
        page.wait_for_url("**details=1**")
        assert page.locator("p.event.action").count() >= 1
        slots_box = page.get_by_role("region", name="Aktuella slots (från Rasa)")
        assert slots_box.locator("dl dt").count() >= 1, "a search was made: its slots should be listed"
        assert slots_box.locator("p.error").count() == 0

        # A note.
        page.fill("textarea[name=text]", "Ringde upp, bokade möte.")
        page.click("text=Spara anteckning")
        page.wait_for_url("**msg=note_added**")
        assert page.locator("article.note p.text").inner_text() == "Ringde upp, bokade möte."

        # Export as JSON and CSV.
        with page.expect_download() as json_download:
            page.click("text=Exportera JSON")
        document = json.loads(json_download.value.path().read_text(encoding="utf-8"))
        assert document["sender_id"] == jobseeker.sender
        assert any(word in e["text"] for e in document["entries"] if e["who"] == "Jobbsökare")
        assert ("Handläggare e2e-admin", "note", "Ringde upp, bokade möte.") in [
            (e["who"], e["kind"], e["text"]) for e in document["entries"]]
        assert "action_listen" not in json.dumps(document["entries"])
        with page.expect_download() as csv_download:
            page.click("text=Exportera CSV")
        rows = list(csv.reader(io.StringIO(csv_download.value.path().read_text(encoding="utf-8-sig"))))
        assert rows[0] == ["jobbsökare", "tid", "vem", "typ", "text"]
        assert any(word in row[4] for row in rows[1:] if row[2] == "Jobbsökare")

        # Delete the jobseeker.
        page.fill("input[name=confirm]", "RADERA")
        page.click("button.danger")
        page.wait_for_url("**msg=deleted**")
        assert "All data om jobbsökaren har raderats." in page.inner_text("main")
        page.fill("input[name=q]", word)
        page.click("form.filters button[type=submit]")
        page.wait_for_url(f"**q={word}**")
        assert page.locator("table.list a.sender").count() == 0

        # The audit log says who did what.
        page.goto(f"{base}/console/admin/audit?target={jobseeker.sender}")
        audit_text = page.inner_text("table.list")
        for label in (
            "Visade konversation",
            "Lade till anteckning",
            "Exporterade (JSON)",
            "Exporterade (CSV)",
            "Raderade jobbsökares data",
        ):
            assert label in audit_text
        context.close()
        browser.close()

    assert alerts == []
    time.sleep(1)
    assert tracker_rows(stack, jobseeker.sender) == 0
    assert tracker_rows(stack, bystander.sender) > 0
