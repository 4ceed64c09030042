"""The e5 featurizer's vector caches: the committed seed beneath the local cache."""

import numpy as np
import pytest

from nlu.components import e5_featurizer


def _write(path, vectors: dict[str, np.ndarray]) -> None:
    np.savez(path, **{e5_featurizer.text_key(text): vector for text, vector in vectors.items()})


def test_a_text_in_the_seed_is_not_encoded_and_reads_as_float32(tmp_path, monkeypatch):
    seed = tmp_path / "seed.npz"
    _write(seed, {"jag söker jobb": np.full(384, 0.5, np.float16)})
    monkeypatch.setattr(e5_featurizer, "_e5", lambda threads=None: pytest.fail("encoded"))
    cache = e5_featurizer.VectorCache(tmp_path / "local.npz", seed=seed)
    vectors = e5_featurizer.encode(["jag söker jobb"], cache)
    assert vectors.dtype == np.float32 and vectors.shape == (1, 384) and vectors[0, 0] == 0.5
    assert not cache.dirty  # nothing new: the local cache is not rewritten


def test_the_seed_wins_over_the_local_cache_and_new_texts_are_encoded(tmp_path, monkeypatch):
    """The seed's vector, as a fresh clone would read it, even where a local cache has another."""
    seed, local = tmp_path / "seed.npz", tmp_path / "local.npz"
    _write(seed, {"hej": np.ones(384, np.float16), "tack": np.zeros(384, np.float16)})
    _write(local, {"hej": np.full(384, 3.0, np.float32)})

    class FakeE5:
        def query(self, texts):
            return [np.full(384, 2.0) for _ in texts]

    monkeypatch.setattr(e5_featurizer, "_e5", lambda threads=None: FakeE5())
    cache = e5_featurizer.VectorCache(local, seed=seed)
    vectors = e5_featurizer.encode(["hej", "tack", "ny mening"], cache)
    assert [float(v[0]) for v in vectors] == [1.0, 0.0, 2.0]
    cache.save()
    reread = e5_featurizer.VectorCache(local, seed=None)
    assert e5_featurizer.text_key("ny mening") in reread.vectors


def test_a_missing_or_broken_seed_only_costs_time(tmp_path):
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a numpy file")
    assert e5_featurizer.VectorCache(tmp_path / "none.npz", seed=broken).vectors == {}
    assert e5_featurizer.VectorCache(tmp_path / "none.npz", seed=tmp_path / "missing.npz").vectors == {}


def test_the_committed_seed_holds_384_dimensional_vectors():
    cache = e5_featurizer.VectorCache(e5_featurizer.SEED.with_name("no-local-cache.npz"))
    assert len(cache.vectors) > 1000
    assert {v.shape for v in cache.vectors.values()} == {(384,)}
