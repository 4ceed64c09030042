"""The labour-demand answer's bar chart in the widget, in Chromium: the web app is real, Rasa's REST
channel a fake that answers every message with the action's text and its `bar_chart` payload (no
trained model needed). Each row is read as a label and a number; axe-core finds nothing."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.console.browser import launch_chromium
from tests.console.test_browser_inbox import axe_violations
from tests.support.servers import base_env, free_port
from tests.support.store_db import fresh_store_url
from tests.support.web import start_web_app
from tests.widget.widget_page import WidgetPage

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

BARS = [{"label": "Undersköterskor, hemtjänst, äldreboende m.fl.", "value": 12},
        {"label": "Lager- och terminalpersonal", "value": 7}, {"label": "Hamnarbetare", "value": 2}]
ANSWER = [{"text": "Det här söker arbetsgivare i Kiruna just nu, kvartal 4 2026 (21 annonser hittills)."},
          {"custom": {"type": "bar_chart", "bars": BARS}}]


class RestRasa:
    """POST /webhooks/rest/webhook answered with ANSWER; the history is empty; / says it is up."""

    def __init__(self) -> None:
        class Handler(BaseHTTPRequestHandler):
            def reply(self, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.reply(ANSWER)

            def do_GET(self) -> None:  # noqa: N802
                self.reply({"events": []} if "history" in self.path else {"version": "3.6.21"})

            def log_message(self, *args) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def web_url(tmp_path_factory):
    work = tmp_path_factory.mktemp("widget-chart")
    rasa = RestRasa()
    env = base_env(JOBBCOACH_VAR=str(work), JOBBCOACH_DB_URL=fresh_store_url(work, "jobbcoach.db"),
                   JOBBCOACH_CHECK_IN_POLL_SECONDS="0", JOBBCOACH_TRACKER_DB=str(work / "tracker.db"))
    web = start_web_app(work, env, rasa.url, "widget-chart-rasa-token", name="web-chart", port=free_port())
    yield web.url
    web.stop()
    rasa.close()


def test_the_demand_answer_s_chart_is_drawn_as_labelled_rows(web_url):
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 390, "height": 800}, locale="sv-SE")
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            ("http://127.0.0.1", "data:")) else route.abort())
        page = context.new_page()
        page.set_default_timeout(60_000)
        widget = WidgetPage(page).open(web_url)
        widget.input.fill("vad söker arbetsgivare i Kiruna just nu?")
        widget.input.press("Enter")
        chart = page.get_by_role("list", name="Diagram")
        expect(chart).to_be_visible()
        rows = chart.get_by_role("listitem")
        expect(rows).to_have_count(3)
        assert [r.inner_text().split("\n") for r in rows.all()] == [
            [bar["label"], str(bar["value"])] for bar in BARS]
        meters = chart.locator("meter")
        assert [(m.get_attribute("value"), m.get_attribute("max")) for m in meters.all()] == [
            ("12", "12"), ("7", "12"), ("2", "12")]
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert axe_violations(page, ".jc-root") == []
        browser.close()
