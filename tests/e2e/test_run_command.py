"""The README's run command, for real: `scripts/run.sh` (what `make run` calls) brings every service
up on embedded defaults, the bot answers a job search over REST with ads and links, and Ctrl-C
stops everything it started.

Ports are moved off the defaults (JOBBCOACH_*_PORT) so the test cannot collide with a running
assistant; the index is the session's test index, so no network is needed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time

import httpx
import pytest

from tests.support.bot import Jobseeker
from tests.support.servers import REPO, base_env, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.model]


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def as_in_a_terminal() -> None:
    """Ctrl-C's signal as a terminal delivers it. A test run started in the background of a
    non-interactive shell (`… &` in a CI script) inherits SIGINT ignored, and bash cannot trap a
    signal ignored when it started: the run command's Ctrl-C handling would go untested."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def service_logs(logs, tail: int = 1500) -> str:
    """The end of each service's log, so a failure to come up says which service and why."""
    return "".join(f"\n--- {log.name} ---\n{log.read_text(errors='replace')[-tail:]}"
                   for log in sorted(logs.glob("*.log")))


def start_run_command(test_index, work, ports: dict[str, int], output, **settings: str) -> subprocess.Popen:
    """`scripts/run.sh` as a user starts it, on the embedded defaults under `work` (plus `settings`),
    printing to `output`."""
    env = base_env(
        JOBBCOACH_VAR=str(work), JOBBCOACH_INDEX=str(test_index), JOBBCOACH_NOW="2026-11-27T12:00:00",
        JOBBCOACH_RASA_PORT=str(ports["rasa"]), JOBBCOACH_ACTION_PORT=str(ports["actions"]),
        JOBBCOACH_WEB_PORT=str(ports["web"]), JOBBCOACH_SYNC_SECONDS="0",  # no JobStream: no traffic leaves the machine
        **settings,
    )
    for name in ("JOBBCOACH_DB_URL", "JOBBCOACH_TRACKER_DB", "JOBBCOACH_ACTION_URL", "JOBBCOACH_RASA_URL",
                 "JOBBCOACH_RASA_TOKEN", "JOBBCOACH_ACTION_TOKEN"):
        env.pop(name, None)
    with open(output, "wb") as out:
        return subprocess.Popen(["bash", "scripts/run.sh"], cwd=REPO, env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
                                preexec_fn=as_in_a_terminal)


def came_up(process: subprocess.Popen, output, deadline: float) -> bool:
    """Whether the run command said it is running before it stopped or the deadline passed (then it
    is stopped, so a failed start leaves nothing behind)."""
    while "Jobbcoach is running" not in output.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):  # it stopped by itself: nothing left to stop
                os.killpg(process.pid, signal.SIGINT)
                process.wait(timeout=60)
            return False
        time.sleep(1)
    return True


@pytest.fixture(scope="module")
def running_assistant(test_index, tmp_path_factory):
    for attempt in (1, 2):
        work = tmp_path_factory.mktemp("run-command")
        output = tmp_path_factory.mktemp("run-command-output") / "run.out"  # the test's file, not run-time data
        ports = {"rasa": free_port(), "actions": free_port(), "web": free_port()}
        process = start_run_command(test_index, work, ports, output)
        if came_up(process, output, deadline=time.monotonic() + 420):
            break
        printed = output.read_text(errors="replace")
        # free_port's port can be taken by another worker's server before ours binds it: once more
        if attempt == 1 and "address already in use" in printed.lower():
            continue
        pytest.fail(f"the run command did not come up:\n{printed[-4000:]}{service_logs(work / 'logs')}")
    yield process, ports, work, output
    if process.poll() is None:  # the Ctrl-C test failed: TERM runs the same clean-up (the services
        os.killpg(process.pid, signal.SIGTERM)  # have process groups of their own, which KILL misses)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def test_the_bot_answers_with_ads_from_the_index(running_assistant):
    _, ports, work, output = running_assistant
    printed = output.read_text()
    assert f"http://127.0.0.1:{ports['web']}/" in printed and f"{ports['rasa']}/webhooks/rest/webhook" in printed
    token = (work / "rasa_token").read_text().strip()
    jobseeker = Jobseeker(f"http://127.0.0.1:{ports['rasa']}", sender="run-command-test", token=token)
    text = jobseeker.say_text("jag söker jobb som elektriker i Umeå")
    assert "https://arbetsformedlingen.se/platsbanken/annonser/" in text, text
    # Embedded defaults: the conversation went into the SQLite tracker store under var/.
    assert (work / "tracker.db").stat().st_size > 0
    assert (work / "rasa_token").read_text().strip()
    assert httpx.get(f"http://127.0.0.1:{ports['web']}/", timeout=30).status_code == 200
    assert httpx.get(f"http://127.0.0.1:{ports['web']}/api/health", timeout=30).status_code == 200


def test_the_run_command_prints_one_line_per_step(running_assistant):
    """Not pip's, Rasa's and the index build's output (about 1,150 lines once): a line per step, and
    the details in var/logs/<step>.log."""
    _, _, work, output = running_assistant
    printed = output.read_text(errors="replace").splitlines()
    assert len(printed) < 40, "\n".join(printed)
    for step, title in (("migrate", "database schema"), ("train", "Rasa model"), ("index", "job-ads index")):
        assert any(line.startswith(f"[{step}] {title}") and line.endswith(" s)") for line in printed), printed
        assert (work / "logs" / f"{step}.log").exists()


def private(path) -> bool:
    """Nobody but the owner may read, write or enter it."""
    return path.stat().st_mode & 0o077 == 0


def test_run_time_data_is_private_and_no_secret_is_on_a_command_line(running_assistant):
    _, _, work, _ = running_assistant
    assert private(work), oct(work.stat().st_mode)
    everything = [p for p in work.rglob("*") if not p.is_symlink()]
    databases = [p for p in everything if p.suffix == ".db" or p.name.endswith((".db-wal", ".db-shm"))]
    assert {p.name for p in databases} >= {"tracker.db", "jobbcoach.db"}
    assert not [str(p) for p in everything if (p.is_file() or p.is_dir()) and not private(p)]
    secrets = [(work / name).read_text().strip() for name in ("rasa_token", "action_token", "internal_token")]
    command_lines = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert all(secret and secret not in command_lines for secret in secrets)


def test_ctrl_c_stops_everything_it_started(running_assistant):
    process, ports, _, _ = running_assistant
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
    process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while any(listening(port) for port in ports.values()) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not [name for name, port in ports.items() if listening(port)]


def test_a_service_that_cannot_start_is_named_with_the_end_of_its_log(test_index, tmp_path):
    """Something else holds the web app's port: the run command stops, says which service and why
    (uvicorn's own words, from its log), and leaves none of the others running."""
    ports = {"rasa": free_port(), "actions": free_port(), "web": free_port()}
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", ports["web"]))
        squatter.listen()
        process = start_run_command(test_index, tmp_path / "var", ports, tmp_path / "run.out")
        try:
            assert process.wait(timeout=300) != 0
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    printed = (tmp_path / "run.out").read_text(errors="replace")
    assert "the web service stopped" in printed, printed
    assert "address already in use" in printed.lower(), printed
    deadline = time.monotonic() + 30
    while listening(ports["actions"]) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not listening(ports["actions"]) and not listening(ports["rasa"])
