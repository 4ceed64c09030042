"""The console's labour-market page in Chromium: the charts per county and quarter from a small
market index and a store with jobseekers' searches, no axe-core (WCAG 2.1 AA) violations at 1280
and 390 px, nothing sideways on a phone, and the screenshots in reports/console/."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import PINNED_NOW
from tests.console.browser import create_account, launch_chromium, log_in, start_console_server
from tests.console.test_browser_inbox import REPORTS, axe_violations
from tests.support.insight_market import KIRUNA, LAGERARBETARE, LULEA, NORRBOTTEN, searchers, write_index

pytestmark = pytest.mark.browser

PASSWORD = "marknad-lösen-789"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("console-market")
    index = write_index(work / "index")
    db_url = f"sqlite:///{work / 'jobbcoach.db'}"
    create_account(db_url, "anna", PASSWORD, "caseworker")
    searchers(db_url, 12, LULEA, NORRBOTTEN, "lulea-", occupation_id=LAGERARBETARE[0], group_code=LAGERARBETARE[2])
    searchers(db_url, 9, KIRUNA, NORRBOTTEN, "kiruna-", occupation_id=LAGERARBETARE[0], group_code=LAGERARBETARE[2])
    console = start_console_server(work, db_url, work / "tracker.db", "http://127.0.0.1:9",
                                   extra_env={"JOBBCOACH_INDEX": str(index), "JOBBCOACH_NOW": PINNED_NOW})
    yield console
    console.stop()


def test_the_market_page_per_county_and_quarter_is_accessible(server):
    REPORTS.mkdir(parents=True, exist_ok=True)
    found: dict[str, list] = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for width in (1280, 390):
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            log_in(page, server.url, "anna", PASSWORD)
            page.goto(server.url + "/console/insight")
            page.click("text=Arbetsmarknaden per län och kvartal")
            page.select_option("select[name=region]", NORRBOTTEN)
            page.click("form.filters button[type=submit]")
            page.wait_for_url("**region=25**")
            heading = page.locator("main h2").inner_text()
            assert heading == "Norrbottens län, 2026-Q4"
            charts = page.locator("figure > svg > title").all_text_contents()
            assert "Yrkesgrupper med flest annonser, 2026-Q4" in charts
            assert "Jobbsökande med lager- och terminalpersonal (minst 10 per ort)" in charts
            supply = page.locator("figure[aria-label='Var kompetensen finns'] svg").text_content()
            assert "Luleå" in supply and "Kiruna" not in supply  # 12 shown, 9 hidden
            lager = page.locator("table.market tr", has_text="Lager- och terminalpersonal").locator("td")
            assert lager.all_text_contents() == ["Lager- och terminalpersonal", "32", "7", "+357 %", "21", "1.52"]  # 12 + 9 in the county
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            found[f"market Norrbotten @{width}"] = axe_violations(page)
            page.screenshot(path=str(REPORTS / f"market-{width}.png"), full_page=True)
            page.select_option("select[name=quarter]", "2026-Q3")
            page.select_option("select[name=region]", "")
            page.click("form.filters button[type=submit]")
            page.wait_for_url("**quarter=2026-Q3**")
            assert page.locator("main h2").inner_text() == "Hela landet, 2026-Q3"
            found[f"market the country, Q3 @{width}"] = axe_violations(page)
            context.close()
        browser.close()
    (REPORTS / "axe-market.json").write_text(json.dumps(found, ensure_ascii=False, indent=2), encoding="utf-8")
    assert {where: v for where, v in found.items() if v} == {}
    for width in (1280, 390):
        assert (REPORTS / f"market-{width}.png").stat().st_size > 10_000
