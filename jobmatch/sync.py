"""Keeping an index current from JobStream: a snapshot once, then the changes since the last run.

Removed ads (JobStream sends them with removed=true, often with little else) and ads whose
deadline has passed leave the searchable index; everything else goes through the same incremental
ingestion as a JSONL build, so unchanged ads are not embedded again.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from contextlib import suppress
from datetime import datetime, timedelta
from pathlib import Path

from .ads import BadAdError, ad_from_hit
from .embedders import Embedder, make_embedder
from .ingest import IngestStats, ingest
from .jobtech_client import JobTechClient, JobTechError
from .local_store import LocalStore
from .query import resolve_now
from .service import default_index_dir

LAST_SYNC_KEY = "jobstream_last_sync"


def apply_hits(store, embedder: Embedder, hits: Iterable[dict], *, replace: bool, progress: bool,
               stats: IngestStats | None = None) -> IngestStats:
    """Upsert live hits, drop removed ones (by id, whatever else they lack)."""
    stats = stats or IngestStats()
    ads = []
    removed_ids = []
    for hit in hits:
        stats.seen += 1
        if isinstance(hit, dict) and hit.get("removed") and hit.get("id") is not None:
            removed_ids.append(str(hit["id"]))
            with suppress(BadAdError):  # complete removed hits still count for demand
                ads.append(ad_from_hit(hit))
            continue
        try:
            ads.append(ad_from_hit(hit))
        except BadAdError:
            stats.skipped_bad += 1
    ingest(store, embedder, [a for a in ads if not a.removed] + [a for a in ads if a.removed],
           replace=replace, progress=progress, stats=stats)
    existing = store.existing()
    stats.removed += store.remove_ads([i for i in removed_ids if i in existing])
    return stats


def prune_expired(store, now: datetime) -> int:
    """Remove ads whose application deadline is before `now`."""
    cutoff = now.strftime("%Y-%m-%dT%H:%M:%S")
    expired = [ad_id for ad_id, ad in store.all_ads().items() if ad.deadline and ad.deadline < cutoff]
    return store.remove_ads(expired) if expired else 0


def sync_index(index_dir: str | Path, client: JobTechClient, embedder: Embedder, *, since: datetime | None = None,
               snapshot: bool = False, now: datetime | None = None, progress: bool = True) -> IngestStats:
    now = resolve_now(now)
    store = LocalStore(index_dir)
    try:
        stats = IngestStats()
        last = store.get_info(LAST_SYNC_KEY)
        if since is None and last and not snapshot:
            since = datetime.fromisoformat(last)
        if since is None or snapshot:
            apply_hits(store, embedder, client.snapshot(), replace=True, progress=progress, stats=stats)
        else:
            # a small overlap guards against clock skew between us and the API
            apply_hits(store, embedder, client.stream(since - timedelta(minutes=1)), replace=False,
                       progress=progress, stats=stats)
        stats.removed += prune_expired(store, now)
        store.set_info(LAST_SYNC_KEY, now.isoformat(timespec="seconds"))
        store.finalize()
        return stats
    finally:
        store.close()


def _sync_once(args, index_dir: Path, since: datetime | None, embedder: Embedder) -> int:
    try:
        with JobTechClient(jobstream_url=args.stream_url) as client:
            stats = sync_index(index_dir, client, embedder, since=since, snapshot=args.snapshot,
                               progress=not args.quiet)
    except JobTechError as exc:
        print(f"jobmatch sync: JobStream unavailable: {exc}", file=sys.stderr, flush=True)
        return 3
    print(f"jobmatch sync: {stats.summary()}; index {index_dir}", flush=True)
    return 0


def run_sync(args) -> int:
    """`python -m jobmatch sync` entry point; with --every SECONDS it keeps syncing on that schedule
    (the run command starts it so): each round publishes a new index version, which running servers
    pick up by themselves (see service.MatchService); a failed round is logged and retried next time."""
    index_dir = Path(args.index) if args.index else default_index_dir()
    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since)
        except ValueError:
            print(f"jobmatch sync: --since is not an ISO date-time: {args.since!r}", file=sys.stderr)
            return 2
    embedder = make_embedder(args.embedder)
    every = getattr(args, "every", None)
    rounds = getattr(args, "rounds", None)
    done = 0
    while True:
        code = _sync_once(args, index_dir, since, embedder)
        done += 1
        if not every or (rounds and done >= rounds):
            return code
        since = None  # later rounds continue from the last sync recorded in the index
        args.snapshot = False
        time.sleep(every)
