"""jobmatch's own configuration: plain values its callers hand in (it imports nothing of ours).

The web app and the action server fill it from the project's settings object at start-up
(jobbcoach_settings.wiring); `python -m jobmatch` fills it from its command line; tests construct
one. Nothing in jobmatch reads the environment.

    from jobmatch import config
    config.configure(lambda: config.MatchConfig(index_dir=Path("var/index"), clock=my_clock))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

DEFAULT_INDEX_DIR = Path(__file__).resolve().parents[1] / "var" / "index"


def real_time() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class MatchConfig:
    index_dir: Path = DEFAULT_INDEX_DIR
    embedder: str | None = None          # backend spec (embedders.make_embedder); None: the index's own
    store_url: str | None = None         # PostgreSQL URL of the pgvector store instead of index_dir
    jobsearch_url: str | None = None     # None: the public JobTech APIs
    jobstream_url: str | None = None
    jobtech_api_key: str | None = None
    clock: Callable[[], datetime] = field(default=real_time)  # "now" for open ads and demand windows

    def __post_init__(self) -> None:
        object.__setattr__(self, "index_dir", Path(self.index_dir or DEFAULT_INDEX_DIR))


_provider: Callable[[], MatchConfig] = MatchConfig


def configure(provider: Callable[[], MatchConfig] | MatchConfig) -> None:
    """Set where the configuration comes from: a MatchConfig, or a function asked each time (so a
    caller whose settings change, as in tests, is followed)."""
    global _provider
    _provider = provider if callable(provider) else (lambda: provider)


def current() -> MatchConfig:
    return _provider()
