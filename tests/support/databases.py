"""Real PostgreSQL (with pgvector) and Redis servers for tests, on free loopback ports.

PostgreSQL comes from the `pgserver` wheel, which ships PostgreSQL 16 with the pgvector extension
(Debian bookworm has no pgvector package). PostgreSQL refuses to run as root, so when the tests run
as root the server runs as `nobody` in a data directory it owns. Redis is Debian's redis-server.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import redis

from tests.support.servers import free_port, refuse_in_fast_mode


def postgres_bin_dir() -> Path:
    """The binaries inside the pgserver wheel (found without importing it: its import has side effects)."""
    spec = importlib.util.find_spec("pgserver")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The pgserver package is missing: run scripts/setup.sh")
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


def _run_as_postgres_user() -> dict:
    """Popen arguments that drop root to `nobody`; nothing when we are not root."""
    return {"user": "nobody", "group": "nogroup"} if os.geteuid() == 0 else {}


@dataclass
class PostgresServer:
    """A throwaway PostgreSQL cluster: initdb, start, hand out URLs, stop and delete."""

    data_dir: Path
    port: int
    process: subprocess.Popen | None = None
    user: str = "jobbcoach"

    @classmethod
    def start(cls) -> PostgresServer:
        refuse_in_fast_mode("PostgreSQL")
        # Not under pytest's tmp dir: that is private to root, and the server runs as nobody.
        base = Path(tempfile.mkdtemp(prefix="jobbcoach-pg-"))
        base.chmod(0o755)
        server = cls(data_dir=base / "data", port=free_port())
        if os.geteuid() == 0:
            shutil.chown(base, "nobody", "nogroup")
        subprocess.run(
            [str(postgres_bin_dir() / "initdb"), "-D", str(server.data_dir), "-U", server.user,
             "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
            check=True, capture_output=True, **_run_as_postgres_user(),
        )
        log = open(base / "postgres.log", "ab")  # noqa: SIM115 - owned by the server process
        server.process = subprocess.Popen(
            [str(postgres_bin_dir() / "postgres"), "-D", str(server.data_dir), "-p", str(server.port),
             "-h", "127.0.0.1", "-k", str(base), "-c", "fsync=off", "-c", "max_connections=200"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **_run_as_postgres_user(),
        )
        server.wait_ready()
        return server

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready = subprocess.run(
                [str(postgres_bin_dir() / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                capture_output=True,
            )
            if ready.returncode == 0:
                return
            if self.process and self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"PostgreSQL did not start:\n{self.log_tail()}")

    def log_tail(self) -> str:
        log = self.data_dir.parent / "postgres.log"
        return log.read_text(errors="replace")[-3000:] if log.exists() else "(no log)"

    def create_database(self, name: str) -> str:
        """Create a database and return its SQLAlchemy URL (psycopg 3 driver)."""
        subprocess.run(
            [str(postgres_bin_dir() / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, name],
            check=True, capture_output=True,
        )
        return self.url(name)

    def url(self, database: str, driver: str = "psycopg") -> str:
        return f"postgresql+{driver}://{self.user}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # "fast" shutdown: ends open sessions
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)

    def restart(self) -> None:
        """Stop and start the same cluster on the same port: clients must reconnect."""
        assert self.process is not None
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=20)
        log = open(self.data_dir.parent / "postgres.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(postgres_bin_dir() / "postgres"), "-D", str(self.data_dir), "-p", str(self.port),
             "-h", "127.0.0.1", "-k", str(self.data_dir.parent), "-c", "fsync=off", "-c", "max_connections=200"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **_run_as_postgres_user(),
        )
        self.wait_ready()


@dataclass
class RedisServer:
    """A Debian redis-server on a free loopback port, without persistence."""

    port: int
    process: subprocess.Popen

    @classmethod
    def start(cls) -> RedisServer:
        refuse_in_fast_mode("Redis")
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            raise RuntimeError("redis-server is not installed: run scripts/setup.sh --test")
        port = free_port()
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        server = cls(port, process)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if redis.Redis(host="127.0.0.1", port=port).ping():
                    return server
            except redis.ConnectionError:
                time.sleep(0.1)
        server.stop()
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
