"""Fixtures for the matching tests: one real index built from part of the shared ad sample.

The index is built once per session through the real CLI (`python -m jobmatch build`) with the
default embedder, from every ad in three municipalities (~750 hits, ~370 open), which keeps the
suite to a minute or so on 2 cores while exercising the same code as a full build.
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path

import pytest

from tests.support.test_indexes import cached_index

REPO = Path(__file__).resolve().parents[2]
SHARED = (REPO / ".." / "shared").resolve()
SAMPLE = SHARED / "data" / "ads" / "ads-sample.jsonl"
FIXTURES = Path(__file__).with_name("fixtures")
NOW = datetime(2026, 11, 27, 12, 0, 0)
TEST_MUNICIPALITIES = "Umeå,Linköping,Luleå"


def sample_hits(municipalities: set[str] | None = None, limit: int | None = None) -> list[dict]:
    if not SAMPLE.exists():
        pytest.skip(f"shared ad sample not found at {SAMPLE}")
    hits = []
    with SAMPLE.open(encoding="utf-8") as fh:
        for line in fh:
            hit = json.loads(line)
            if municipalities and hit["workplace_address"]["municipality"] not in municipalities:
                continue
            hits.append(hit)
            if limit and len(hits) >= limit:
                break
    return hits


def private_tempdir(prefix: str):
    """A temp dir of our own: pytest's basetemp is shared with other test runs on this machine,
    whose clean-up may remove or re-permission it while we use it."""
    return Path(tempfile.mkdtemp(prefix=prefix))


@pytest.fixture(scope="session")
def built_index():
    """Built through the CLI once, then kept between runs (tests/support/test_indexes.py)."""
    if not SAMPLE.exists():
        pytest.skip(f"shared ad sample not found at {SAMPLE}")
    return cached_index(SAMPLE, TEST_MUNICIPALITIES)


@pytest.fixture(scope="session")
def service(built_index):
    from jobmatch.service import MatchService
    svc = MatchService(index_dir=built_index)
    svc.search  # noqa: B018 — nothing loads until used
    return svc
