"""Read side of the embedded index: one snapshot version in memory, retrieval in numpy.

Loaded from the snapshot LocalStore.finalize wrote (versions/<v>/, named by CURRENT). It filters
and retrieves candidates (backend.MatchIndex); jobmatch.ranking scores them.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path

import numpy as np
from threadpoolctl import ThreadpoolController

from .ads import Ad
from .backend import group_centroids, group_key, mean_direction
from .bm25 import BM25Index
from .compact_text import keyword_text
from .demand import demand_sqlite
from .filters import Columns, build_mask
from .insight import InsightSQL, sqlite_runner
from .local_store import CURRENT
from .query import SearchQuery
from .ranking import DEPTH, MEANING_GROUPS, Candidates

# Above this many candidate ads, the dense retrieval is two-stage: a 96-dimensional PCA projection
# of the vectors (4x less memory to stream) preselects PRESELECT ads, which are then scored exactly.
# Measured at 100k ads, one BLAS thread: full product 22 ms, projection 6 ms. (PostgreSQL uses its
# HNSW index from the same size on: both backends are exact below it, approximate above.)
EXACT_UP_TO = 20_000
PCA_DIMS = 96
PRESELECT = 3_000

# Matrix-vector products in one BLAS thread: on a busy 2-core machine OpenBLAS's second thread made
# a 100k x 96 product 3x slower (19.6 ms vs 6.0 ms); a query is too small to share.
_BLAS = ThreadpoolController()


def _one_blas_thread():
    try:
        return _BLAS.limit(limits=1, user_api="blas")
    except Exception:  # no BLAS found by threadpoolctl: run as configured
        return nullcontext()


class IndexNotFoundError(RuntimeError):
    """No usable index in the configured directory."""


def snapshot_dir(directory: Path) -> tuple[Path, str]:
    """The snapshot directory CURRENT names (or the directory itself for an old flat index)."""
    pointer = directory / CURRENT
    if pointer.exists():
        version = pointer.read_text("utf-8").strip()
        return directory / "versions" / version, version
    return directory, "flat"


def latest_version(directory: Path) -> str:
    try:
        return (directory / CURRENT).read_text("utf-8").strip()
    except OSError:
        return "flat"


def _check_database(path: Path) -> None:
    """The shared database (demand counts, the next build's embedding cache) must open; sqlite3 reads a
    file only at the first query, so ask it one, or a damaged file shows up only at the first demand."""
    db = sqlite3.connect(path)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        db.close()


class LocalIndex:
    def __init__(self, ids: list[str], ads: list[Ad], vectors: np.ndarray, bm25: BM25Index,
                 model: str, directory: Path | None = None, skills: list[list[str]] | None = None,
                 version: str = "memory") -> None:
        self.ids = ids
        self.ads = ads
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.bm25 = bm25
        self.model = model
        self.directory = directory
        self._version = version
        self.skills = [frozenset(s) for s in (skills if skills is not None else [[] for _ in ads])]
        self.columns = Columns.from_ads(ads)
        self.row_of = {ad_id: i for i, ad_id in enumerate(ids)}
        self.group_names, self.group_of, self.centroids = group_centroids([group_key(a) for a in ads], self.vectors)
        self.group_rows = self._rows_by_group()
        self._projection = None
        if len(ids) > EXACT_UP_TO:
            self._projected()  # at load, not on the first query

    def _rows_by_group(self) -> dict[str, np.ndarray]:
        order = np.argsort(self.group_of, kind="stable")
        bounds = np.searchsorted(self.group_of[order], np.arange(len(self.group_names) + 1))
        return {name: order[bounds[i]:bounds[i + 1]] for i, name in enumerate(self.group_names)}

    # --- loading ------------------------------------------------------------------------------
    @classmethod
    def load(cls, directory: str | Path) -> LocalIndex:
        directory = Path(directory)
        snap, version = snapshot_dir(directory)
        if not (snap / "ids.json").exists() or not (directory / "meta.sqlite").exists():
            raise IndexNotFoundError(
                f"no jobmatch index in {directory}; build one with "
                f"`python -m jobmatch build --source <ads.jsonl> --index {directory}`")
        try:
            _check_database(directory / "meta.sqlite")
            ids = json.loads((snap / "ids.json").read_text("utf-8"))
            if (snap / "ads.jsonl").exists():
                with (snap / "ads.jsonl").open(encoding="utf-8") as fh:
                    by_id = {a.id: a for a in (Ad.from_dict(json.loads(line)) for line in fh)}
                model = (snap / "model").read_text("utf-8").strip()
            else:  # an index written before snapshots were versioned
                db = sqlite3.connect(directory / "meta.sqlite")
                try:
                    by_id = {i: Ad.from_dict(json.loads(j)) for i, j in db.execute("SELECT id, json FROM ads")}
                    model = (db.execute("SELECT value FROM info WHERE key='model'").fetchone() or [""])[0]
                finally:
                    db.close()
            skills = json.loads((snap / "skills.json").read_text("utf-8")) if (snap / "skills.json").exists() else None
            vectors = np.load(snap / "vectors.npy")
            bm25 = BM25Index.load(snap)
        except (OSError, ValueError, KeyError, TypeError, sqlite3.Error) as error:
            raise IndexNotFoundError(
                f"the jobmatch index in {directory} is damaged ({type(error).__name__}: {error}); rebuild it "
                f"with `python -m jobmatch build --source <ads.jsonl> --index {directory}`") from error
        missing = [i for i in ids if i not in by_id]
        if missing or len(vectors) != len(ids):
            raise IndexNotFoundError(f"index in {directory} is inconsistent ({len(missing)} ids without metadata, "
                                     f"{len(vectors)} vectors for {len(ids)} ids); rerun `python -m jobmatch build`")
        return cls(ids, [by_id[i] for i in ids], vectors, bm25, model, directory, skills, version)

    @property
    def version(self) -> str:
        return self._version

    def latest_version(self) -> str:
        return latest_version(self.directory) if self.directory is not None else self._version

    def __len__(self) -> int:
        return len(self.ids)

    # --- benchmark helpers --------------------------------------------------------------------
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
        clone._version = self._version
        clone.skills = (self.skills * times)[:size]
        cols = self.columns.tile(times)
        clone.columns = type(cols)(**{k: (v[:size] if isinstance(v, np.ndarray) else v)
                                      for k, v in cols.__dict__.items()})
        clone.group_names, clone.centroids = self.group_names, self.centroids
        clone.group_of = np.tile(self.group_of, times)[:size]
        clone.group_rows = clone._rows_by_group()
        clone._projection = None
        clone.row_of = {ad_id: i for i, ad_id in enumerate(ids)}
        if size > EXACT_UP_TO:
            clone._projected()
        return clone

    def head(self, n: int) -> LocalIndex:
        """The first n ads as their own index (benchmarks at smaller sizes); BM25 is rebuilt for them."""
        ads = self.ads[:n]
        bm25 = BM25Index.from_texts(keyword_text(a) for a in ads)
        return LocalIndex(self.ids[:n], ads, self.vectors[:n], bm25, self.model, self.directory,
                          [sorted(s) for s in self.skills[:n]], self._version)

    def memory_bytes(self) -> int:
        b = self.bm25
        cols = sum(v.nbytes for v in self.columns.__dict__.values() if isinstance(v, np.ndarray))
        return int(self.vectors.nbytes + b.docs.nbytes + b.weights.nbytes + b.ptr.nbytes + b.idf.nbytes + cols)

    def get(self, ad_id: str) -> Ad | None:
        row = self.row_of.get(ad_id)
        return None if row is None else self.ads[row]

    # --- retrieval ----------------------------------------------------------------------------
    def _projected(self):
        """(basis [dim, k], vectors projected [n, k]) for large indexes."""
        if self._projection is None:
            rng = np.random.default_rng(0)
            sample = self.vectors[rng.choice(len(self.vectors), min(len(self.vectors), 5000), replace=False)]
            centred = (sample - sample.mean(axis=0)).astype(np.float64)
            _, eigvecs = np.linalg.eigh(centred.T @ centred)  # ascending eigenvalues
            basis = np.ascontiguousarray(eigvecs[:, ::-1][:, :PCA_DIMS], dtype=np.float32)
            self._projection = (basis, np.ascontiguousarray(self.vectors @ basis, dtype=np.float32))
        return self._projection

    def _dense_top(self, rows: np.ndarray, q: np.ndarray, depth: int, approx: np.ndarray | None) -> np.ndarray:
        """The `depth` rows nearest q: exact below EXACT_UP_TO ads; above, the PRESELECT best by the
        PCA approximation (computed once per query for all ads, `approx`) are scored exactly."""
        if rows.size == 0:
            return rows
        with _one_blas_thread():
            if approx is not None and rows.size > PRESELECT:
                rows = rows[np.argpartition(-approx[rows], PRESELECT - 1)[:PRESELECT]]
            sims = self.vectors[rows] @ q
        return _top(rows, sims, depth)

    def _approx(self, q: np.ndarray) -> np.ndarray | None:
        if len(self.ids) <= EXACT_UP_TO:
            return None
        basis, projected = self._projected()
        with _one_blas_thread():
            return projected @ (basis.T @ q)

    def nearest_groups(self, qvec: np.ndarray, n: int) -> list[str]:
        if not len(self.group_names):
            return []
        sims = self.centroids @ qvec
        best = np.argsort(-sims, kind="stable")[:n]
        return [self.group_names[i] for i in best if not self.group_names[i].startswith("_")]

    def _in_groups(self, rows_mask: np.ndarray, groups: Sequence[str]) -> np.ndarray:
        parts = [self.group_rows[g] for g in dict.fromkeys(groups) if g in self.group_rows]
        if not parts:
            return np.zeros(0, np.int64)
        rows = np.sort(np.concatenate(parts))  # groups are disjoint: no duplicates to remove
        return rows[rows_mask[rows]]

    def candidates(self, query: SearchQuery, qvecs: np.ndarray | None, keyword_text: str,
                   groups: Sequence[str], mode: str = "hybrid", depth: int = DEPTH) -> Candidates:
        mask = build_mask(self.columns, query)
        filtered = np.flatnonzero(mask)
        picked: list[np.ndarray] = []
        q = mean_direction(qvecs) if qvecs is not None else None
        approx = self._approx(q) if q is not None and filtered.size else None
        if filtered.size and q is not None and mode in ("hybrid", "dense"):
            picked.append(self._dense_top(filtered, q, depth, approx))
            near = self._in_groups(mask, self.nearest_groups(q, MEANING_GROUPS))
            picked.append(self._dense_top(near, q, depth, approx))
        bm = None
        if filtered.size and mode in ("hybrid", "bm25") and keyword_text:
            bm = self.bm25.scores(keyword_text)
            hits = filtered[bm[filtered] > 0]
            picked.append(_top(hits, bm[hits], depth))
        if filtered.size and groups and mode == "hybrid":
            named = self._in_groups(mask, groups)
            if named.size and q is not None:
                named = self._dense_top(named, q, depth, approx)
            elif named.size:
                named = named[np.argsort(-self.columns.published[named], kind="stable")][:depth]
            picked.append(named)
        rows = np.unique(np.concatenate(picked)) if picked else np.zeros(0, np.int64)
        cands = self._features(rows, qvecs, bm, int(filtered.size))
        cands.known_words = self.bm25.known_terms(keyword_text) if keyword_text else 0
        return cands

    def _features(self, rows: np.ndarray, qvecs: np.ndarray | None, bm: np.ndarray | None,
                  filtered: int) -> Candidates:
        if qvecs is not None and rows.size:
            sims = self.vectors[rows] @ qvecs.T
            group_sims = self.centroids[self.group_of[rows]] @ qvecs.T
        else:
            sims = group_sims = np.zeros((rows.size, 0), np.float32)
        bm25 = bm[rows] if bm is not None else np.zeros(rows.size, np.float32)
        return Candidates([self.ads[r] for r in rows], sims, group_sims, bm25,
                          [self.skills[r] for r in rows], filtered)

    def count_by(self, query: SearchQuery, groups: Sequence[str], key: str) -> dict[str, int]:
        mask = build_mask(self.columns, query)
        if key == "ssyk" and groups:  # per group: a sum over the group's rows, no Python loop over ads
            counts = {g: int(mask[self.group_rows[g]].sum()) for g in dict.fromkeys(groups) if g in self.group_rows}
            return {g: n for g, n in counts.items() if n}
        rows = self._in_groups(mask, groups) if groups else np.flatnonzero(mask)
        attr = "municipality_code" if key == "municipality" else "ssyk"
        return dict(Counter(getattr(self.ads[r], attr) for r in rows))

    def newest(self, query: SearchQuery, limit: int, offset: int) -> tuple[list[Ad], int]:
        rows = np.flatnonzero(build_mask(self.columns, query))
        order = sorted(rows.tolist(), key=lambda r: (-self.columns.published[r], self.ids[r]))
        return [self.ads[r] for r in order[offset:offset + limit]], int(rows.size)

    def demand(self, municipality_code, region_code, now, top):
        if self.directory is None:
            raise IndexNotFoundError("this in-memory index has no history table")
        return demand_sqlite(self.directory / "meta.sqlite", municipality_code, region_code, now, top)

    def insight(self) -> InsightSQL:
        """The insight queries over this index's history tables (one object, so its answers cache)."""
        if self.directory is None:
            raise IndexNotFoundError("this in-memory index has no history table")
        if getattr(self, "_insight", None) is None:
            path = self.directory / "meta.sqlite"
            # An index built before insight existed has no skills table until its next sync or build:
            # the groups are answered meanwhile, the skills are empty.
            has_skills = sqlite_runner(path)("SELECT name FROM sqlite_master WHERE name='history_skills'", [])
            self._insight = InsightSQL(sqlite_runner(path), "history", "history_skills" if has_skills else None, "?")
        return self._insight


def _top(rows: np.ndarray, scores: np.ndarray, depth: int) -> np.ndarray:
    """The `depth` rows with the best scores, best first (ties: the lower row, i.e. the lower id)."""
    if rows.size == 0:
        return rows
    part = np.argpartition(-scores, depth - 1)[:depth] if rows.size > depth else np.arange(rows.size)
    order = part[np.lexsort((rows[part], -scores[part]))]
    return rows[order]
