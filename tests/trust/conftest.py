"""The trust tests' own stack: real Rasa, action server and web app, with a fault proxy between Rasa
and the action server so a test can keep a message "in flight" for as long as it needs.

Module-scoped where possible would start Rasa once per file; session scope starts it once for
all of tests/trust (about a minute of model loading).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.support.fault_proxy import FaultProxy
from tests.support.servers import (
    TEST_RASA_TOKEN,
    RasaConfig,
    ServerProcess,
    base_env,
    free_port,
    latest_model,
    start_action_server,
    start_rasa_server,
)
from tests.support.web import start_web_app

ADMIN = ("trust-admin", "ett-långt-admin-lösenord-77")


@dataclass
class TrustStack:
    rasa: ServerProcess
    actions: ServerProcess
    web: ServerProcess
    proxy: FaultProxy
    work: Path
    db_url: str
    tracker_url: str
    env: dict[str, str]


@pytest.fixture(scope="session")
def trust_stack(test_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrustStack]:
    work = tmp_path_factory.mktemp("trust")
    db_url = f"sqlite:///{work / 'jobbcoach.db'}"
    env = base_env(JOBBCOACH_VAR=str(work), JOBBCOACH_INDEX=str(test_index), JOBBCOACH_DB_URL=db_url,
                   JOBBCOACH_TRACKER_DB=str(work / "tracker.db"), JOBBCOACH_NOW="2026-11-27T12:00:00",
                   JOBBCOACH_RASA_TOKEN=TEST_RASA_TOKEN)
    env.pop("JOBBCOACH_TRACKER_DB_URL", None)
    rasa_port = free_port()
    env["JOBBCOACH_RASA_URL"] = f"http://127.0.0.1:{rasa_port}"  # the action server erases through Rasa
    servers: list = []
    try:
        actions = start_action_server(work, env)
        servers.append(actions)
        proxy = FaultProxy(f"{actions.url}").start()
        config = RasaConfig(model=latest_model(), action_url=f"{proxy.url}/webhook", work_dir=work)
        rasa = start_rasa_server(config, {**env, "JOBBCOACH_ACTION_TIMEOUT": "30"}, port=rasa_port)
        servers.append(rasa)
        web = start_web_app(work, env, rasa.url, TEST_RASA_TOKEN)
        servers.append(web)
        yield TrustStack(rasa, actions, web, proxy, work, db_url, f"sqlite:///{work / 'tracker.db'}", env)
    finally:
        for server in reversed(servers):
            server.stop()


def widget_id() -> str:
    return secrets.token_hex(16)


class ConsoleUser:
    """A logged-in console session over real HTTP (cookies, CSRF token)."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=90, follow_redirects=False)
        self.csrf = ""

    def login(self, username: str, password: str) -> None:
        page = self.http.get("/console/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        answer = self.http.post("/console/login", data={"username": username, "password": password,
                                                        "csrf_token": token, "next": "/console/"})
        assert answer.status_code == 303, answer.text
        account = self.http.get("/console/account")
        self.csrf = re.search(r'name="csrf_token" value="([^"]+)"', account.text).group(1)

    def post(self, path: str, data: dict) -> httpx.Response:
        return self.http.post(path, data={"csrf_token": self.csrf, **data})


@pytest.fixture(scope="session")
def admin(trust_stack: TrustStack) -> Iterator[ConsoleUser]:
    from web.console import auth
    from web.console.db import console_db

    with console_db(trust_stack.db_url) as session:
        auth.create_user(session, *ADMIN, "admin")
    user = ConsoleUser(trust_stack.web.url)
    user.login(*ADMIN)
    yield user
    user.http.close()
