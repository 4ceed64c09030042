"""The typed interface both index backends implement (embedded files, PostgreSQL + pgvector).

A backend filters and retrieves; it never scores. `candidates()` returns the union of the dense
top (ad vectors nearest the query), the ads of the groups whose centroid is nearest, the keyword
top and the ads of the groups the words named, each with the same raw features (ranking.Candidates),
and jobmatch.ranking turns them into one ranking, identically for every backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

import numpy as np

from .ads import Ad
from .insight import InsightSQL
from .query import SearchQuery
from .ranking import DEPTH, Candidates


@runtime_checkable
class MatchIndex(Protocol):
    model: str

    def __len__(self) -> int: ...

    @property
    def version(self) -> str:
        """The snapshot this object answers from (changes when a sync publishes a new one)."""
        ...

    def latest_version(self) -> str:
        """The newest published snapshot: cheap, asked before requests to notice a sync."""
        ...

    def get(self, ad_id: str) -> Ad | None: ...

    def candidates(self, query: SearchQuery, qvecs: np.ndarray | None, keyword_text: str,
                   groups: Sequence[str], mode: str = "hybrid", depth: int = DEPTH) -> Candidates: ...

    def count_by(self, query: SearchQuery, groups: Sequence[str], key: str) -> dict[str, int]:
        """Ads passing the query's filters (in `groups`, if given) counted per "municipality" or "ssyk"."""
        ...

    def newest(self, query: SearchQuery, limit: int, offset: int) -> tuple[list[Ad], int]:
        """Filters only, nothing to match on: newest ads first, and how many pass."""
        ...

    def nearest_groups(self, qvec: np.ndarray, n: int) -> list[str]:
        """SSYK codes of the n groups whose centroid is nearest the query vector."""
        ...

    def demand(self, municipality_code: str | None, region_code: str | None, now: datetime,
               top: int) -> dict[str, Any]: ...

    def insight(self) -> InsightSQL:
        """The labour-market insight queries over this backend's history tables (jobmatch.insight)."""
        ...


def group_key(ad: Ad) -> str:
    """The key an ad's group centroid is kept under (its SSYK code; an ungrouped ad is its own)."""
    return ad.ssyk or ad.group_id or f"_{ad.id}"


def group_centroids(keys: Sequence[str], vectors: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(sorted group keys, row → group position, unit centroids [groups, dim]) from ad vectors."""
    if len(keys) == 0:
        return [], np.zeros(0, np.int64), np.zeros((0, vectors.shape[1] if vectors.ndim == 2 else 0), np.float32)
    names, group_of = np.unique(np.array(keys, object), return_inverse=True)
    centroids = np.zeros((len(names), vectors.shape[1]), np.float32)
    np.add.at(centroids, group_of, vectors)
    norms = np.linalg.norm(centroids, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return [str(n) for n in names], group_of.astype(np.int64), (centroids / norms).astype(np.float32)


def mean_direction(qvecs: np.ndarray) -> np.ndarray:
    """One retrieval vector for several query vectors (a CV's chunks): their normalised mean."""
    q = qvecs.mean(axis=0) if len(qvecs) > 1 else qvecs[0]
    return (q / (np.linalg.norm(q) or 1.0)).astype(np.float32)
