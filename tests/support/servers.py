"""Start the real Jobbcoach processes for tests: Rasa server, action server, web app.

Every server listens on a free port on 127.0.0.1 and writes its log to a file, so a failing start
shows the log's tail instead of a bare timeout. Loading a Rasa model takes about a minute, which is
why the test session shares one stack (see conftest.py) rather than starting one per test.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml

from jobbcoach_settings import get_settings
from scripts.fingerprint import fingerprint

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
RASA_PYTHON = REPO / ".venvs" / "rasa" / "bin" / "python"
APP_PYTHON = REPO / ".venvs" / "app" / "bin" / "python"
# One Rasa token and one action-server token per test session: every Rasa server a test starts
# takes them from its environment (never from its command line), and tests/support/bot.py sends it.
TEST_RASA_TOKEN = secrets.token_hex(16)
TEST_ACTION_TOKEN = secrets.token_hex(16)
ACTION_TOKEN_HEADER = "X-Jobbcoach-Action-Token"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(**overrides: str) -> dict[str, str]:
    """The environment every Jobbcoach process gets in tests: offline, quiet, repo importable."""
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONPATH=str(REPO),
        PYTHONUNBUFFERED="1",
        JOBBCOACH_ACTION_TOKEN=TEST_ACTION_TOKEN,
    )
    env.update(overrides)
    return env


# Set by `pytest --fast` (make test-fast): the fast subset starts no server, and a test that tries
# without its marker (e2e, browser, server) fails with a message saying so, instead of slowing it.
FAST_MODE = False


def refuse_in_fast_mode(what: str) -> None:
    if FAST_MODE:
        raise RuntimeError(f"this test starts {what}: mark it (pytestmark = pytest.mark.e2e, or "
                           "pytest.mark.server) so `make test-fast` leaves it to `make test`")


@dataclass
class ServerProcess:
    """A server we started: its process, address and log file."""

    name: str
    process: subprocess.Popen
    url: str
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def is_running(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 20) -> None:
        """Stop the whole process group: Sanic and uvicorn fork workers of their own."""
        if not self.is_running():
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass


def start_server(
    name: str,
    command: Sequence[str],
    url: str,
    ready: Callable[[httpx.Response], bool],
    ready_path: str,
    log_dir: Path,
    env: dict[str, str],
    timeout: float = 240,
) -> ServerProcess:
    """Start a process in its own group and wait until `ready_path` answers as `ready` expects."""
    refuse_in_fast_mode(name)
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}.log"
    log_file = open(log_path, "ab")  # noqa: SIM115 - the child process owns it for its lifetime
    process = subprocess.Popen(
        list(command), cwd=REPO, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, start_new_session=True,
    )
    server = ServerProcess(name, process, url, log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server.is_running():
            raise RuntimeError(f"{name} exited with {process.returncode}:\n{server.log_tail()}")
        try:
            response = httpx.get(url + ready_path, timeout=5)
            if ready(response):
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"{name} was not ready after {timeout:.0f} s:\n{server.log_tail()}")


def migrate_store(env: dict[str, str]) -> None:
    """`python -m migrations upgrade` in a server's environment, as the run command does first."""
    subprocess.run([str(APP_PYTHON), "-m", "migrations", "upgrade"], cwd=REPO, env=env, check=True,
                   capture_output=True, timeout=120)


def start_action_server(log_dir: Path, env: dict[str, str], port: int | None = None) -> ServerProcess:
    port = port or free_port()
    migrate_store(env)
    return start_server(
        "action-server",
        [str(APP_PYTHON), "-m", "actions.serve", "--actions", "actions", "--port", str(port)],
        f"http://127.0.0.1:{port}",
        ready=lambda r: r.status_code == 200,
        ready_path="/health",
        log_dir=log_dir,
        env={**env, "SANIC_HOST": "127.0.0.1"},
    )


@dataclass
class RasaConfig:
    """What a Rasa server in a test needs: model, channels, where actions and trackers live."""

    model: Path
    action_url: str
    work_dir: Path
    tracker_store: dict = field(default_factory=dict)
    lock_store: dict | None = None
    credentials: str = "bot.channels.rest.HardenedRestInput:\n"
    token: str = TEST_RASA_TOKEN
    extra_args: Sequence[str] = ()

    def write_endpoints(self) -> Path:
        endpoints: dict = {"action_endpoint": {"url": self.action_url,
                                               "headers": {ACTION_TOKEN_HEADER: TEST_ACTION_TOKEN}},
                           "nlg": {"type": "bot.nlg.MultilingualNLG"}}  # answers in the user's language
        endpoints["tracker_store"] = self.tracker_store or {
            "type": "SQL", "dialect": "sqlite", "db": str(self.work_dir / "tracker.db"),
        }
        if self.lock_store:
            endpoints["lock_store"] = self.lock_store
        path = self.work_dir / "endpoints.yml"
        path.write_text(yaml.safe_dump(endpoints))
        return path


def start_rasa_server(config: RasaConfig, env: dict[str, str], name: str = "rasa",
                      port: int | None = None) -> ServerProcess:
    """Start `rasa run` with the HTTP API behind a token; ready once /status names the model."""
    port = port or free_port()
    config.work_dir.mkdir(parents=True, exist_ok=True)
    credentials = config.work_dir / f"credentials-{name}.yml"
    credentials.write_text(config.credentials)
    command = [
        str(RASA_PYTHON), "-m", "bot.rasa_main", "run", "--model", str(config.model), "--endpoints", str(config.write_endpoints()),
        "--credentials", str(credentials), "--enable-api",
        "-i", "127.0.0.1", "-p", str(port), *config.extra_args,
    ]
    return start_server(
        name, command, f"http://127.0.0.1:{port}",
        ready=lambda r: r.status_code == 200 and bool(r.json().get("model_file")),
        ready_path=f"/status?token={config.token}",
        log_dir=config.work_dir, env={**env, "JOBBCOACH_RASA_TOKEN": config.token}, timeout=300,
    )


# Set by conftest.py while `make test` runs the tests that need no model beside the training
# (--phase before-model): a test that reaches for the model then is missing its `model` mark.
MODEL_FORBIDDEN = False


def latest_model() -> Path:
    """The model the test command trained (JOBBCOACH_MODEL), else the one trained from the current
    inputs (named after their fingerprint): never a stale model left by another checkout."""
    if MODEL_FORBIDDEN:
        raise RuntimeError("This test needs the trained Rasa model but runs before it exists "
                           "(--phase before-model): give it the `model` mark or use the `stack` fixture.")
    if model := get_settings().model:
        return model
    current = REPO / "models" / f"jobbcoach-{fingerprint()}.tar.gz"
    if not current.exists():
        raise RuntimeError(f"No model for the current training inputs ({current.name}): run `make test` "
                           "or scripts/train.sh first.")
    return current
