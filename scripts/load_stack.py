"""The run command's stack for the load bench: `scripts/run.sh` in a temporary var/ on free loopback
ports, with one or several Rasa processes, and the resident memory of each service it started.

Why the run command and not servers started one by one: what a site runs is what is measured (the
balancer, Redis, the web app, the tracker store in WAL mode), and the two layouts differ only in
JOBBCOACH_RASA_PROCESSES.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from tests.support.servers import REPO, free_port


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += _children(current)
    return found


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _label(pid: int) -> str:
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [a.decode(errors="replace") for a in args if a]
    line = " ".join(words)
    if "bot.rasa_main" in line:
        return f"rasa :{words[words.index('-p') + 1]}" if "-p" in words else "rasa"
    for needle, name in (("actions.serve", "action server"), ("uvicorn", "web app"), ("redis-server", "redis"),
                         ("haproxy", "haproxy"), ("jobmatch", "sync")):
        if needle in line:
            return name
    return Path(words[0]).name if words else "?"


class RunCommandStack:
    """`scripts/run.sh` with `processes` Rasa processes; a context manager that stops it with Ctrl-C."""

    def __init__(self, processes: int, index: Path, env: dict[str, str]) -> None:
        self.processes = processes
        self.work = Path(tempfile.mkdtemp(prefix=f"jobbcoach-load-{processes}p-"))
        self.ports = {"rasa": free_port(), "actions": free_port(), "web": free_port()}
        settings = {
            "JOBBCOACH_VAR": str(self.work), "JOBBCOACH_INDEX": str(index), "JOBBCOACH_SYNC_SECONDS": "0",
            "JOBBCOACH_RASA_PORT": str(self.ports["rasa"]), "JOBBCOACH_ACTION_PORT": str(self.ports["actions"]),
            "JOBBCOACH_WEB_PORT": str(self.ports["web"]), "JOBBCOACH_RASA_PROCESSES": str(processes),
        }
        if processes > 1:
            backends = [free_port() for _ in range(processes)]
            settings |= {"JOBBCOACH_REDIS_PORT": str(free_port()),
                         "JOBBCOACH_RASA_BACKEND_PORTS": ",".join(map(str, backends))}
        self.env = {**env, **settings}
        for name in ("JOBBCOACH_DB_URL", "JOBBCOACH_TRACKER_DB", "JOBBCOACH_ACTION_URL", "JOBBCOACH_RASA_URL",
                     "JOBBCOACH_RASA_TOKEN", "JOBBCOACH_ACTION_TOKEN"):
            self.env.pop(name, None)
        self.output = self.work.parent / f"{self.work.name}.out"
        self.process: subprocess.Popen | None = None

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['rasa']}"

    def token(self) -> str:
        return (self.work / "rasa_token").read_text().strip()

    def __enter__(self) -> RunCommandStack:
        with open(self.output, "wb") as out:
            self.process = subprocess.Popen(["bash", "scripts/run.sh"], cwd=REPO, env=self.env, stdout=out,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        started = time.monotonic()
        while "Jobbcoach is running" not in self.output.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() - started > 600:
                self.__exit__()
                raise RuntimeError(f"the run command did not come up:\n{self.output.read_text()[-3000:]}")
            time.sleep(1)
        self.start_seconds = round(time.monotonic() - started, 1)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)  # what Ctrl-C sends: run.sh stops what it started
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)

    def services(self) -> dict[str, list[int]]:
        """Each service run.sh started, by name, with the pids of its process tree."""
        assert self.process
        return {_label(child): _tree(child) for child in _children(self.process.pid)}

    def rasa_pids(self) -> list[int]:
        return [pids[0] for name, pids in self.services().items() if name.startswith("rasa")]

    def rss_mb(self) -> dict[str, float]:
        """Resident memory of each service (its whole process tree), MB."""
        return {name: round(sum(_rss_mb(p) for p in pids), 1) for name, pids in sorted(self.services().items())}
