"""Insight benchmark: the labour-market queries on 100,000 ads and 100,000 conversations' searches,
on SQLite and on PostgreSQL, each timed with the cache cold.

What it does: generates the ads synthetically straight into the tables the index build writes (the
history and the per-ad skills; no text, no embedding: insight reads neither), with occupation
groups, municipalities and skills drawn from the taxonomy with a Zipf-like skew (big groups, big
towns), publication dates over the year before "now"; and 100,000 conversations' searches (1-3
each, an occupation with its group, 0-2 skills and a place) straight into a migrated store's
supply_signals. Then it times each question as the API asks it (jobmatch.insight's SQL, the store's
k-anonymous counts, and the API's whole demand answer with tightness), with the cache cleared before
every call, over varied places and occupations, and reports p50/p95. Bar (issue 16): p95 at most
200 ms with the cache cold.
Writes reports/insight/report.md and bench-insight.json.

    .venvs/app/bin/python scripts/bench_insight.py --ads 100000 --conversations 100000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from jobmatch.insight import Area, InsightSQL, clear_cache, period_for, sqlite_runner  # noqa: E402
from jobmatch.local_store import LocalStore  # noqa: E402
from jobmatch.vocab import vocabulary  # noqa: E402
from migrations import upgrade  # noqa: E402
from store import supply  # noqa: E402
from store.db import engine_for  # noqa: E402
from swedish.places import all_municipalities  # noqa: E402

REPORTS = REPO / "reports" / "insight"
BAR_MS = 200.0
NOW = datetime(2026, 11, 27, 12, 0)  # naive UTC, as jobmatch.query.resolve_now gives it
RUNS = 30  # calls per question and backend: enough for a p95 that is not the single slowest call
SEED = 16


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1.0 / (rank ** s) for rank in range(1, n + 1)]


class Market:
    """The taxonomy the synthetic data is drawn from, in a fixed random order per seed."""

    def __init__(self, rng: random.Random) -> None:
        vocab = vocabulary()
        self.rng = rng
        self.groups = [c for c in vocab.concepts.values() if c.kind == "group"]
        rng.shuffle(self.groups)
        self.occupations = {g.ssyk: [o.id for o in vocab.occupations_of_group(g.ssyk)] or [""] for g in self.groups}
        skills = [c.id for c in vocab.concepts.values() if c.kind in ("skill", "licence")]
        rng.shuffle(skills)
        self.skills_of = {g.ssyk: rng.sample(skills[:600], 15) for g in self.groups}
        self.places = all_municipalities()
        rng.shuffle(self.places)
        self.group_weights = zipf_weights(len(self.groups))
        self.place_weights = zipf_weights(len(self.places), 0.9)

    def group(self):
        return self.rng.choices(self.groups, self.group_weights)[0]

    def place(self):
        return self.rng.choices(self.places, self.place_weights)[0]

    def skills(self, ssyk: str, most: int) -> list[str]:
        count = self.rng.randint(0, most)
        return list(dict.fromkeys(self.rng.choices(self.skills_of[ssyk], zipf_weights(15), k=count)))


def ad_rows(market: Market, count: int) -> tuple[list[tuple], list[tuple]]:
    """(history rows, history_skills rows) in the tables' column order."""
    history, skills = [], []
    for number in range(count):
        group, place = market.group(), market.place()
        published = (NOW - timedelta(seconds=market.rng.randint(0, 365 * 86400))).strftime("%Y-%m-%dT%H:%M:%S")
        occupation = market.rng.choice(market.occupations[group.ssyk])
        ad_id = f"bench{number}"
        history.append((ad_id, published, occupation, "", f"g{group.ssyk}", group.label, group.ssyk,
                        place.municipality_code, place.region_code))
        skills.extend((ad_id, skill, published, place.municipality_code, place.region_code, group.ssyk, occupation)
                      for skill in market.skills(group.ssyk, 6))
    return history, skills


def signal_rows(market: Market, conversations: int) -> list[tuple]:
    """supply_signals rows (sender_id, source, kind, concept, municipality_code, region_code, at)."""
    rows = []
    for person in range(conversations):
        sender = f"bench-sender-{person:06d}"
        for _ in range(market.rng.randint(1, 3)):
            group, place = market.group(), market.place()
            at = datetime(2026, 11, 27, 11, tzinfo=UTC) - timedelta(seconds=market.rng.randint(0, 180 * 86400))
            occupation = market.rng.choice(market.occupations[group.ssyk])
            facets = [("occupation", occupation), ("group", group.ssyk)] + [
                ("skill", s) for s in market.skills(group.ssyk, 2)]
            rows.extend((sender, "search", kind, concept, place.municipality_code, place.region_code, at)
                        for kind, concept in facets if concept)
    return rows


def sqlite_tables(directory: Path, history: list[tuple], skills: list[tuple]) -> InsightSQL:
    store = LocalStore(directory)
    store.db.executemany("INSERT INTO history VALUES (?,?,?,?,?,?,?,?,?)", history)
    store.db.executemany("INSERT INTO history_skills VALUES (?,?,?,?,?,?,?)", skills)
    store.db.commit()
    store.db.execute("ANALYZE")
    store.close()
    return InsightSQL(sqlite_runner(directory / "meta.sqlite"), "history", "history_skills", "?")


def store_signals(url: str, rows: list[tuple]) -> None:
    """The rows into a migrated store: sqlite3 executemany or PostgreSQL COPY (the ORM would take minutes)."""
    upgrade(url)
    engine = engine_for(url)
    columns = "sender_id, source, kind, concept, municipality_code, region_code, at"
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if url.startswith("sqlite"):
            cursor.executemany(f"INSERT INTO supply_signals ({columns}) VALUES (?,?,?,?,?,?,?)",
                               [(*r[:6], r[6].strftime("%Y-%m-%d %H:%M:%S.%f")) for r in rows])
            cursor.execute("ANALYZE")
        else:
            with cursor.copy(f"COPY supply_signals ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute("ANALYZE supply_signals")
        raw.commit()
    finally:
        raw.close()


def pg_tables(url: str, history: list[tuple], skills: list[tuple]):
    from jobmatch.pgvector_store import PgVectorIndex

    index = PgVectorIndex(url)
    with index.pool.connection() as db, db.cursor() as cur:
        for table, rows in (("jm_history", history), ("jm_history_skills", skills)):
            with cur.copy(f"COPY {table} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        db.execute("ANALYZE jm_history")
        db.execute("ANALYZE jm_history_skills")
    return index


def questions(market: Market, store_url: str, source: InsightSQL) -> dict[str, Callable[[int], object]]:
    """Each question as a function of the call number (so calls vary the place and occupation)."""
    top_places = market.places[:40]
    top_groups = market.groups[:40]
    quarter = period_for("quarter", NOW)
    start, end = (datetime.fromisoformat(quarter.start).replace(tzinfo=UTC),
                  datetime.fromisoformat(quarter.end).replace(tzinfo=UTC))

    def place(i):
        return top_places[i % len(top_places)]

    def group(i):
        return top_groups[i % len(top_groups)].ssyk

    def demand_with_tightness(i):
        answer = source.demand(Area(municipality_code=place(i).municipality_code), quarter, 10)
        for kind, key, items in (("group", "ssyk", answer["occupation_groups"]), ("skill", "id", answer["skills"])):
            supply.jobseekers_per_concept(kind, [x[key] for x in items], start, end,
                                          municipality_code=place(i).municipality_code, url=store_url)
        return answer

    return {
        "demand, a municipality, this quarter": lambda i: source.demand(
            Area(municipality_code=place(i).municipality_code), quarter, 10),
        "demand, a county, this quarter": lambda i: source.demand(Area(region_code=place(i).region_code), quarter, 10),
        "demand, the whole country, this quarter": lambda i: source.demand(Area(), quarter, 10),
        "demand, the whole country, 90 days": lambda i: source.demand(Area(), period_for("90d", NOW), 10),
        "places with most ads, a group": lambda i: source.places(group(i), quarter, top=10),
        "skills of a group in a county": lambda i: source.demand(Area(region_code=place(i).region_code), quarter,
                                                                 10, occupation=group(i)),
        "supply: municipalities by jobseekers, a group (k=10)": lambda i: supply.jobseekers_by_place(
            "group", group(i), start, end, url=store_url),
        "API demand answer with tightness, a municipality": demand_with_tightness,
    }


def timed(question: Callable[[int], object], runs: int) -> dict[str, float]:
    """p50/p95 of `runs` calls, the answer cache cleared before each; one untimed call first opens
    the connections (a server opens them once, not per question)."""
    question(runs)
    times = []
    for i in range(runs):
        clear_cache()
        started = time.perf_counter()
        question(i)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
            "max_ms": round(times[-1], 1)}


def report(results: dict, meta: dict) -> str:
    lines = ["# Insight queries: cache cold", "",
             f"`make bench-insight` ({meta['date']}): {meta['ads']:,} synthetic ads ({meta['skill_rows']:,} ad-skill rows) "
             f"and {meta['conversations']:,} conversations ({meta['signal_rows']:,} search rows), \"now\" "
             f"{NOW.isoformat()}; each question {meta['runs']} times over varied places and groups, the cache cleared "
             f"before every call (one untimed call per question first opens the database connections). Load average at the start: {meta['load']}. Bar: p95 ≤ {BAR_MS:.0f} ms.", "",
             "| question | SQLite p50 | SQLite p95 | PostgreSQL p50 | PostgreSQL p95 |", "|---|---:|---:|---:|---:|"]
    for name in results["sqlite"]:
        sq, pg = results["sqlite"][name], results.get("postgresql", {}).get(name, {})
        lines.append(f"| {name} | {sq['p50_ms']} ms | {sq['p95_ms']} ms | {pg.get('p50_ms', '–')} ms | "
                     f"{pg.get('p95_ms', '–')} ms |")
    worst = max(r["p95_ms"] for backend in results.values() for r in backend.values())
    lines += ["", f"Slowest p95: **{worst} ms** ({'within' if worst <= BAR_MS else 'over'} the {BAR_MS:.0f} ms bar).",
              "", "Data generation and loading (not timed above): "
              f"{meta['generate_s']} s to generate, SQLite {meta['sqlite_load_s']} s, "
              f"PostgreSQL {meta.get('pg_load_s', '–')} s.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", type=int, default=100_000)
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    rng = random.Random(SEED)
    meta = {"date": time.strftime("%Y-%m-%d %H:%M"), "ads": args.ads, "conversations": args.conversations,
            "runs": args.runs, "load": " / ".join(f"{x:.1f}" for x in os.getloadavg())}
    started = time.perf_counter()
    market = Market(rng)
    history, skills = ad_rows(market, args.ads)
    signals = signal_rows(market, args.conversations)
    meta.update(generate_s=round(time.perf_counter() - started, 1), skill_rows=len(skills), signal_rows=len(signals))
    print(f"generated {len(history):,} ads, {len(skills):,} ad-skill rows, {len(signals):,} search rows "
          f"in {meta['generate_s']} s", flush=True)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="jobbcoach-bench-insight-") as work:
        started = time.perf_counter()
        source = sqlite_tables(Path(work) / "index", history, skills)
        store_url = f"sqlite:///{work}/store.db"
        store_signals(store_url, signals)
        meta["sqlite_load_s"] = round(time.perf_counter() - started, 1)
        results["sqlite"] = {name: timed(q, args.runs) for name, q in questions(market, store_url, source).items()}
        for name, figures in results["sqlite"].items():
            print(f"SQLite      {name}: p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms", flush=True)
    if not args.no_postgres:
        from tests.support.databases import PostgresServer

        server = PostgresServer.start()
        try:
            started = time.perf_counter()
            index = pg_tables(f"postgresql://{server.user}@127.0.0.1:{server.port}/postgres", history, skills)
            store_url = server.create_database("store")
            store_signals(store_url, signals)
            meta["pg_load_s"] = round(time.perf_counter() - started, 1)
            results["postgresql"] = {name: timed(q, args.runs)
                                     for name, q in questions(market, store_url, index.insight()).items()}
            for name, figures in results["postgresql"].items():
                print(f"PostgreSQL  {name}: p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms", flush=True)
            index.close()
            engine_for(store_url).dispose()
        finally:
            server.stop()
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "bench-insight.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2), "utf-8")
    text = report(results, meta)
    (REPORTS / "report.md").write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
