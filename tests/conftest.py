"""Session-wide fixtures: a small matching index and one running stack of real servers.

Loading a Rasa model takes about a minute, so every end-to-end test shares the stack started here.
Each test talks as its own jobseeker (its own sender id), which keeps tests independent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from jobbcoach_settings import get_settings
from jobbcoach_settings.wiring import configure_packages
from tests.support import servers
from tests.support.bot import Jobseeker
from tests.support.servers import (
    SHARED,
    TEST_RASA_TOKEN,
    RasaConfig,
    ServerProcess,
    base_env,
    free_port,
    latest_model,
    start_action_server,
    start_rasa_server,
)
from tests.support.test_indexes import cached_index

ADS_SAMPLE = SHARED / "data" / "ads" / "ads-sample.jsonl"
TAXONOMY_DIR = SHARED / "data" / "jobtech" / "taxonomy"
# "Now" for every test that depends on it: the day the shared ads sample is relative to.
PINNED_NOW = "2026-11-27T12:00:00"
# Municipalities whose every ad goes into the test index: enough for searches, demand and paging.
TEST_INDEX_MUNICIPALITIES = "Umeå,Linköping,Malmö,Stockholm,Göteborg"


# What `make test-fast` leaves to `make test`: tests that start servers or a browser, and the few
# marked slow (a second ML stack to import).
NOT_FAST_MARKERS = ("e2e", "browser", "server", "slow")
MODULE_MARK = re.compile(r"^pytestmark\s*=.*\bmark\.(" + "|".join(NOT_FAST_MARKERS) + r")\b", re.M)


# Tests that need the trained Rasa model: those on the session's stack or the trust stack, and those
# marked `model` (they start a Rasa server of their own). `make test` runs the others while the model
# trains (--phase before-model), then these (--phase with-model): scripts/test.sh.
MODEL_FIXTURES = frozenset({"stack", "trust_stack"})
PHASES = ("all", "before-model", "with-model")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--fast", action="store_true",
                     help="only the tests that start no server (make test-fast): leaves out e2e, browser, server, slow")
    parser.addoption("--phase", choices=PHASES, default="all",
                     help="before-model: the tests that need no trained Rasa model (run beside the training); "
                          "with-model: the others")


def pytest_configure(config: pytest.Config) -> None:
    servers.FAST_MODE = config.getoption("--fast")
    servers.MODEL_FORBIDDEN = config.getoption("--phase") == "before-model"


def needs_model(item: pytest.Item) -> bool:
    return bool(item.get_closest_marker("model")) or not MODEL_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """In --fast mode a module marked as a whole is not even imported (Playwright, schemathesis and
    the server helpers cost seconds to import)."""
    if config.getoption("--fast") and collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        return bool(MODULE_MARK.search(collection_path.read_text("utf-8"))) or None
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    phase = config.getoption("--phase")
    fast = config.getoption("--fast")

    def left_out(item: pytest.Item) -> bool:
        if fast and any(item.get_closest_marker(m) for m in NOT_FAST_MARKERS):
            return True
        if phase == "all":
            return False
        return needs_model(item) != (phase == "with-model")

    deselected = [item for item in items if left_out(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        left = set(deselected)
        items[:] = [item for item in items if item not in left]


@pytest.fixture(scope="session", autouse=True)
def wired_packages() -> None:
    """store/ and jobmatch/ follow the settings (and so each test's environment), as in the servers."""
    configure_packages()


@pytest.fixture(scope="session")
def ads_sample() -> Path:
    if not ADS_SAMPLE.exists():
        pytest.fail(f"The shared ads sample is missing at {ADS_SAMPLE}; tests need ../shared beside the repo.")
    return ADS_SAMPLE


@pytest.fixture(scope="session")
def test_index(ads_sample: Path) -> Path:
    """A real matching index built by the project's own CLI from part of the shared sample, kept in
    var/test-cache between runs (tests/support/test_indexes.py). JOBBCOACH_TEST_INDEX names another."""
    return get_settings().test_index or cached_index(ads_sample, TEST_INDEX_MUNICIPALITIES)


@dataclass
class Stack:
    """The running servers of one test session and the settings they share."""

    rasa: ServerProcess
    actions: ServerProcess
    rasa_token: str
    db_url: str
    tracker_db: Path
    env: dict[str, str]

    @property
    def rasa_url(self) -> str:
        return self.rasa.url

    def jobseeker(self, sender: str | None = None) -> Jobseeker:
        return Jobseeker(self.rasa.url, sender) if sender else Jobseeker(self.rasa.url)


@pytest.fixture(scope="session")
def stack(test_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Rasa server + action server on free loopback ports, SQLite tracker and user store in a temp dir."""
    work = tmp_path_factory.mktemp("stack")
    db_url = f"sqlite:///{work / 'jobbcoach.db'}"
    env = base_env(
        JOBBCOACH_VAR=str(work), JOBBCOACH_INDEX=str(test_index), JOBBCOACH_DB_URL=db_url,
        JOBBCOACH_NOW=PINNED_NOW,
        # The tracker the Rasa server below writes (see RasaConfig.write_endpoints): named here too, so
        # an exported JOBBCOACH_TRACKER_DB (scripts/env.sh) cannot point the action server elsewhere.
        JOBBCOACH_TRACKER_DB=str(work / "tracker.db"),
        # The dialogue suite runs six conversations at once beside another test worker on 2 cores; an
        # action queued behind them may take longer than the 15 s a live bot allows. Speed is measured
        # in the benchmarks (make bench-load), and the give-up path itself in tests/faults.
        JOBBCOACH_ACTION_TIMEOUT="45",
    )
    # The action server asks Rasa to erase a conversation ("radera mina uppgifter"), so it must know
    # where Rasa will listen and hold its token.
    rasa_port = free_port()
    env.update(JOBBCOACH_RASA_URL=f"http://127.0.0.1:{rasa_port}", JOBBCOACH_RASA_TOKEN=TEST_RASA_TOKEN)
    model = latest_model()  # before any server starts: without a model none is left running
    actions = start_action_server(work, env)
    config = RasaConfig(model=model, action_url=f"{actions.url}/webhook", work_dir=work)
    try:
        rasa = start_rasa_server(config, env, port=rasa_port)
    except Exception:
        actions.stop()
        raise
    yield Stack(rasa, actions, config.token, db_url, work / "tracker.db", env)
    rasa.stop()
    actions.stop()


@pytest.fixture
def jobseeker(stack: Stack) -> Jobseeker:
    """A new jobseeker (fresh sender id) talking to the shared stack."""
    return stack.jobseeker()
