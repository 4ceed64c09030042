"""The embedded default index: SQLite metadata + vector cache, numpy snapshot files for search.

Layout of the index directory:
  meta.sqlite     ads (the searchable set), embedding_cache (model, text sha → vector),
                  history (every ad ever ingested, for labour demand), info (model, dim),
                  ad_skills (skills read from each ad's text, cached by text hash),
                  history_skills (the same skills one row per ad and skill, with the ad's date and
                  place: what jobmatch.insight counts)
  versions/<v>/   one immutable snapshot per finalize: ids.json, ads.jsonl, vectors.npy (float32
                  [n, dim], row i belongs to ids.json[i]), bm25.npz, bm25_vocab.json, skills.json
  CURRENT         the name of the snapshot servers should use; replaced atomically (os.replace)

SQLite is the truth and survives interrupted runs (vectors are committed batch by batch, so a
rerun embeds only what is missing); a snapshot loads in milliseconds. Because a snapshot is never
written to after CURRENT names it, a running server can load the next one while it answers from
the previous one, and switch with one reference swap (service.MatchService).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from .ads import Ad
from .bm25 import BM25Index
from .compact_text import keyword_text
from .skills import ad_skill_sha, ad_skills
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
CREATE TABLE IF NOT EXISTS ad_skills (id TEXT PRIMARY KEY, sha TEXT NOT NULL, skills TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS history_region ON history (region_code, publication_date);
CREATE INDEX IF NOT EXISTS history_published ON history (publication_date);
CREATE INDEX IF NOT EXISTS history_ssyk ON history (ssyk, publication_date);
CREATE INDEX IF NOT EXISTS history_occupation ON history (occupation_id, publication_date);
CREATE TABLE IF NOT EXISTS history_skills (
  id TEXT NOT NULL, skill TEXT NOT NULL, publication_date TEXT, municipality_code TEXT, region_code TEXT,
  ssyk TEXT, occupation_id TEXT, PRIMARY KEY (id, skill)
);
CREATE INDEX IF NOT EXISTS history_skills_municipality ON history_skills (municipality_code, publication_date, skill);
CREATE INDEX IF NOT EXISTS history_skills_region ON history_skills (region_code, publication_date, skill);
CREATE INDEX IF NOT EXISTS history_skills_published ON history_skills (publication_date, skill);
CREATE INDEX IF NOT EXISTS history_skills_skill ON history_skills (skill, publication_date);
CREATE INDEX IF NOT EXISTS history_skills_ssyk ON history_skills (ssyk, publication_date);
CREATE INDEX IF NOT EXISTS history_skills_occupation ON history_skills (occupation_id, publication_date);
"""
KEEP_VERSIONS = 3  # older snapshots are deleted at finalize (a server has its index in memory)
CURRENT = "CURRENT"


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
    def ad_skill_ids(self, ads: list[Ad]) -> list[list[str]]:
        """Skills read from each ad's text; cached by text hash so a sync reads only new texts."""
        cached = {i: (sha, json.loads(sk)) for i, sha, sk in self.db.execute("SELECT id, sha, skills FROM ad_skills")}
        out, fresh = [], []
        for ad in ads:
            sha = ad_skill_sha(ad)
            hit = cached.get(ad.id)
            if hit and hit[0] == sha:
                out.append(hit[1])
            else:
                skills = ad_skills(ad)
                out.append(skills)
                fresh.append((ad.id, sha, json.dumps(skills)))
        if fresh:
            self.db.executemany("INSERT OR REPLACE INTO ad_skills VALUES (?,?,?)", fresh)
            self.db.executemany("DELETE FROM history_skills WHERE id=?", [(i,) for i, _, _ in fresh])
        self.record_history_skills(ads, out)
        self.db.commit()
        return out

    def record_history_skills(self, ads: Sequence[Ad], skills: Sequence[Sequence[str]]) -> None:
        """One row per ad and skill, kept after the ad closes (like history): insight counts these."""
        self.db.executemany(
            "INSERT OR IGNORE INTO history_skills VALUES (?,?,?,?,?,?,?)",
            [(ad.id, skill, ad.publication_date, ad.municipality_code, ad.region_code, ad.ssyk, ad.occupation_id)
             for ad, ad_skill_list in zip(ads, skills, strict=True) for skill in ad_skill_list])

    def finalize(self) -> int:
        """Write a new snapshot version from the tables and point CURRENT at it; returns the ad count."""
        rows = self.db.execute(
            "SELECT a.id, a.json, c.vec FROM ads a JOIN embedding_cache c ON c.model=a.model AND c.sha=a.text_sha "
            "ORDER BY a.id").fetchall()
        dim = int(self.get_info("dim") or 0)
        ids = [r[0] for r in rows]
        ads = [Ad.from_dict(json.loads(r[1])) for r in rows]
        vectors = np.vstack([np.frombuffer(r[2], np.float32) for r in rows]) if rows else np.zeros((0, dim), np.float32)
        version = time.strftime("%Y%m%dT%H%M%S") + f"-{time.time_ns() % 1_000_000:06d}"
        target = self.directory / "versions" / version
        target.mkdir(parents=True)
        np.save(target / "vectors.npy", vectors.astype(np.float32))
        (target / "ids.json").write_text(json.dumps(ids), "utf-8")
        with (target / "ads.jsonl").open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(r[1] + "\n")  # json.dumps output: one line
        (target / "skills.json").write_text(json.dumps(self.ad_skill_ids(ads)), "utf-8")
        BM25Index.build([content_stems(keyword_text(a)) for a in ads]).save(target)
        (target / "model").write_text(self.get_info("model") or "", "utf-8")
        pointer = self.directory / f"{CURRENT}.tmp"
        pointer.write_text(version, "utf-8")
        os.replace(pointer, self.directory / CURRENT)  # atomic: readers see the old or the new name
        self.set_info("count", str(len(ids)))
        self._prune_versions(keep=version)
        return len(ids)

    def _prune_versions(self, keep: str) -> None:
        versions = sorted(p for p in (self.directory / "versions").iterdir() if p.is_dir())
        for old in versions[:-KEEP_VERSIONS]:
            if old.name != keep:
                shutil.rmtree(old, ignore_errors=True)

    def all_ads(self) -> dict[str, Ad]:
        return {i: Ad.from_dict(json.loads(j)) for i, j in self.db.execute("SELECT id, json FROM ads")}

    def close(self) -> None:
        self.db.close()
