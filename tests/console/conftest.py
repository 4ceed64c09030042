"""Fixtures of the console's tests: temp databases, a tracker store with Rasa's schema, accounts and
logged-in HTTP clients on the web app."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from store.db import engine_for
from tests.console.tracker_rows import TrackerRows
from tests.support.servers import APP_PYTHON, REPO
from tests.support.store_db import fresh_store_url
from web.app import create_app
from web.console import auth
from web.console.db import console_db

ADMIN_PASSWORD = "admin-lösenord-123"
CASEWORKER_PASSWORD = "handläggare-lösen-456"


@dataclass
class ConsoleEnv:
    tmp: Path
    db_url: str
    tracker_path: Path
    tracker: TrackerRows


@cache
def _store_with_accounts() -> Path:
    """A store at head holding the admin and the caseworker, made once per test process: argon2
    hashing (about 130 ms a password, on purpose) made two accounts in every console test cost more
    than the test itself."""
    directory = Path(tempfile.mkdtemp(prefix="jobbcoach-console-accounts-"))
    url = fresh_store_url(directory, "store.db")
    make_user("admin", ADMIN_PASSWORD, "admin", url)
    make_user("anna", CASEWORKER_PASSWORD, "caseworker", url)
    engine_for(url).dispose()  # closing the last connection folds the WAL into the file we copy
    return directory / "store.db"


@pytest.fixture
def console_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> ConsoleEnv:
    if "accounts" in request.fixturenames:
        shutil.copyfile(_store_with_accounts(), tmp_path / "jobbcoach.db")
        db_url = f"sqlite:///{tmp_path / 'jobbcoach.db'}"
    else:
        db_url = fresh_store_url(tmp_path, "jobbcoach.db")
    tracker_path = tmp_path / "tracker.db"
    monkeypatch.setenv("JOBBCOACH_DB_URL", db_url)
    monkeypatch.setenv("JOBBCOACH_TRACKER_DB", str(tracker_path))
    monkeypatch.delenv("JOBBCOACH_TRACKER_DB_URL", raising=False)
    monkeypatch.delenv("JOBBCOACH_RETENTION_DAYS", raising=False)
    monkeypatch.setenv("JOBBCOACH_RASA_URL", "http://127.0.0.1:9")  # nothing listens: Rasa "down"
    monkeypatch.setenv("JOBBCOACH_RASA_TOKEN", "test-token")
    return ConsoleEnv(tmp_path, db_url, tracker_path, TrackerRows(tracker_path))


def console_cli(*arguments: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """`python -m web.console …` as an administrator runs it, in this test's environment."""
    return subprocess.run(
        [str(APP_PYTHON), "-m", "web.console", *arguments],
        input=stdin, capture_output=True, text=True, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60,
    )


def make_user(username: str, password: str, role: str, url: str | None = None) -> None:
    with console_db(url) as session:
        auth.create_user(session, username, password, role)


@pytest.fixture
def accounts(console_env: ConsoleEnv) -> dict[str, str]:
    """The admin and the caseworker, already in console_env's store (copied from _store_with_accounts)."""
    return {"admin": ADMIN_PASSWORD, "anna": CASEWORKER_PASSWORD}


class Console:
    """A TestClient session of one caseworker: knows its CSRF token."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.csrf = ""

    def login(self, username: str, password: str, expect_ok: bool = True):
        page = self.client.get("/console/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.client.post(
            "/console/login",
            data={"username": username, "password": password, "csrf_token": token, "next": "/console/"},
            follow_redirects=False,
        )
        if expect_ok:
            assert response.status_code == 303, response.text
            self.refresh_csrf()
        return response

    def refresh_csrf(self) -> str:
        page = self.client.get("/console/account")
        self.csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.csrf

    def post(self, path: str, data: dict | None = None, **kwargs):
        return self.client.post(
            path, data={"csrf_token": self.csrf, **(data or {})}, follow_redirects=False, **kwargs
        )

    def get(self, path: str, **kwargs):
        return self.client.get(path, follow_redirects=False, **kwargs)


@pytest.fixture
def app(console_env: ConsoleEnv) -> FastAPI:
    return create_app()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


@pytest.fixture
def new_console(app: FastAPI):
    clients: list[TestClient] = []

    def factory() -> Console:
        test_client = TestClient(app, base_url="http://testserver")
        clients.append(test_client)
        return Console(test_client)

    yield factory
    for test_client in clients:
        test_client.close()


@pytest.fixture
def admin(accounts, new_console) -> Console:
    console = new_console()
    console.login("admin", ADMIN_PASSWORD)
    return console


@pytest.fixture
def caseworker(accounts, new_console) -> Console:
    console = new_console()
    console.login("anna", CASEWORKER_PASSWORD)
    return console
