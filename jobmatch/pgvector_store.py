"""PostgreSQL + pgvector behind the same interface as the embedded index (backend.MatchIndex).

For when one machine's memory is outgrown or several processes should share one index: ads,
vectors, the vector cache and the demand history live in PostgreSQL. Retrieval is SQL — filters in
WHERE, the dense top by pgvector's cosine distance (`<=>`; an HNSW index from EXACT_UP_TO ads on,
exact below it, like the embedded index), the ads of named groups — and the keyword side is the
same BM25 as the embedded index: its postings and the group centroids are computed at finalize
from the same ads and kept in PostgreSQL (jm_blobs), so both backends hand jobmatch.ranking the
same candidates with the same features and rank alike (tests/jobmatch/test_index_parity.py).

Connections come from a small pool (thread-safe; a broken connection is replaced). If the server
lacks the `vector` extension the store falls back to `real[]` columns with a SQL dot product
("array mode": correct, but a scan). Configured by JOBBCOACH_STORE=postgresql://user@host:port/db.
"""

from __future__ import annotations

import io
import json
import queue
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta

import numpy as np
import psycopg

from .ads import Ad
from .backend import group_centroids, group_key, mean_direction
from .bm25 import BM25Index
from .compact_text import keyword_text
from .demand import demand_from_rows, history_query
from .filters import EMPLOYMENT_ALIASES
from .insight import InsightSQL
from .local_index import EXACT_UP_TO
from .query import BadQueryError, SearchQuery, resolve_now
from .ranking import DEPTH, MEANING_GROUPS, Candidates
from .skills import ad_skills
from .swedish_text import fold

POOL_SIZE = 4
# What jobmatch.insight filters and groups on (the same as the embedded index's, local_store.SCHEMA).
HISTORY_INDEXES = {
    "jm_history_region": "jm_history (region_code, publication_date)",
    "jm_history_published": "jm_history (publication_date)",
    "jm_history_ssyk": "jm_history (ssyk, publication_date)",
    "jm_history_occupation": "jm_history (occupation_id, publication_date)",
    "jm_history_skills_municipality": "jm_history_skills (municipality_code, publication_date, skill)",
    "jm_history_skills_region": "jm_history_skills (region_code, publication_date, skill)",
    "jm_history_skills_published": "jm_history_skills (publication_date, skill)",
    "jm_history_skills_skill": "jm_history_skills (skill, publication_date)",
    "jm_history_skills_ssyk": "jm_history_skills (ssyk, publication_date)",
    "jm_history_skills_occupation": "jm_history_skills (occupation_id, publication_date)",
}


class ConnectionPool:
    """At most `size` autocommit connections, handed out one per caller and returned after use."""

    def __init__(self, url: str, size: int = POOL_SIZE, connect_timeout: int = 10) -> None:
        self.url, self.connect_timeout = url, connect_timeout
        self._idle: queue.LifoQueue = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)
        self._all: list = []

    def _connect(self):
        conn = psycopg.connect(self.url, autocommit=True, connect_timeout=self.connect_timeout)
        self._all.append(conn)
        return conn

    @contextmanager
    def connection(self) -> Iterator:
        self._slots.acquire()
        try:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                conn = self._connect()
            if conn.closed or conn.broken:
                conn = self._connect()
            try:
                yield conn
            finally:
                if not conn.closed and not conn.broken:
                    self._idle.put(conn)
        finally:
            self._slots.release()

    def close(self) -> None:
        for conn in self._all:
            with suppress(Exception):
                conn.close()
        self._all.clear()


class PgVectorIndex:
    def __init__(self, url: str, dim: int = 384, connect_timeout: int = 10, pool_size: int = POOL_SIZE) -> None:
        self.url = url
        self.dim = dim
        self.pool = ConnectionPool(url, pool_size, connect_timeout)
        self.mode = self._ensure_schema()
        self.model = self.get_info("model") or ""
        self._load_snapshot()

    # --- schema -------------------------------------------------------------------------------
    def _ensure_schema(self) -> str:
        with self.pool.connection() as db:
            try:
                db.execute("CREATE EXTENSION IF NOT EXISTS vector")
                mode = "pgvector"
            except psycopg.Error:
                mode = "array"
            vec_type = f"vector({self.dim})" if mode == "pgvector" else "real[]"
            db.execute(f"""
                CREATE TABLE IF NOT EXISTS jm_ads (
                  id text PRIMARY KEY, json jsonb NOT NULL, text_sha text NOT NULL, model text NOT NULL,
                  municipality_code text, region_code text, extent text, remote boolean, employment text,
                  employment_id text, published timestamp, deadline timestamp, occupation_id text,
                  group_id text, ssyk text, gkey text, embedding {vec_type} NOT NULL, skills text[])""")
            db.execute("CREATE TABLE IF NOT EXISTS jm_embedding_cache (model text, sha text, vec bytea NOT NULL, "
                       "PRIMARY KEY (model, sha))")
            db.execute("CREATE TABLE IF NOT EXISTS jm_history (id text PRIMARY KEY, publication_date text, "
                       "occupation_id text, occupation_label text, group_id text, group_label text, ssyk text, "
                       "municipality_code text, region_code text)")
            db.execute("CREATE TABLE IF NOT EXISTS jm_history_skills (id text NOT NULL, skill text NOT NULL, "
                       "publication_date text, municipality_code text, region_code text, ssyk text, occupation_id text, "
                       "PRIMARY KEY (id, skill))")
            for name, columns in HISTORY_INDEXES.items():
                db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {columns}")
            db.execute("CREATE TABLE IF NOT EXISTS jm_info (key text PRIMARY KEY, value text)")
            db.execute("CREATE TABLE IF NOT EXISTS jm_blobs (key text PRIMARY KEY, value bytea NOT NULL)")
            db.execute("CREATE INDEX IF NOT EXISTS jm_ads_place ON jm_ads (municipality_code, region_code)")
            db.execute("CREATE INDEX IF NOT EXISTS jm_ads_ssyk ON jm_ads (ssyk)")
            db.execute("CREATE INDEX IF NOT EXISTS jm_history_place ON jm_history (municipality_code, region_code, "
                       "publication_date)")
            if mode == "array":
                db.execute("CREATE OR REPLACE FUNCTION jm_dot(a real[], b real[]) RETURNS double precision "
                           "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
                           "'SELECT sum(x * y) FROM unnest(a, b) AS t(x, y)'")
        return mode

    def _vec(self, v: np.ndarray):
        values = [float(x) for x in np.asarray(v, np.float32)]
        return "[" + ",".join(f"{x:.9g}" for x in values) + "]" if self.mode == "pgvector" else values

    def close(self) -> None:
        self.pool.close()

    # --- the Store protocol used by ingest ----------------------------------------------------
    def cached_vectors(self, model: str, shas: Sequence[str]) -> dict[str, np.ndarray]:
        with self.pool.connection() as db:
            rows = db.execute("SELECT sha, vec FROM jm_embedding_cache WHERE model=%s AND sha = ANY(%s)",
                              (model, list(set(shas)))).fetchall()
        return {sha: np.frombuffer(bytes(vec), np.float32) for sha, vec in rows}

    def put_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        with self.pool.connection() as db, db.cursor() as cur:
            cur.executemany("INSERT INTO jm_embedding_cache VALUES (%s,%s,%s) ON CONFLICT (model, sha) "
                            "DO UPDATE SET vec = EXCLUDED.vec",
                            [(model, sha, np.asarray(v, np.float32).tobytes()) for sha, v in vectors.items()])

    def existing(self) -> dict[str, tuple[str, str]]:
        with self.pool.connection() as db:
            return {i: (sha, m) for i, sha, m in db.execute("SELECT id, text_sha, model FROM jm_ads")}

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
                "occ": ad.occupation_id, "grp": ad.group_id, "ssyk": ad.ssyk, "gkey": group_key(ad),
                "vec": self._vec(vectors[sha]), "skills": ad_skills(ad)})
        cast = "vector" if self.mode == "pgvector" else "real[]"
        with self.pool.connection() as db, db.cursor() as cur:
            cur.executemany(f"""
                INSERT INTO jm_ads VALUES (%(id)s, %(json)s::jsonb, %(sha)s, %(model)s, %(muni)s, %(region)s, %(extent)s,
                  %(remote)s, %(employment)s, %(employment_id)s, %(published)s, %(deadline)s, %(occ)s, %(grp)s,
                  %(ssyk)s, %(gkey)s, %(vec)s::{cast}, %(skills)s)
                ON CONFLICT (id) DO UPDATE SET json=EXCLUDED.json, text_sha=EXCLUDED.text_sha, model=EXCLUDED.model,
                  municipality_code=EXCLUDED.municipality_code, region_code=EXCLUDED.region_code,
                  extent=EXCLUDED.extent, remote=EXCLUDED.remote, employment=EXCLUDED.employment,
                  employment_id=EXCLUDED.employment_id, published=EXCLUDED.published, deadline=EXCLUDED.deadline,
                  occupation_id=EXCLUDED.occupation_id, group_id=EXCLUDED.group_id, ssyk=EXCLUDED.ssyk,
                  gkey=EXCLUDED.gkey, embedding=EXCLUDED.embedding, skills=EXCLUDED.skills""", params)
        self.record_history(ad for ad, _, _ in rows)
        self.record_history_skills([ad for ad, _, _ in rows], [p["skills"] for p in params])

    def record_history_skills(self, ads: Sequence[Ad], skills: Sequence[Sequence[str]]) -> None:
        """One row per ad and skill, replaced when the ad is (a changed text reads other skills)."""
        with self.pool.connection() as db, db.transaction(), db.cursor() as cur:
            cur.execute("DELETE FROM jm_history_skills WHERE id = ANY(%s)", ([ad.id for ad in ads],))
            cur.executemany("INSERT INTO jm_history_skills VALUES (%s,%s,%s,%s,%s,%s,%s) ON CONFLICT DO NOTHING",
                            [(ad.id, skill, ad.publication_date, ad.municipality_code, ad.region_code, ad.ssyk,
                              ad.occupation_id)
                             for ad, ad_skill_list in zip(ads, skills, strict=True) for skill in ad_skill_list])

    def record_history(self, ads: Iterable[Ad]) -> None:
        with self.pool.connection() as db, db.cursor() as cur:
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
        with self.pool.connection() as db:
            return db.execute("DELETE FROM jm_ads WHERE id = ANY(%s)", (ids,)).rowcount

    def get_info(self, key: str) -> str | None:
        with self.pool.connection() as db:
            row = db.execute("SELECT value FROM jm_info WHERE key=%s", (key,)).fetchone()
        return row[0] if row else None

    def set_info(self, key: str, value: str) -> None:
        with self.pool.connection() as db:
            db.execute("INSERT INTO jm_info VALUES (%s,%s) ON CONFLICT (key) DO UPDATE SET value=EXCLUDED.value",
                       (key, value))
        if key == "model":
            self.model = value

    def all_ads(self) -> dict[str, Ad]:
        with self.pool.connection() as db:
            return {i: Ad.from_dict(j) for i, j in db.execute("SELECT id, json FROM jm_ads")}

    def finalize(self) -> int:
        """Publish a snapshot: BM25 postings, ids and group centroids of all ads (same code and order
        as the embedded index), then a new version; HNSW from EXACT_UP_TO ads on."""
        with self.pool.connection() as db:
            rows = db.execute("SELECT id, json, embedding::real[] FROM jm_ads ORDER BY id").fetchall()
            ads = [Ad.from_dict(r[1]) for r in rows]
            vectors = np.array([r[2] for r in rows], np.float32).reshape(len(rows), -1)
            bm25 = BM25Index.from_texts(keyword_text(a) for a in ads)
            names, _, centroids = group_centroids([group_key(a) for a in ads], vectors)
            postings, cents = io.BytesIO(), io.BytesIO()
            np.savez(postings, idf=bm25.idf, ptr=bm25.ptr, docs=bm25.docs, weights=bm25.weights,
                     n_docs=np.array([bm25.n_docs]))
            np.save(cents, centroids)
            version = f"{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 1_000_000:06d}"
            blobs = {"bm25": postings.getvalue(), "bm25_vocab": json.dumps(bm25.vocab).encode(),
                     "ids": json.dumps([r[0] for r in rows]).encode(), "group_names": json.dumps(names).encode(),
                     "centroids": cents.getvalue(), "version": version.encode()}
            with db.transaction():
                for key, value in blobs.items():
                    db.execute("INSERT INTO jm_blobs VALUES (%s,%s) ON CONFLICT (key) DO UPDATE SET value=EXCLUDED.value",
                               (key, value))
            if self.mode == "pgvector" and len(rows) > EXACT_UP_TO:
                with suppress(psycopg.Error):  # HNSW needs pgvector >= 0.5; without it the scan is exact
                    db.execute("CREATE INDEX IF NOT EXISTS jm_ads_hnsw ON jm_ads USING hnsw (embedding vector_cosine_ops)")
            db.execute("ANALYZE jm_ads")
        self._load_snapshot()
        return len(rows)

    # --- the read side used by the service (backend.MatchIndex) ----------------------------
    def _load_snapshot(self) -> None:
        """BM25 postings, ids and group centroids of the published version, into memory."""
        with self.pool.connection() as db:
            rows = dict(db.execute("SELECT key, value FROM jm_blobs").fetchall())
        self._version = (rows.get("version") or b"none").decode()
        if "bm25" in rows:
            data = np.load(io.BytesIO(rows["bm25"]))
            vocab = json.loads(rows["bm25_vocab"].decode())
            self.bm25 = BM25Index(vocab, data["idf"], data["ptr"], data["docs"], data["weights"], int(data["n_docs"][0]))
            self.doc_ids = json.loads(rows["ids"].decode())
            self.group_names = json.loads(rows["group_names"].decode())
            self.centroids = np.load(io.BytesIO(rows["centroids"]))
        else:
            self.bm25, self.doc_ids, self.group_names = BM25Index.build([]), [], []
            self.centroids = np.zeros((0, self.dim), np.float32)
        self._group_pos = {g: i for i, g in enumerate(self.group_names)}

    @property
    def version(self) -> str:
        return self._version

    def latest_version(self) -> str:
        with self.pool.connection() as db:
            row = db.execute("SELECT value FROM jm_blobs WHERE key='version'").fetchone()
        return bytes(row[0]).decode() if row else "none"

    def reopened(self) -> PgVectorIndex:
        """The same store with the newest published snapshot loaded (a hot swap after a sync)."""
        fresh = object.__new__(PgVectorIndex)
        fresh.__dict__.update({k: v for k, v in self.__dict__.items()})
        fresh._load_snapshot()
        return fresh

    def __len__(self) -> int:
        with self.pool.connection() as db:
            return db.execute("SELECT COUNT(*) FROM jm_ads").fetchone()[0]

    def get(self, ad_id: str) -> Ad | None:
        with self.pool.connection() as db:
            row = db.execute("SELECT json FROM jm_ads WHERE id=%s", (ad_id,)).fetchone()
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

    def _order(self) -> str:
        return "embedding <=> %(q)s::vector, id" if self.mode == "pgvector" else "jm_dot(embedding, %(q)s::real[]) DESC, id"

    def nearest_groups(self, qvec: np.ndarray, n: int) -> list[str]:
        if not len(self.group_names):
            return []
        best = np.argsort(-(self.centroids @ qvec), kind="stable")[:n]
        return [self.group_names[i] for i in best if not self.group_names[i].startswith("_")]

    def candidates(self, query: SearchQuery, qvecs, keyword_text_: str, groups: Sequence[str],
                   mode: str = "hybrid", depth: int = DEPTH) -> Candidates:
        where, args = self._where(query)
        ids: set[str] = set()
        q = mean_direction(np.asarray(qvecs, np.float32)) if qvecs is not None else None
        with self.pool.connection() as db:
            filtered = db.execute(f"SELECT COUNT(*) FROM jm_ads WHERE {where}", args).fetchone()[0]
            if q is not None and mode in ("hybrid", "dense"):
                args["q"] = self._vec(q)
                args["depth"] = depth
                ids |= {r[0] for r in db.execute(
                    f"SELECT id FROM jm_ads WHERE {where} ORDER BY {self._order()} LIMIT %(depth)s", args)}
                near = self.nearest_groups(q, MEANING_GROUPS)
                if near:
                    ids |= {r[0] for r in db.execute(
                        f"SELECT id FROM jm_ads WHERE {where} AND gkey = ANY(%(near)s) ORDER BY {self._order()} "
                        "LIMIT %(depth)s", dict(args, near=near))}
            bm = None
            if mode in ("hybrid", "bm25") and keyword_text_ and self.doc_ids:
                bm = self.bm25.scores(keyword_text_)
                hit_rows = np.flatnonzero(bm > 0)
                if hit_rows.size:
                    passing = {r[0] for r in db.execute(
                        f"SELECT id FROM jm_ads WHERE {where} AND id = ANY(%(hits)s)",
                        dict(args, hits=[self.doc_ids[r] for r in hit_rows]))}
                    rows = np.array([r for r in hit_rows if self.doc_ids[r] in passing], np.int64)
                    if rows.size:
                        order = rows[np.lexsort((rows, -bm[rows]))][:depth]
                        ids |= {self.doc_ids[r] for r in order}
            if groups and mode == "hybrid":
                order = self._order() if q is not None else "published DESC, id"
                ids |= {r[0] for r in db.execute(
                    f"SELECT id FROM jm_ads WHERE {where} AND ssyk = ANY(%(groups)s) ORDER BY {order} "
                    "LIMIT %(depth)s", dict(args, groups=list(groups), depth=depth))}
            rows = db.execute("SELECT id, json, embedding::real[], skills FROM jm_ads WHERE id = ANY(%s) ORDER BY id",
                              (sorted(ids),)).fetchall() if ids else []
        ads = [Ad.from_dict(r[1]) for r in rows]
        vectors = np.array([r[2] for r in rows], np.float32).reshape(len(rows), -1)
        if qvecs is not None and rows:
            qv = np.asarray(qvecs, np.float32)
            sims = vectors @ qv.T
            pos = np.array([self._group_pos.get(group_key(a), -1) for a in ads])
            group_sims = np.where((pos >= 0)[:, None], self.centroids[np.maximum(pos, 0)] @ qv.T, sims)
        else:
            sims = group_sims = np.zeros((len(rows), 0), np.float32)
        row_of = {d: i for i, d in enumerate(self.doc_ids)}
        bm25 = np.array([bm[row_of[a.id]] if bm is not None and a.id in row_of else 0.0 for a in ads], np.float32)
        return Candidates(ads, sims, group_sims, bm25, [frozenset(r[3] or ()) for r in rows], int(filtered),
                          self.bm25.known_terms(keyword_text_) if keyword_text_ else 0)

    def count_by(self, query: SearchQuery, groups: Sequence[str], key: str) -> dict[str, int]:
        where, args = self._where(query)
        column = "municipality_code" if key == "municipality" else "ssyk"
        if groups:
            where += " AND ssyk = ANY(%(groups)s)"
            args["groups"] = list(groups)
        with self.pool.connection() as db:
            return dict(db.execute(f"SELECT {column}, COUNT(*) FROM jm_ads WHERE {where} GROUP BY {column}", args))

    def newest(self, query: SearchQuery, limit: int, offset: int) -> tuple[list[Ad], int]:
        where, args = self._where(query)
        with self.pool.connection() as db:
            rows = db.execute(f"SELECT json FROM jm_ads WHERE {where} ORDER BY published DESC NULLS LAST, id "
                              "LIMIT %(limit)s OFFSET %(offset)s", dict(args, limit=limit, offset=offset)).fetchall()
            total = db.execute(f"SELECT COUNT(*) FROM jm_ads WHERE {where}", args).fetchone()[0]
        return [Ad.from_dict(r[0]) for r in rows], int(total)

    def insight(self) -> InsightSQL:
        """The insight queries over jm_history (one object, so its answers cache)."""
        if getattr(self, "_insight", None) is None:
            self._insight = InsightSQL(self._rows, "jm_history", "jm_history_skills", "%s")
        return self._insight

    def _rows(self, sql: str, args: Sequence) -> list[tuple]:
        with self.pool.connection() as db:
            return db.execute(sql, list(args)).fetchall()

    def demand(self, municipality_code, region_code, now: datetime, top: int):
        sql, args = history_query("jm_history", "%s", municipality_code, region_code, now)
        with self.pool.connection() as db:
            return demand_from_rows(db.execute(sql, args).fetchall(), now, top)
