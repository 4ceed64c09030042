"""Jobseekers' text is untrusted: in a real browser, script and event-handler payloads in messages,
entities, slots, notes and queue entries show as text and never run."""

from __future__ import annotations

import time
from datetime import date

import pytest
from playwright.sync_api import sync_playwright

from store.models import HandoffRequest, SickReport
from tests.console.browser import create_account, launch_chromium, log_in, start_console_server
from tests.console.tracker_rows import TrackerRows

pytestmark = pytest.mark.browser

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
SENDER = "xss-jobseeker"
PASSWORD = "webbläsar-lösen-1"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("console-xss")
    db_url = f"sqlite:///{work / 'jobbcoach.db'}"
    tracker = TrackerRows(work / "tracker.db")
    tracker.session_start(SENDER)
    tracker.user(
        SENDER,
        SCRIPT,
        intent="greet",
        confidence=0.2,
        entities=[{"entity": "location", "value": IMG, "start": 0, "end": 5}],
    )
    tracker.slot(SENDER, "location", IMG)
    tracker.action(SENDER, "action_search_jobs")
    tracker.bot(SENDER, f"Du skrev: {IMG}", buttons=[{"title": SCRIPT, "payload": IMG}])
    tracker.user(SENDER, IMG, intent="<b>intent</b>", confidence=0.9)
    tracker.user(SENDER, "javascript:alert(3)", intent="inform", confidence=0.9)

    from web.console.db import console_db

    create_account(db_url, "admin", PASSWORD, "admin")  # migrates the store first
    with console_db(db_url) as session:
        session.add(HandoffRequest(sender_id=SENDER, reason=IMG))
        session.add(
            SickReport(receipt="X1", sender_id=SENDER, kind="vab", from_date=date.today(), activity=SCRIPT)
        )
    console = start_console_server(work, db_url, work / "tracker.db", "http://127.0.0.1:9")
    yield console
    console.stop()


def test_hostile_text_is_shown_as_text_everywhere(server):
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        log_in(page, server.url, "admin", PASSWORD)

        page.fill("input[name=q]", "alert(1)")
        page.click("form.filters button[type=submit]")
        page.click(f"a.sender:text-is('{SENDER}')")
        page.wait_for_url("**/console/transcript?**")
        page.click("text=Visa åtgärder och slots")
        page.wait_for_url("**details=1**")

        transcript = page.locator("section.transcript")
        assert transcript.get_by_text(SCRIPT, exact=True).count() >= 1
        assert transcript.get_by_text(IMG, exact=True).count() >= 1
        assert "Du skrev: " + IMG in transcript.inner_text()
        assert page.locator("img").count() == 0
        assert page.locator("section.transcript script, section.transcript b").count() == 0

        # A note with the same payloads, through the form.
        page.fill("textarea[name=text]", f"{SCRIPT} {IMG}")
        page.click("text=Spara anteckning")
        page.wait_for_url("**msg=note_added**")
        assert page.locator("article.note p.text").inner_text() == f"{SCRIPT} {IMG}"

        for path in (
            "/console/handoffs",
            "/console/sick-reports",
            "/console/insight",
            "/console/admin/audit",
            f"/console/conversations?q={SCRIPT}",
        ):
            page.goto(server.url + path)
            page.wait_for_load_state("load")
            assert page.locator("img").count() == 0, path

        page.goto(server.url + "/console/handoffs")
        assert page.get_by_text(IMG, exact=True).count() == 1
        page.goto(server.url + "/console/sick-reports")
        assert page.get_by_text(SCRIPT, exact=True).count() == 1
        time.sleep(0.5)  # a payload that ran would have opened its dialog by now
        browser.close()
    assert dialogs == []


def test_csp_blocks_an_injected_inline_script(server):
    """Defence in depth: even a script element that got into a page would not run."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        violations: list[str] = []
        page.on("console", lambda message: violations.append(message.text))
        log_in(page, server.url, "admin", PASSWORD)
        ran = page.evaluate("""() => new Promise(resolve => {
            window.__ran = false;
            const s = document.createElement('script');
            s.textContent = 'window.__ran = true';
            document.body.appendChild(s);
            setTimeout(() => resolve(window.__ran), 200);
        })""")
        browser.close()
    assert ran is False
    assert any("Content Security Policy" in v for v in violations)
