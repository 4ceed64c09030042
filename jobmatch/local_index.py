"""Read side of the embedded index: everything in memory, hybrid search in numpy.

Loaded once per process from the snapshot files written by LocalStore.finalize.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .ads import Ad
from .bm25 import BM25Index
from .filters import Columns, build_mask, occupation_mask
from .fusion import rrf

DENSE_MARGIN = 0.06
# Share of an ad's dense score taken from its occupation group's centroid. Colloquial queries
# ("jobba med barn") match the idea of an occupation better than any single ad's wording; the
# group centroid (mean of the group's ad vectors, from the index itself) carries that idea.
# Measured on the eval set (1.4k-ad subset): dense p@10 0.42 → 0.50 at 0.5.
GROUP_BLEND = 0.5
KEYWORD_WEIGHT = 0.5  # RRF weight of the BM25 ranking relative to the dense one
# Above this many candidate ads, dense scoring is two-stage: a 96-dimensional PCA projection of the
# vectors (4x less memory to stream) preselects PRESELECT ads, which are then scored exactly.
# Measured at 100k ads, one BLAS thread: full product 22 ms, projection 6 ms.
EXACT_UP_TO = 20_000
PCA_DIMS = 96
PRESELECT = 3_000


class _SingleThreadBlas:
    """Matrix-vector products in one BLAS thread: on a busy 2-core machine OpenBLAS's second
    thread made a 100k x 96 product 3x slower (19.6 ms vs 6.0 ms); a query is too small to share."""

    def __init__(self) -> None:
        try:
            from threadpoolctl import ThreadpoolController
            self._controller = ThreadpoolController()
        except Exception:  # threadpoolctl missing: run as configured
            self._controller = None

    def __call__(self):
        from contextlib import nullcontext
        return self._controller.limit(limits=1, user_api="blas") if self._controller else nullcontext()


_single_thread = None   # a dense hit counts toward `total` within this cosine of the best one
MIN_DEPTH = 100
MAX_DEPTH = 1000


class IndexNotFoundError(RuntimeError):
    """No usable index in the configured directory."""


@dataclass
class Ranked:
    """One page of a fused ranking: (ad, score) best first, and how many ads matched in all."""
    items: list[tuple[Ad, float]]
    total: int


class LocalIndex:
    def __init__(self, ids: list[str], ads: list[Ad], vectors: np.ndarray, bm25: BM25Index,
                 model: str, directory: Path | None = None) -> None:
        self.ids = ids
        self.ads = ads
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.bm25 = bm25
        self.model = model
        self.directory = directory
        self.columns = Columns.from_ads(ads)
        self.row_of = {ad_id: i for i, ad_id in enumerate(ids)}
        self._group_centroids()
        self._projection = None
        if len(ids) > EXACT_UP_TO:
            self._projected()  # at load, not on the first query

    def _projected(self):
        """(basis [dim, k], vectors projected [n, k]); built on first use for large indexes."""
        if self._projection is None:
            rng = np.random.default_rng(0)
            sample = self.vectors[rng.choice(len(self.vectors), min(len(self.vectors), 5000), replace=False)]
            centred = (sample - sample.mean(axis=0)).astype(np.float64)
            _, eigvecs = np.linalg.eigh(centred.T @ centred)  # ascending eigenvalues
            basis = np.ascontiguousarray(eigvecs[:, ::-1][:, :PCA_DIMS], dtype=np.float32)
            self._projection = (basis, np.ascontiguousarray(self.vectors @ basis, dtype=np.float32))
        return self._projection

    def _preselect(self, candidates: np.ndarray, qvecs: np.ndarray) -> np.ndarray:
        """The PRESELECT candidates with the best approximate blended dense score (PCA projection)."""
        basis, projected = self._projected()
        q = (qvecs.mean(axis=0) if len(qvecs) > 1 else qvecs[0]).astype(np.float32)
        approx = projected @ (basis.T @ q)
        if GROUP_BLEND and len(self.centroids):
            approx = (1 - GROUP_BLEND) * approx + GROUP_BLEND * (self.centroids @ q)[self.group_of]
        if candidates.size < len(self.ids):
            keep = np.zeros(len(self.ids), bool)
            keep[candidates] = True
            approx = np.where(keep, approx, -np.inf)
        best = np.argpartition(-approx, PRESELECT - 1)[:PRESELECT]
        return np.sort(best[np.isfinite(approx[best])])

    def _group_centroids(self) -> None:
        keys = np.array([a.ssyk or a.group_id or f"_{a.id}" for a in self.ads], object)
        if len(keys) == 0:
            self.group_of = np.zeros(0, np.int64)
            self.centroids = np.zeros((0, self.vectors.shape[1] if self.vectors.ndim == 2 else 0), np.float32)
            return
        _, self.group_of = np.unique(keys, return_inverse=True)
        centroids = np.zeros((int(self.group_of.max()) + 1, self.vectors.shape[1]), np.float32)
        np.add.at(centroids, self.group_of, self.vectors)
        norms = np.linalg.norm(centroids, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        self.centroids = centroids / norms

    @classmethod
    def load(cls, directory: str | Path) -> LocalIndex:
        directory = Path(directory)
        if not (directory / "ids.json").exists() or not (directory / "meta.sqlite").exists():
            raise IndexNotFoundError(
                f"no jobmatch index in {directory}; build one with "
                f"`python -m jobmatch build --source <ads.jsonl> --index {directory}`")
        try:
            ids = json.loads((directory / "ids.json").read_text("utf-8"))
            db = sqlite3.connect(directory / "meta.sqlite")
            try:
                by_id = {i: Ad.from_dict(json.loads(j)) for i, j in db.execute("SELECT id, json FROM ads")}
                model = (db.execute("SELECT value FROM info WHERE key='model'").fetchone() or [""])[0]
            finally:
                db.close()
            vectors = np.load(directory / "vectors.npy")
            bm25 = BM25Index.load(directory)
        except (OSError, ValueError, KeyError, TypeError, sqlite3.Error) as error:
            raise IndexNotFoundError(
                f"the jobmatch index in {directory} is damaged ({type(error).__name__}: {error}); rebuild it "
                f"with `python -m jobmatch build --source <ads.jsonl> --index {directory}`") from error
        missing = [i for i in ids if i not in by_id]
        if missing or len(vectors) != len(ids):
            raise IndexNotFoundError(f"index in {directory} is inconsistent ({len(missing)} ids without metadata, "
                                     f"{len(vectors)} vectors for {len(ids)} ids); rerun `python -m jobmatch build`")
        return cls(ids, [by_id[i] for i in ids], vectors, bm25, model, directory)

    def __len__(self) -> int:
        return len(self.ids)

    def tiled(self, size: int) -> LocalIndex:
        """A copy of `size` ads: the ads repeated under new ids (latency benchmarks only)."""
        times = -(-size // len(self.ids))
        ids = [f"{i}-{k}" if k else i for k in range(times) for i in self.ids][:size]
        clone = object.__new__(LocalIndex)
        clone.ids = ids
        clone.ads = (self.ads * times)[:size]
        clone.vectors = np.ascontiguousarray(np.tile(self.vectors, (times, 1))[:size])
        clone.bm25 = self.bm25.tile(times, size)
        clone.model = self.model
        clone.directory = None
        cols = self.columns.tile(times)
        clone.columns = type(cols)(**{k: (v[:size] if isinstance(v, np.ndarray) else v)
                                      for k, v in cols.__dict__.items()})
        clone.group_of = np.tile(self.group_of, times)[:size]
        clone.centroids = self.centroids
        clone._projection = None
        clone.row_of = {ad_id: i for i, ad_id in enumerate(ids)}
        return clone

    def head(self, n: int) -> LocalIndex:
        """The first n ads as their own index (benchmarks at smaller sizes); BM25 is rebuilt for them."""
        from .compact_text import keyword_text
        ads = self.ads[:n]
        bm25 = BM25Index.from_texts(keyword_text(a) for a in ads)
        return LocalIndex(self.ids[:n], ads, self.vectors[:n], bm25, self.model, self.directory)

    def memory_bytes(self) -> int:
        b = self.bm25
        cols = sum(v.nbytes for v in self.columns.__dict__.values() if isinstance(v, np.ndarray))
        return int(self.vectors.nbytes + b.docs.nbytes + b.weights.nbytes + b.ptr.nbytes + b.idf.nbytes + cols)

    def get(self, ad_id: str) -> Ad | None:
        row = self.row_of.get(ad_id)
        return None if row is None else self.ads[row]

    @staticmethod
    def _top(scores: np.ndarray, candidates: np.ndarray, depth: int) -> np.ndarray:
        """Row numbers of the `depth` best candidates, best first."""
        if candidates.size == 0:
            return candidates
        sub = scores[candidates]
        if candidates.size > depth:
            part = np.argpartition(-sub, depth - 1)[:depth]
        else:
            part = np.arange(candidates.size)
        order = part[np.argsort(-sub[part], kind="stable")]
        return candidates[order]

    def rank(self, query, qvecs: np.ndarray | None, keyword_text: str, limit: int, offset: int,
             mode: str = "hybrid", chunk_weights: np.ndarray | None = None) -> Ranked:
        """Fused ranking of the rows passing the query's filters.

        qvecs: one or more query vectors (several for a chunked CV: combined as 0.7·max + 0.3·mean).
        mode: "hybrid", "dense" or "bm25" (the last two for evaluation).
        """
        mask = build_mask(self.columns, query)
        candidates = np.flatnonzero(mask)
        depth = min(max(offset + limit, MIN_DEPTH), MAX_DEPTH)
        rankings: list[tuple[list[int], float]] = []
        counted = np.zeros(len(self.ids), bool)
        dense = None
        if mode in ("hybrid", "dense") and qvecs is not None and candidates.size:
            global _single_thread
            if _single_thread is None:
                _single_thread = _SingleThreadBlas()
            with _single_thread():
                pool = self._preselect(candidates, qvecs) if candidates.size > EXACT_UP_TO else candidates
                if pool.size < len(self.ids) // 2:
                    sims = self.vectors[pool] @ qvecs.T
                else:
                    sims = (self.vectors @ qvecs.T)[pool]
            sims = sims.reshape(pool.size, -1)
            combined = sims[:, 0] if sims.shape[1] == 1 else 0.7 * sims.max(axis=1) + 0.3 * sims.mean(axis=1)
            if GROUP_BLEND and len(self.centroids):
                gs = (self.centroids @ qvecs.T).reshape(len(self.centroids), -1)
                gsc = gs[:, 0] if gs.shape[1] == 1 else 0.7 * gs.max(axis=1) + 0.3 * gs.mean(axis=1)
                combined = (1 - GROUP_BLEND) * combined + GROUP_BLEND * gsc[self.group_of[pool]]
            dense = np.full(len(self.ids), -np.inf, np.float32)
            dense[pool] = combined
            top_dense = self._top(dense, pool, depth)
            rankings.append((top_dense.tolist(), 1.0))
            best = dense[top_dense[0]]
            counted[pool[combined >= best - DENSE_MARGIN]] = True
        bm_rows: list[int] = []
        if mode in ("hybrid", "bm25") and candidates.size:
            bm = self.bm25.scores(keyword_text)
            hits = candidates[bm[candidates] > 0]
            if hits.size:
                bm_rows = self._top(bm, hits, depth).tolist()
                rankings.append((bm_rows, KEYWORD_WEIGHT if mode == "hybrid" else 1.0))
                counted[hits] = True
        if query.occupation_id and not query.occupation_filter and candidates.size and mode == "hybrid":
            in_occ = candidates[occupation_mask(self.columns, query.occupation_id)[candidates]]
            if in_occ.size:
                order = self._top(dense, in_occ, depth) if dense is not None else in_occ[:depth]
                rankings.append((order.tolist(), 1.0))
                counted[in_occ] = True
        if not rankings:
            if qvecs is None and candidates.size and not self.bm25.query_terms(keyword_text):
                # Nothing to match on (filters only): newest ads first.
                order = candidates[np.argsort(-self.columns.published[candidates], kind="stable")]
                page = order[offset:offset + limit]
                return Ranked([(self.ads[r], 1.0) for r in page], int(candidates.size))
            return Ranked([], 0)
        fused = rrf(rankings)
        ordered = sorted(fused.items(), key=lambda kv: -kv[1])
        page = ordered[offset:offset + limit]
        total = int(max(counted.sum(), 1))
        return Ranked([(self.ads[r], float(s)) for r, s in page], total)

    def demand(self, municipality_code, region_code, now, top):
        from .demand import demand_sqlite
        if self.directory is None:
            raise IndexNotFoundError("this in-memory index has no history table")
        return demand_sqlite(self.directory / "meta.sqlite", municipality_code, region_code, now, top)
