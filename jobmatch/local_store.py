"""The embedded default index: SQLite metadata + vector cache, numpy snapshot files for search.

Layout of the index directory:
  meta.sqlite     ads (the searchable set), embedding_cache (model, text sha → vector),
                  history (every ad ever ingested, for labour demand), info (model, dim)
  vectors.npy     float32 [n, dim], row i belongs to ids.json[i]   (derived, rewritten by finalize)
  ids.json
  bm25.npz, bm25_vocab.json                                        (derived)

SQLite is the truth and survives interrupted runs (vectors are committed batch by batch, so a
rerun embeds only what is missing); the numpy files are a snapshot that loads in milliseconds.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from .ads import Ad
from .bm25 import BM25Index
from .compact_text import keyword_text
from .swedish_text import content_stems

SCHEMA = """
CREATE TABLE IF NOT EXISTS ads (
  id TEXT PRIMARY KEY, json TEXT NOT NULL, text_sha TEXT NOT NULL, model TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS embedding_cache (
  model TEXT NOT NULL, sha TEXT NOT NULL, vec BLOB NOT NULL, PRIMARY KEY (model, sha)
);
CREATE TABLE IF NOT EXISTS history (
  id TEXT PRIMARY KEY, publication_date TEXT, occupation_id TEXT, occupation_label TEXT,
  group_id TEXT, group_label TEXT, ssyk TEXT, municipality_code TEXT, region_code TEXT
);
CREATE INDEX IF NOT EXISTS history_place ON history (municipality_code, region_code, publication_date);
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT);
"""


class LocalStore:
    """Write side of the embedded index (also read by the loader)."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.directory / "meta.sqlite")
        self.db.executescript(SCHEMA)

    # --- vector cache -------------------------------------------------------------------------
    def cached_vectors(self, model: str, shas: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(shas))
        for i in range(0, len(unique), 500):
            chunk = unique[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for sha, blob in self.db.execute(
                    f"SELECT sha, vec FROM embedding_cache WHERE model=? AND sha IN ({marks})", [model, *chunk]):
                found[sha] = np.frombuffer(blob, np.float32)
        return found

    def put_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO embedding_cache VALUES (?,?,?)",
                            [(model, sha, np.asarray(v, np.float32).tobytes()) for sha, v in vectors.items()])
        self.db.commit()

    # --- ads ----------------------------------------------------------------------------------
    def existing(self) -> dict[str, tuple[str, str]]:
        return {i: (sha, model) for i, sha, model in self.db.execute("SELECT id, text_sha, model FROM ads")}

    def upsert_ads(self, rows: Iterable[tuple[Ad, str, str]]) -> None:
        rows = list(rows)
        self.db.executemany("INSERT OR REPLACE INTO ads VALUES (?,?,?,?)",
                            [(ad.id, ad.to_json(), sha, model) for ad, sha, model in rows])
        self.db.executemany(
            "INSERT OR REPLACE INTO history VALUES (?,?,?,?,?,?,?,?,?)",
            [(ad.id, ad.publication_date, ad.occupation_id, ad.occupation_label, ad.group_id, ad.group_label,
              ad.ssyk, ad.municipality_code, ad.region_code) for ad, _, _ in rows])
        self.db.commit()

    def record_history(self, ads: Iterable[Ad]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO history VALUES (?,?,?,?,?,?,?,?,?)",
            [(ad.id, ad.publication_date, ad.occupation_id, ad.occupation_label, ad.group_id, ad.group_label,
              ad.ssyk, ad.municipality_code, ad.region_code) for ad in ads])
        self.db.commit()

    def remove_ads(self, ids: Iterable[str]) -> int:
        ids = list(ids)
        before = self.db.total_changes
        self.db.executemany("DELETE FROM ads WHERE id=?", [(i,) for i in ids])
        self.db.commit()
        return self.db.total_changes - before

    def get_info(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM info WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_info(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO info VALUES (?,?)", (key, value))
        self.db.commit()

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM ads").fetchone()[0]

    # --- snapshot -----------------------------------------------------------------------------
    def finalize(self) -> int:
        """Rewrite vectors.npy, ids.json and the BM25 files from the tables; returns the ad count."""
        rows = self.db.execute(
            "SELECT a.id, a.json, c.vec FROM ads a JOIN embedding_cache c ON c.model=a.model AND c.sha=a.text_sha "
            "ORDER BY a.id").fetchall()
        dim = int(self.get_info("dim") or 0)
        ids = [r[0] for r in rows]
        vectors = np.vstack([np.frombuffer(r[2], np.float32) for r in rows]) if rows else np.zeros((0, dim), np.float32)
        stems = [content_stems(keyword_text(Ad.from_dict(json.loads(r[1])))) for r in rows]
        tmp = self.directory / "vectors.tmp.npy"
        np.save(tmp, vectors.astype(np.float32))
        tmp.replace(self.directory / "vectors.npy")
        (self.directory / "ids.json").write_text(json.dumps(ids), "utf-8")
        BM25Index.build(stems).save(self.directory)
        self.set_info("count", str(len(ids)))
        return len(ids)

    def all_ads(self) -> dict[str, Ad]:
        return {i: Ad.from_dict(json.loads(j)) for i, j in self.db.execute("SELECT id, json FROM ads")}

    def close(self) -> None:
        self.db.close()
