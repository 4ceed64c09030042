"""Getting ads into a store: read JSONL, choose a deterministic subset, embed only what changed.

Incremental by construction: each ad's compact text is hashed; the vector cache is keyed on
(model, hash), so an ad whose text and model are unchanged is never embedded again, and an ad
that moves between runs reuses its vector. Ads that the source marks removed leave the index.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
from tqdm import tqdm

from .ads import Ad, BadAdError, ad_from_hit
from .compact_text import compact_text, text_sha
from .embedders import Embedder
from .swedish_text import fold


class Store(Protocol):
    def cached_vectors(self, model: str, shas: Sequence[str]) -> dict[str, np.ndarray]: ...
    def put_vectors(self, model: str, vectors: dict[str, np.ndarray]) -> None: ...
    def existing(self) -> dict[str, tuple[str, str]]: ...
    def upsert_ads(self, rows: Iterable[tuple[Ad, str, str]]) -> None: ...
    def record_history(self, ads: Iterable[Ad]) -> None: ...
    def remove_ads(self, ids: Iterable[str]) -> int: ...
    def set_info(self, key: str, value: str) -> None: ...
    def get_info(self, key: str) -> str | None: ...


@dataclass
class IngestStats:
    seen: int = 0
    skipped_bad: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    embedded: int = 0
    embed_seconds: float = 0.0

    def summary(self) -> str:
        rate = self.embedded / self.embed_seconds if self.embed_seconds > 0 else 0.0
        return (f"{self.seen} hits read, {self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.removed} removed, {self.skipped_bad} unusable; {self.embedded} texts embedded "
                f"in {self.embed_seconds:.1f} s ({rate:.1f}/s)")


def read_jsonl(path: str | Path) -> Iterator[dict]:
    """Hits from a JSONL file, one per line; malformed lines are reported and skipped."""
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"jobmatch: {path}:{number}: skipped, not JSON ({exc.msg})", file=sys.stderr)


def parse_where(expr: str | None) -> dict[str, set[str]]:
    """`municipality=Umeå,Stockholm;region=01` → {"municipality": {"umea", "stockholm"}, "region": {"01"}}."""
    out: dict[str, set[str]] = {}
    if not expr:
        return out
    for part in expr.split(";"):
        if not part.strip():
            continue
        if "=" not in part:
            raise ValueError(f"--where expects key=value[,value…], got {part!r}")
        key, values = part.split("=", 1)
        key = key.strip().lower()
        if key not in ("municipality", "region", "ssyk"):
            raise ValueError(f"--where key must be municipality, region or ssyk, got {key!r}")
        out[key] = {fold(v.strip()) for v in values.split(",") if v.strip()}
    return out


def _where_keeps(ad: Ad, where: dict[str, set[str]]) -> bool:
    if "municipality" in where and not ({fold(ad.municipality), ad.municipality_code} & where["municipality"]):
        return False
    if "region" in where and not ({fold(ad.region), ad.region_code} & where["region"]):
        return False
    return not ("ssyk" in where and ad.ssyk not in where["ssyk"])


def _stable_rank(ad_id: str) -> str:
    return hashlib.sha1(ad_id.encode()).hexdigest()


def select_ads(hits: Iterable[dict], limit: int | None = None, where: dict[str, set[str]] | None = None,
               keep_municipalities: Iterable[str] = (), stats: IngestStats | None = None) -> list[Ad]:
    """Flatten hits, apply --where, then keep a deterministic subset of `limit` ads.

    The subset is chosen by a hash of the id (not file order), so it is spread over the whole
    sample; ads in `keep_municipalities` are always kept first, so a small test index still has
    every ad of, say, Umeå.
    """
    stats = stats or IngestStats()
    where = where or {}
    keep = {fold(m) for m in keep_municipalities}
    ads: list[Ad] = []
    for hit in hits:
        stats.seen += 1
        try:
            ad = ad_from_hit(hit)
        except BadAdError:
            stats.skipped_bad += 1
            continue
        if _where_keeps(ad, where):
            ads.append(ad)
    if limit is not None and len(ads) > limit:
        ads.sort(key=lambda a: (fold(a.municipality) not in keep and a.municipality_code not in keep,
                                _stable_rank(a.id)))
        ads = ads[:limit]
    return ads


def _progress(total: int, enabled: bool, desc: str):
    if not enabled:
        return None
    return tqdm(total=total, desc=desc, unit="ad", file=sys.stderr, dynamic_ncols=True)


def ingest(store: Store, embedder: Embedder, ads: Sequence[Ad], *, replace: bool = False,
           batch_size: int = 64, progress: bool = True, stats: IngestStats | None = None) -> IngestStats:
    """Upsert ads into the store, embedding only texts missing from the (model, sha) cache.

    `replace=True` makes the store equal to `ads` (a full snapshot): ids not in it are removed.
    Ads flagged `removed` are removed from the searchable set but still recorded for demand.
    """
    stats = stats or IngestStats()
    model = embedder.name
    previous_model = store.get_info("model")
    store.set_info("model", model)
    store.set_info("dim", str(embedder.dim))
    existing = store.existing()
    live = [a for a in ads if not a.removed]
    gone = {a.id for a in ads if a.removed and a.id in existing}
    if replace:
        gone |= set(existing) - {a.id for a in live}
    store.record_history(ads)
    stats.removed += store.remove_ads(sorted(gone)) if gone else 0

    texts = {a.id: compact_text(a) for a in live}
    shas = {i: text_sha(t) for i, t in texts.items()}
    cached = store.cached_vectors(model, list(shas.values()))
    missing: dict[str, str] = {}
    for ad_id, sha in shas.items():
        if sha not in cached:
            missing.setdefault(sha, texts[ad_id])
    bar = _progress(len(missing), progress and len(missing) > 0, f"embedding ({model})")
    items = list(missing.items())
    started = time.perf_counter()
    for i in range(0, len(items), batch_size):
        chunk = items[i:i + batch_size]
        vectors = embedder.embed_passages([t for _, t in chunk])
        store.put_vectors(model, {sha: vec for (sha, _), vec in zip(chunk, vectors, strict=False)})
        stats.embedded += len(chunk)
        if bar is not None:
            bar.update(len(chunk))
    stats.embed_seconds += time.perf_counter() - started
    if bar is not None:
        bar.close()

    rows = []
    for ad in live:
        before = existing.get(ad.id)
        if before is None:
            stats.added += 1
        elif before == (shas[ad.id], model) and previous_model == model:
            stats.unchanged += 1
        else:
            stats.updated += 1
        rows.append((ad, shas[ad.id], model))
    for i in range(0, len(rows), 1000):
        store.upsert_ads(rows[i:i + 1000])
    return stats
