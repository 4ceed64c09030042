"""The run command's two-process layout, for real: `JOBBCOACH_RASA_PROCESSES=2 scripts/run.sh` starts
Redis, two Rasa processes and HAProxy in front of them on the Rasa port; a conversation through the
balancer is served by both processes and keeps its context; Ctrl-C stops all of it.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import socket
import time

import pytest

from tests.e2e.test_run_command import came_up, listening, service_logs, start_run_command
from tests.support.bot import Jobseeker
from tests.support.servers import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.model]


def served_by_each_process(stats_socket) -> dict[str, int]:
    """HTTP sessions HAProxy sent to each Rasa process, from its stats socket ("show stat")."""
    with socket.socket(socket.AF_UNIX) as sock:
        sock.connect(str(stats_socket))
        sock.sendall(b"show stat\n")
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    rows = csv.DictReader(io.StringIO(raw.decode().lstrip("# ")))
    return {row["svname"]: int(row["stot"]) for row in rows if row["svname"].startswith("rasa-")}


@pytest.fixture(scope="module")
def scaled_assistant(test_index, tmp_path_factory):
    work = tmp_path_factory.mktemp("run-scaled")
    output = tmp_path_factory.mktemp("run-scaled-output") / "run.out"
    ports = {name: free_port() for name in ("rasa", "actions", "web", "redis", "rasa-1", "rasa-2")}
    process = start_run_command(test_index, work, ports, output, JOBBCOACH_RASA_PROCESSES="2",
                                JOBBCOACH_REDIS_PORT=str(ports["redis"]),
                                JOBBCOACH_RASA_BACKEND_PORTS=f"{ports['rasa-1']},{ports['rasa-2']}")
    if not came_up(process, output, deadline=time.monotonic() + 420):
        pytest.fail(f"the run command did not come up:\n{output.read_text(errors='replace')[-4000:]}"
                    f"{service_logs(work / 'logs')}")
    yield process, ports, work
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def test_one_conversation_through_the_balancer_is_served_by_both_processes(scaled_assistant):
    _, ports, work = scaled_assistant
    token = (work / "rasa_token").read_text().strip()
    jobseeker = Jobseeker(f"http://127.0.0.1:{ports['rasa']}", sender="scaled-run", token=token)
    first = jobseeker.say_text("jag söker jobb som elektriker i Umeå")
    assert "https://arbetsformedlingen.se/platsbanken/annonser/" in first, first
    more = jobseeker.say_text("visa fler")  # only the search the other process kept gives "more"
    assert "platsbanken/annonser/" in more or re.search(r"alla .*hittade", more), more
    for text in ("hej", "vad kan du hjälpa mig med?", "tack"):
        assert jobseeker.say_text(text).strip()
    served = served_by_each_process(work / "haproxy.sock")
    assert set(served) == {"rasa-1", "rasa-2"} and all(served.values()), served


def test_ctrl_c_stops_the_balancer_redis_and_both_processes(scaled_assistant):
    process, ports, _ = scaled_assistant
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while any(listening(port) for port in ports.values()) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not [name for name, port in ports.items() if listening(port)]
