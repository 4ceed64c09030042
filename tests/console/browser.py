"""Real servers and a real browser for the console's browser tests.

The web app runs as its own uvicorn process on a free loopback port; Chromium is Debian's
/usr/bin/chromium driven by the playwright package (never `playwright install`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from migrations import upgrade
from tests.support.servers import ServerProcess, base_env
from tests.support.web import start_web_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class ConsoleServer:
    process: ServerProcess
    db_url: str

    @property
    def url(self) -> str:
        return self.process.url

    def stop(self) -> None:
        self.process.stop()


def start_console_server(work_dir: Path, db_url: str, tracker_db: Path, rasa_url: str,
                         rasa_token: str | None = None, extra_env: dict[str, str] | None = None) -> ConsoleServer:
    """The project's web app (console inside) on its own store and tracker store."""
    environment = base_env(JOBBCOACH_VAR=str(work_dir), JOBBCOACH_DB_URL=db_url, JOBBCOACH_TRACKER_DB=str(tracker_db),
                           **(extra_env or {}))
    return ConsoleServer(start_web_app(work_dir, environment, rasa_url, rasa_token, name="console-web"), db_url)


def create_account(db_url: str, username: str, password: str, role: str) -> None:
    from web.console import auth
    from web.console.db import console_db

    upgrade(db_url)  # the server may not have started yet
    with console_db(db_url) as session:
        auth.create_user(session, username, password, role)


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/console/conversations")
    assert "/console/login" in page.url  # anonymous: sent to the login page
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/console/conversations**")
