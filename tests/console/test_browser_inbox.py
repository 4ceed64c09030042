"""The inbox in a real browser (Debian's Chromium, the web app under uvicorn): the count changes
without a reload when a handoff arrives, the phone layout stacks, every console page and the
widget have no axe-core (WCAG 2.1 AA) violations, and the screenshots in reports/console/.

axe-core is the copy inside the axe-playwright-python wheel (requirements/app.in), run by
Playwright's evaluate, so nothing is fetched from a CDN."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import sync_playwright

from store.models import HandoffRequest, Jobseeker, SavedJob, SickReport
from tests.console.browser import create_account, launch_chromium, log_in, start_console_server
from tests.console.tracker_rows import TrackerRows
from tests.support.servers import REPO

pytestmark = pytest.mark.browser

PASSWORD = "inkorg-lösen-123"
AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
REPORTS = REPO / "reports" / "console"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SENDER = "7c1e9a44b2d04f0e"
ARABIC = "a2b9d1c3e4f50617"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("console-inbox")
    db_url = f"sqlite:///{work / 'jobbcoach.db'}"
    tracker = TrackerRows(work / "tracker.db", clock=time.time() - 3600)
    tracker.session_start(SENDER)
    tracker.exchange(SENDER, "hej, jag söker jobb som lagerarbetare i Jönköping", intent="search_jobs",
                     answer="Här är tre lagerjobb i Jönköping.")
    tracker.exchange(SENDER, "jag vill prata med en handläggare om mitt CV", intent="human_handoff",
                     answer="En handläggare svarar dig här i chatten inom en arbetsdag.")
    tracker.exchange(ARABIC, "أريد التحدث مع موظف", intent="human_handoff", answer="En handläggare svarar dig.")
    create_account(db_url, "admin", PASSWORD, "admin")
    create_account(db_url, "anna", PASSWORD, "caseworker")
    from web.console.db import console_db

    now = datetime.now(UTC)
    with console_db(db_url) as session:
        session.add_all([
            Jobseeker(sender_id=ARABIC, language="ar"),
            HandoffRequest(sender_id=SENDER, reason="Vill prata om mitt CV", created_at=now - timedelta(days=2)),
            HandoffRequest(sender_id=ARABIC, reason="Kris: vill prata med en människa", urgent=True,
                           created_at=now - timedelta(minutes=20)),
            SickReport(receipt="SJ-1", sender_id=SENDER, kind="vab", from_date=now.date()),
            SavedJob(sender_id=SENDER, ad_id="1", headline="Lagerarbetare, Jönköping", employer="Lager AB"),
        ])
    console = start_console_server(work, db_url, work / "tracker.db", "http://127.0.0.1:9",
                                   extra_env={"JOBBCOACH_CONSOLE_POLL_SECONDS": "0.5"})
    yield console
    console.stop()


def axe_violations(page, within: str | None = None) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now (or inside `within`)."""
    page.evaluate(AXE)
    result = page.evaluate("""([tags, within]) => axe.run(within ? {include: [[within]]} : document,
                                                          {runOnly: {type: 'tag', values: tags}})""",
                           [WCAG_AA, within])
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]


def wait_until(check, seconds: float = 5.0) -> None:
    """Poll from Python: the console's CSP forbids the eval that page.wait_for_function needs."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.1)


def test_the_count_changes_without_a_reload_when_a_handoff_arrives(server):
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        log_in(page, server.url, "anna", PASSWORD)
        page.goto(server.url + "/console/inbox")
        badge = page.locator('[data-count="open"]')
        assert badge.inner_text().startswith("2")
        assert page.locator("table.cases tbody tr").count() == 2
        first = page.locator("table.cases tbody tr").first
        assert "Brådskande" in first.inner_text()  # the crisis first, although newer
        assert "förfallen sedan" in page.locator("table.cases tbody tr").nth(1).inner_text()  # two days old
        page.evaluate("window.__same_page = true")

        from web.console.db import console_db

        with console_db(server.db_url) as session:
            session.add(HandoffRequest(sender_id="new-arrival", reason="Hjälp med ansökan"))
        wait_until(lambda: badge.inner_text().startswith("3"))
        page.wait_for_selector("text=new-arrival", timeout=5000)  # the list too, from the server
        assert page.evaluate("window.__same_page") is True  # no reload happened
        assert page.locator("#count-announcer").inner_text().startswith("Ny överlämning")
        assert page.title().startswith("(3)")
        with console_db(server.db_url) as session:
            session.query(HandoffRequest).filter_by(sender_id="new-arrival").delete()
        wait_until(lambda: badge.inner_text().startswith("2"))
        browser.close()


def test_the_case_is_usable_on_a_phone(server):
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
        page = context.new_page()
        log_in(page, server.url, "anna", PASSWORD)
        page.goto(f"{server.url}/console/transcript?sender={SENDER}")
        transcript = page.locator("section.transcript").bounding_box()
        assert transcript["width"] >= 300, transcript  # it was one letter wide
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sideways
        message = page.locator("article.msg.user p.text").first.bounding_box()
        assert message["width"] >= 250
        page.click("text=Ta ärendet")
        page.wait_for_url("**msg=taken**")
        assert "Tagen" in page.locator("#arende").inner_text()
        page.goto(server.url + "/console/inbox")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        row = page.locator("table.cases tbody tr").first.bounding_box()
        assert row["width"] >= 320  # one card per case, not a squeezed table
        browser.close()


PAGES = (
    "/console/login",
    "/console/inbox",
    "/console/inbox?view=finished",
    "/console/conversations",
    f"/console/transcript?sender={SENDER}",
    f"/console/transcript?sender={ARABIC}&details=1",
    "/console/sick-reports",
    "/console/insight",
    "/console/account",
    "/console/admin/users",
    "/console/admin/audit",
    "/console/transcript?sender=nobody-at-all",  # the error page
)


def test_no_axe_violations_on_any_console_page_or_the_widget_and_screenshots(server):
    REPORTS.mkdir(parents=True, exist_ok=True)
    found: dict[str, list] = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for width in (1280, 390):
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            page.goto(server.url + "/console/login")
            found[f"/console/login @{width}"] = axe_violations(page)
            log_in(page, server.url, "admin", PASSWORD)
            for path in PAGES[1:]:
                page.goto(server.url + path)
                page.wait_for_load_state("load")
                found[f"{path} @{width}"] = axe_violations(page)
            page.goto(f"{server.url}/console/transcript?sender={ARABIC}")
            page.click("details.canned summary")
            found[f"canned replies open @{width}"] = axe_violations(page)
            # The case held (the phone test took it; alone, this test takes it): the live reply form.
            page.goto(f"{server.url}/console/transcript?sender={SENDER}")
            take = page.locator("button:has-text('Ta ärendet')")
            if take.count():
                take.click()
            page.wait_for_selector("#live-text")
            found[f"live reply @{width}"] = axe_violations(page)
            page.screenshot(path=str(REPORTS / f"live-reply-{width}.png"), full_page=True)
            page.goto(server.url + "/console/inbox")
            page.screenshot(path=str(REPORTS / f"inbox-{width}.png"), full_page=True)
            page.goto(f"{server.url}/console/transcript?sender={SENDER}")
            page.screenshot(path=str(REPORTS / f"transcript-{width}.png"), full_page=True)
            page.goto(server.url + "/")
            page.wait_for_selector(".jc-root .jc-log", state="attached")
            found[f"/ @{width}"] = axe_violations(page)  # the host page around the widget (web/widget/demo.html)
            launcher = page.locator(".jc-root .jc-launcher")
            if launcher.is_visible():
                launcher.click()
            page.wait_for_selector(".jc-root .jc-log", state="visible")
            found[f"widget open @{width}"] = axe_violations(page, ".jc-root")
            page.locator(".jc-root textarea, .jc-root input:not([type=file])").first.focus()  # not the hidden CV picker
            page.keyboard.press("Escape")
            page.wait_for_selector(".jc-root .jc-launcher", state="visible")
            found[f"widget closed @{width}"] = axe_violations(page, ".jc-root")
            context.close()
        browser.close()
    (REPORTS / "axe.json").write_text(json.dumps(found, ensure_ascii=False, indent=2), encoding="utf-8")
    assert {where: v for where, v in found.items() if v} == {}
    for name in ("inbox-1280", "inbox-390", "transcript-1280", "transcript-390", "live-reply-1280", "live-reply-390"):
        assert (REPORTS / f"{name}.png").stat().st_size > 10_000, name
