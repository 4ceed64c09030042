"""Fixtures for the widget's browser tests: the real web app in front of the shared Rasa stack, and
Debian's headless Chromium driven by playwright (never a downloaded browser, never the network)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.support.servers import ServerProcess
from tests.support.web import start_web_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DESKTOP = {"width": 1100, "height": 800}


@pytest.fixture(scope="module")
def web_app(stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The web app (uvicorn web.app:app) talking to the shared stack's Rasa server with its token."""
    server = start_web_app(tmp_path_factory.mktemp("web"), stack.env, stack.rasa_url, stack.rasa_token)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile per test: empty localStorage means a new jobseeker."""
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE")
    # Anything leaving 127.0.0.1 would be a bug in the page (a CDN, a font, a tracker): refuse it.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("http://127.0.0.1", "data:")) else route.abort())
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(60_000)  # a bot answer after a custom action can take seconds on 2 cores
    return page
