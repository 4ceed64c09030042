"""A fresh index reaches a running server: a sync publishes a new version while requests keep
coming over real HTTP; every request succeeds, and the new ads are found without a restart."""

from __future__ import annotations

import copy
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from jobmatch.ads import ad_from_hit
from jobmatch.embedders import make_embedder
from jobmatch.ingest import ingest
from jobmatch.local_store import CURRENT, LocalStore
from jobmatch.service import MatchService
from tests.support.servers import free_port
from web.match_api import create_match_app

from .conftest import private_tempdir, sample_hits

NEW_HEADLINE = "Zebraskötare till savannhuset"


def _build(directory: Path, hits: list[dict]) -> None:
    store = LocalStore(directory)
    try:
        ingest(store, make_embedder("hashing"), [ad_from_hit(h) for h in hits], replace=True, progress=False)
        store.finalize()
    finally:
        store.close()


def test_sync_swaps_the_index_under_load_without_a_failed_request(monkeypatch):
    monkeypatch.setenv("JOBBCOACH_NOW", "2026-11-27T12:00:00")
    # the three hammering threads are one client (127.0.0.1): lift its rate limit, it is not under test
    monkeypatch.setenv("JOBBCOACH_RATE_MATCH", "1000000/minute")
    hits = [h for h in sample_hits(limit=400) if not h.get("removed")][:150]
    directory = private_tempdir("jobmatch-swap-") / "index"
    _build(directory, hits)
    first_version = (directory / CURRENT).read_text()

    service = MatchService(index_dir=directory, embedder_spec="hashing")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_match_app(service), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    statuses: list[int] = []
    stop = threading.Event()

    def hammer() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            while not stop.is_set():
                for q in ("zebraskötare", "snickare", "lager", "jobba med barn"):
                    statuses.append(client.get("/api/match", params={"q": q}).status_code)

    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        workers = [threading.Thread(target=hammer) for _ in range(3)]
        for w in workers:
            w.start()
        time.sleep(1.0)
        assert httpx.get(f"http://127.0.0.1:{port}/api/ads/999000111", timeout=30).status_code == 404

        fresh = copy.deepcopy(hits[0])
        fresh.update(id="999000111", headline=NEW_HEADLINE)
        _build(directory, [*hits[1:], fresh])  # what a sync does: ingest, then publish a new version
        assert (directory / CURRENT).read_text() != first_version

        found = False
        for _ in range(100):
            r = httpx.get(f"http://127.0.0.1:{port}/api/ads/999000111", timeout=30)
            if r.status_code == 200 and r.json()["headline"] == NEW_HEADLINE:
                found = True
                break
            time.sleep(0.2)
        time.sleep(0.5)
    finally:
        stop.set()
        for w in workers:
            w.join(timeout=30)
        server.should_exit = True
        thread.join(timeout=10)
    assert found, "the running server never saw the new index"
    assert service.swaps >= 1
    assert len(statuses) > 20 and set(statuses) == {200}, sorted(set(statuses))
