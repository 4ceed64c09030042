"""In a real browser (headless Chromium) against the real web app: a caseworker opens a jobseeker's
conversation and reads their activities and job alerts there."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import sync_playwright

from store.models import Activity, JobAlert
from tests.console.browser import create_account, launch_chromium, log_in, start_console_server
from tests.console.tracker_rows import TrackerRows

pytestmark = pytest.mark.browser

SENDER = "browser-activity-user"
PASSWORD = "aktivitets-lösen-7"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("console-activities")
    db_url = f"sqlite:///{work / 'jobbcoach.db'}"
    tracker = TrackerRows(work / "tracker.db")
    tracker.session_start(SENDER)
    tracker.exchange(SENDER, "ringde Securitas om ett jobb", intent="log_activity")
    from web.console.db import console_db

    create_account(db_url, "anna", PASSWORD, "caseworker")  # migrates the store first
    with console_db(db_url) as session:
        session.add_all([
            Activity(sender_id=SENDER, day=date(2026, 11, 27), kind="contact", employer="Securitas",
                     text="ringde Securitas om ett jobb"),
            Activity(sender_id=SENDER, day=date(2026, 11, 26), kind="application", employer="Hav Krog",
                     occupation="Kock", text="sökte jobb som kock på Hav Krog"),
            JobAlert(sender_id=SENDER, query="säg till när det kommer nya jobb som kock", occupation="Kock"),
        ])
    console = start_console_server(work, db_url, work / "tracker.db", "http://127.0.0.1:9")
    yield console
    console.stop()


def test_a_caseworker_reads_activities_and_alerts_on_the_conversation_page(server):
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        log_in(page, server.url, "anna", PASSWORD)
        page.click(f"a.sender:text-is('{SENDER}')")
        page.wait_for_url("**/console/transcript?**")
        rows = page.locator("table.activities tbody tr.activity")
        assert rows.count() == 2
        assert rows.nth(0).locator("td").all_inner_texts() == ["2026-11-27", "Kontakt med arbetsgivare", "Securitas", "–"]
        assert rows.nth(1).locator("td").all_inner_texts() == ["2026-11-26", "Sökt jobb", "Hav Krog", "Kock"]
        words = page.locator("table.activities tbody tr.words")
        assert words.nth(0).inner_text() == "”ringde Securitas om ett jobb”" and words.nth(0).is_visible()
        alerts = page.locator("ul.alerts li")
        assert alerts.count() == 1 and "nya jobb som kock" in alerts.first.inner_text()
        assert page.get_by_role("heading", name="Jobbevakningar").is_visible()
        browser.close()
