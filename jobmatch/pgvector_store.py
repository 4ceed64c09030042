"""PostgreSQL + pgvector behind the same interface as the embedded index.

For when one machine's memory is outgrown or several processes should share one index: ads,
vectors, the vector cache and the demand history live in PostgreSQL; dense search is pgvector's
cosine distance (`<=>`, HNSW index), the keyword side is PostgreSQL's own Swedish full-text search
(the same Snowball stemmer as the embedded BM25), and the rankings are fused by the same RRF.

If the server lacks the `vector` extension the store says so and falls back to `real[]` columns
with a SQL dot product ("array mode": correct, but a scan — for small installations and for
testing against a server where pgvector is not installed). `mode` tells which is in use.

Configured by JOBBCOACH_STORE=postgresql://user@host:port/db.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from contextlib import suppress
from datetime import datetime, timedelta

import numpy as np

from .ads import Ad
from .compact_text import keyword_text
from .demand import demand_from_rows
from .filters import EMPLOYMENT_ALIASES
from .fusion import rrf
from .local_index import DENSE_MARGIN, MAX_DEPTH, MIN_DEPTH, Ranked
from .query import BadQueryError, SearchQuery, resolve_now
from .swedish_text import STOPWORDS, fold, tokens

_WORD = re.compile(r"^[a-zåäöéü0-9]+$")


class PgVectorIndex:
    def __init__(self, url: str, dim: int = 384, connect_timeout: int = 10) -> None:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover
            raise RuntimeError("the PostgreSQL store needs the psycopg package") from exc
        self.url = url
        self.dim = dim
        self.db = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout)
        self.mode = self._ensure_schema()
        self.model = self.get_info("model") or ""

    # --- schema -------------------------------------------------------------------------------
    def _ensure_schema(self) -> str:
        cur = self.db.cursor()
        try:
            cur.execute("CREATE EXTENSION IF NOT EXISTS vector")
            mode = "pgvector"
        except Exception:
            mode = "array"
        vec_type = f"vector({self.dim})" if mode == "pgvector" else "real[]"
        cur.execute(f"""
            CREATE TABLE IF NOT EXISTS jm_ads (
              id text PRIMARY KEY, json jsonb NOT NULL, text_sha text NOT NULL, model text NOT NULL,
              municipality_code text, region_code text, extent text, remote boolean, employment text,
              employment_id text, published timestamp, deadline timestamp, occupation_id text,
              group_id text, ssyk text, embedding {vec_type} NOT NULL, tsv tsvector NOT NULL)""")
        cur.execute("CREATE TABLE IF NOT EXISTS jm_embedding_cache (model text, sha text, vec bytea NOT NULL, "
                    "PRIMARY KEY (model, sha))")
        cur.execute("CREATE TABLE IF NOT EXISTS jm_history (id text PRIMARY KEY, publication_date text, "
                    "occupation_id text, occupation_label text, group_id text, group_label text, ssyk text, "
                    "municipality_code text, region_code text)")
        cur.execute("CREATE TABLE IF NOT EXISTS jm_info (key text PRIMARY KEY, value text)")
        cur.execute("CREATE INDEX IF NOT EXISTS jm_ads_tsv ON jm_ads USING gin (tsv)")
        cur.execute("CREATE INDEX IF NOT EXISTS jm_ads_place ON jm_ads (municipality_code, region_code)")
        cur.execute("CREATE INDEX IF NOT EXISTS jm_history_place ON jm_history (municipality_code, region_code, "
                    "publication_date)")
        if mode == "pgvector":
            # HNSW needs pgvector >= 0.5; older versions scan exactly, which is still correct
            with suppress(Exception):
                cur.execute("CREATE INDEX IF NOT EXISTS jm_ads_hnsw ON jm_ads USING hnsw (embedding vector_cosine_ops)")
        else:
            cur.execute("CREATE OR REPLACE FUNCTION jm_dot(a real[], b real[]) RETURNS double precision "
                        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
                        "'SELECT sum(x * y) FROM unnest(a, b) AS t(x, y)'")
        return mode

    def _vec(self, v: np.ndarray):
        values = [float(x) for x in np.asarray(v, np.float32)]
        return "[" + ",".join(f"{x:.7g}" for x in values) + "]" if self.mode == "pgvector" else values

    def _sim_sql(self) -> str:
        return "(1 - (embedding <=> %(q)s::vector))" if self.mode == "pgvector" else "jm_dot(embedding, %(q)s::real[])"

    def close(self) -> None:
        self.db.close()

    # --- the Store protocol used by ingest ----------------------------------------------------
    def cached_vectors(self, model: str, shas: Sequence[str]) -> dict[str, np.ndarray]:
        rows = self.db.execute("SELECT sha, vec FROM jm_embedding_cache WHERE model=%s AND sha = ANY(%s)",
                               (model, list(set(shas)))).fetchall()
        return {sha: np.frombuffer(bytes(vec), np.float32) for sha, vec in rows}

    def put_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        with self.db.cursor() as cur:
            cur.executemany("INSERT INTO jm_embedding_cache VALUES (%s,%s,%s) ON CONFLICT (model, sha) "
                            "DO UPDATE SET vec = EXCLUDED.vec",
                            [(model, sha, np.asarray(v, np.float32).tobytes()) for sha, v in vectors.items()])

    def existing(self) -> dict[str, tuple[str, str]]:
        return {i: (sha, m) for i, sha, m in self.db.execute("SELECT id, text_sha, model FROM jm_ads")}

    def upsert_ads(self, rows: Iterable[tuple[Ad, str, str]]) -> None:
        rows = list(rows)
        if not rows:
            return
        model = rows[0][2]
        vectors = self.cached_vectors(model, [sha for _, sha, _ in rows])
        params = []
        for ad, sha, m in rows:
            params.append({
                "id": ad.id, "json": ad.to_json(), "sha": sha, "model": m, "muni": ad.municipality_code,
                "region": ad.region_code, "extent": ad.extent.lower(), "remote": ad.remote,
                "employment": fold(ad.employment_type), "employment_id": ad.employment_type_id,
                "published": ad.publication_date[:19] or None, "deadline": ad.deadline[:19] or None,
                "occ": ad.occupation_id, "grp": ad.group_id, "ssyk": ad.ssyk, "vec": self._vec(vectors[sha]),
                "text": keyword_text(ad)})
        cast = "vector" if self.mode == "pgvector" else "real[]"
        with self.db.cursor() as cur:
            cur.executemany(f"""
                INSERT INTO jm_ads VALUES (%(id)s, %(json)s::jsonb, %(sha)s, %(model)s, %(muni)s, %(region)s, %(extent)s,
                  %(remote)s, %(employment)s, %(employment_id)s, %(published)s, %(deadline)s, %(occ)s, %(grp)s,
                  %(ssyk)s, %(vec)s::{cast}, to_tsvector('swedish', %(text)s))
                ON CONFLICT (id) DO UPDATE SET json=EXCLUDED.json, text_sha=EXCLUDED.text_sha, model=EXCLUDED.model,
                  municipality_code=EXCLUDED.municipality_code, region_code=EXCLUDED.region_code,
                  extent=EXCLUDED.extent, remote=EXCLUDED.remote, employment=EXCLUDED.employment,
                  employment_id=EXCLUDED.employment_id, published=EXCLUDED.published, deadline=EXCLUDED.deadline,
                  occupation_id=EXCLUDED.occupation_id, group_id=EXCLUDED.group_id, ssyk=EXCLUDED.ssyk,
                  embedding=EXCLUDED.embedding, tsv=EXCLUDED.tsv""", params)
        self.record_history(ad for ad, _, _ in rows)

    def record_history(self, ads: Iterable[Ad]) -> None:
        with self.db.cursor() as cur:
            cur.executemany(
                "INSERT INTO jm_history VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT (id) DO UPDATE SET "
                "publication_date=EXCLUDED.publication_date, occupation_id=EXCLUDED.occupation_id, "
                "occupation_label=EXCLUDED.occupation_label, group_id=EXCLUDED.group_id, "
                "group_label=EXCLUDED.group_label, ssyk=EXCLUDED.ssyk, "
                "municipality_code=EXCLUDED.municipality_code, region_code=EXCLUDED.region_code",
                [(a.id, a.publication_date, a.occupation_id, a.occupation_label, a.group_id, a.group_label, a.ssyk,
                  a.municipality_code, a.region_code) for a in ads])

    def remove_ads(self, ids: Iterable[str]) -> int:
        ids = list(ids)
        if not ids:
            return 0
        return self.db.execute("DELETE FROM jm_ads WHERE id = ANY(%s)", (ids,)).rowcount

    def get_info(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM jm_info WHERE key=%s", (key,)).fetchone()
        return row[0] if row else None

    def set_info(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO jm_info VALUES (%s,%s) ON CONFLICT (key) DO UPDATE SET value=EXCLUDED.value",
                        (key, value))
        if key == "model":
            self.model = value

    def all_ads(self) -> dict[str, Ad]:
        return {i: Ad.from_dict(j) for i, j in self.db.execute("SELECT id, json FROM jm_ads")}

    def finalize(self) -> int:
        self.db.execute("ANALYZE jm_ads")
        return len(self)

    # --- the read side used by the service ----------------------------------------------------
    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM jm_ads").fetchone()[0]

    def get(self, ad_id: str) -> Ad | None:
        row = self.db.execute("SELECT json FROM jm_ads WHERE id=%s", (ad_id,)).fetchone()
        return Ad.from_dict(row[0]) if row else None

    def _where(self, q: SearchQuery) -> tuple[str, dict]:
        """SQL for the query's filters, same meaning as filters.build_mask."""
        clauses, args = ["TRUE"], {}
        munis = [m.strip() for m in (q.municipality_code or "").split(",") if m.strip()]
        if munis:
            if not all(m.isdigit() for m in munis):
                raise BadQueryError(f"municipality_code ska vara en kod med siffror, fick {q.municipality_code!r}")
            clauses.append("municipality_code = ANY(%(munis)s)")
            args["munis"] = munis
        regions = [r.strip() for r in (q.region_code or "").split(",") if r.strip()]
        if regions:
            if not all(r.isdigit() for r in regions):
                raise BadQueryError(f"region_code ska vara en kod med siffror, fick {q.region_code!r}")
            clauses.append("region_code = ANY(%(regions)s)")
            args["regions"] = regions
        if q.extent:
            key = fold(q.extent).strip()
            if key not in ("heltid", "deltid"):
                raise BadQueryError(f"extent ska vara 'heltid' eller 'deltid', fick {q.extent!r}")
            clauses.append("extent IN (%(extent)s, 'heltid/deltid')")
            args["extent"] = key
        if q.remote is True:
            clauses.append("remote")
        if q.employment_type:
            key = fold(q.employment_type).strip()
            args["employment"] = "%" + EMPLOYMENT_ALIASES.get(key, key) + "%"
            args["employment_id"] = q.employment_type
            clauses.append("(employment LIKE %(employment)s OR employment_id = %(employment_id)s)")
        if q.occupation_id and q.occupation_filter:
            clauses.append("%(occ)s IN (occupation_id, group_id, ssyk)")
            args["occ"] = q.occupation_id
        now = resolve_now(q.now)
        if q.published_within_days is not None:
            if q.published_within_days < 0:
                raise BadQueryError("published_within_days kan inte vara negativt")
            clauses.append("published >= %(since)s")
            args["since"] = now - timedelta(days=q.published_within_days)
        if q.open_only:
            clauses.append("(deadline IS NULL OR deadline >= %(now)s)")
            args["now"] = now
        return " AND ".join(clauses), args

    @staticmethod
    def _tsquery(text: str) -> str:
        words = [t for t in tokens(text) if t not in STOPWORDS and len(t) > 1 and _WORD.match(t)]
        return " | ".join(dict.fromkeys(words))

    def rank(self, query: SearchQuery, qvecs, keyword_text_: str, limit: int, offset: int,
             mode: str = "hybrid") -> Ranked:
        where, args = self._where(query)
        depth = min(max(offset + limit, MIN_DEPTH), MAX_DEPTH)
        rankings: list[tuple[list[str], float]] = []
        counted: set[str] = set()
        args = dict(args, depth=depth)
        if mode in ("hybrid", "dense") and qvecs is not None:
            qv = np.asarray(qvecs, np.float32)
            q = qv.mean(axis=0) if qv.shape[0] > 1 else qv[0]  # chunks: mean direction (no per-chunk max here)
            q = q / (np.linalg.norm(q) or 1.0)
            args["q"] = self._vec(q)
            order = "embedding <=> %(q)s::vector" if self.mode == "pgvector" else "jm_dot(embedding, %(q)s::real[]) DESC"
            rows = self.db.execute(f"SELECT id, {self._sim_sql()} FROM jm_ads WHERE {where} ORDER BY {order} "
                                   "LIMIT %(depth)s", args).fetchall()
            if rows:
                rankings.append(([r[0] for r in rows], 1.0))
                args["floor"] = rows[0][1] - DENSE_MARGIN
                counted |= {r[0] for r in rows if r[1] >= args["floor"]}
        tsq = self._tsquery(keyword_text_)
        if mode in ("hybrid", "bm25") and tsq:
            args["tsq"] = tsq
            rows = self.db.execute(
                f"SELECT id FROM jm_ads WHERE {where} AND tsv @@ to_tsquery('swedish', %(tsq)s) "
                "ORDER BY ts_rank_cd(tsv, to_tsquery('swedish', %(tsq)s)) DESC, id LIMIT %(depth)s", args).fetchall()
            if rows:
                rankings.append(([r[0] for r in rows], 1.0))
            total_kw = self.db.execute(
                f"SELECT COUNT(*) FROM jm_ads WHERE {where} AND tsv @@ to_tsquery('swedish', %(tsq)s)", args).fetchone()[0]
        else:
            total_kw = 0
        if query.occupation_id and not query.occupation_filter and mode == "hybrid":
            args["occ"] = query.occupation_id
            order = ("embedding <=> %(q)s::vector" if self.mode == "pgvector" else "jm_dot(embedding, %(q)s::real[]) DESC") \
                if "q" in args else "published DESC"
            rows = self.db.execute(f"SELECT id FROM jm_ads WHERE {where} AND %(occ)s IN (occupation_id, group_id, ssyk) "
                                   f"ORDER BY {order} LIMIT %(depth)s", args).fetchall()
            if rows:
                rankings.append(([r[0] for r in rows], 1.0))
                counted |= {r[0] for r in rows}
        if not rankings:
            if qvecs is None and not tsq:
                rows = self.db.execute(f"SELECT json FROM jm_ads WHERE {where} ORDER BY published DESC, id "
                                       "LIMIT %(limit)s OFFSET %(offset)s", dict(args, limit=limit, offset=offset)).fetchall()
                total = self.db.execute(f"SELECT COUNT(*) FROM jm_ads WHERE {where}", args).fetchone()[0]
                return Ranked([(Ad.from_dict(r[0]), 1.0) for r in rows], total)
            return Ranked([], 0)
        fused = sorted(rrf(rankings).items(), key=lambda kv: -kv[1])
        page = fused[offset:offset + limit]
        ads = {i: Ad.from_dict(j) for i, j in self.db.execute("SELECT id, json FROM jm_ads WHERE id = ANY(%s)",
                                                               ([i for i, _ in page],))}
        total = max(len(counted), total_kw, len(page))
        return Ranked([(ads[i], float(s)) for i, s in page if i in ads], int(total))

    def demand(self, municipality_code, region_code, now: datetime, top: int):
        sql = ("SELECT publication_date, occupation_id, occupation_label, group_id, group_label, ssyk "
               "FROM jm_history WHERE publication_date >= %s")
        args: list = [(now - timedelta(days=180)).strftime("%Y-%m-%dT%H:%M:%S")]
        if municipality_code:
            sql += " AND municipality_code = %s"
            args.append(municipality_code)
        if region_code:
            sql += " AND region_code = %s"
            args.append(region_code)
        return demand_from_rows(self.db.execute(sql, args).fetchall(), now, top)
