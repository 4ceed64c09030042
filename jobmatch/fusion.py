"""Reciprocal rank fusion: combine rankings without calibrating their scores.

BM25 scores and cosine similarities live on different scales; RRF uses only ranks,
score(d) = Σ_lists weight / (K + rank). K=60 is the customary constant; it keeps the
top of each list from drowning the others.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

RRF_K = 60


def rrf(rankings: Sequence[tuple[Sequence[Hashable], float]], k: int = RRF_K) -> dict[Hashable, float]:
    """rankings: (ids best first, weight) pairs → fused score per id, normalised so 1.0 = first everywhere."""
    fused: dict[Hashable, float] = {}
    best = sum(w for _, w in rankings) / (k + 1) or 1.0
    for ids, weight in rankings:
        for rank, item in enumerate(ids, 1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return {item: score / best for item, score in fused.items()}
