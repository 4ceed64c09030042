"""Load test: simulated jobseekers talking to the bot through the REST channel.

Each simulated jobseeker holds a realistic conversation (greet, search, more hits, a CV question,
a practice-interview turn) with think time between messages, over and over with fresh sender ids.
The test steps up the number of concurrent jobseekers, each step bounded in time, and reports
messages per second, latency p50/p95/p99 and errors per step, to find the knee on this machine.

By default it starts its own stack (Rasa server, action server, a test index) on free loopback
ports, exactly as the tests do; `--rasa-url` points it at a running one instead. Loopback only.

    .venvs/app/bin/python scripts/bench_load.py --users 1,5,10,20,40 --seconds 40
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.conftest import PINNED_NOW, TEST_INDEX_MUNICIPALITIES  # noqa: E402
from tests.support.servers import (  # noqa: E402
    APP_PYTHON,
    RasaConfig,
    base_env,
    latest_model,
    start_action_server,
    start_rasa_server,
)

CONVERSATION = [
    "hej",
    "jag söker jobb som undersköterska i Stockholm",
    "visa fler",
    "hur skriver jag ett bra personligt brev?",
    "jag vill öva på en intervju",
    "Jag heter Sara och har jobbat fem år i hemtjänsten, där jag ansvarade för planeringen av besöken.",
    "avbryt",
    "tack hej då",
]


@dataclass
class Step:
    users: int
    seconds: float
    messages: int = 0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        ordered = sorted(self.latencies_ms)

        def percentile(p: float) -> float:
            if not ordered:
                return float("nan")
            return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1)

        return {
            "users": self.users, "seconds": round(self.seconds, 1), "messages": self.messages,
            "errors": self.errors, "messages_per_s": round(self.messages / self.seconds, 2),
            "p50_ms": percentile(50), "p95_ms": percentile(95), "p99_ms": percentile(99),
            "mean_ms": round(statistics.fmean(ordered), 1) if ordered else float("nan"),
            "error_samples": self.error_samples[:5],
        }


async def jobseeker(client: httpx.AsyncClient, rasa_url: str, step: Step, stop_at: float,
                    think_time: float, rng: random.Random) -> None:
    """One simulated jobseeker: whole conversations with fresh sender ids until the step ends."""
    await asyncio.sleep(rng.uniform(0, think_time))  # users do not all start in the same millisecond
    while time.monotonic() < stop_at:
        sender = f"load-{uuid.uuid4().hex[:12]}"
        for text in CONVERSATION:
            if time.monotonic() >= stop_at:
                return
            started = time.perf_counter()
            try:
                response = await client.post(f"{rasa_url}/webhooks/rest/webhook",
                                             json={"sender": sender, "message": text})
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200 or not response.json():
                    step.errors += 1
                    step.error_samples.append(f"{response.status_code}: {response.text[:120]!r} for {text!r}")
                else:
                    step.latencies_ms.append(elapsed)
                step.messages += 1
            except httpx.HTTPError as error:
                step.errors += 1
                step.messages += 1
                step.error_samples.append(f"{type(error).__name__}: {error} for {text!r}")
            await asyncio.sleep(rng.expovariate(1 / think_time) if think_time else 0)


async def run_step(rasa_url: str, users: int, seconds: float, think_time: float, seed: int) -> Step:
    step = Step(users, seconds)
    limits = httpx.Limits(max_connections=users + 5, max_keepalive_connections=users + 5)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        started = time.monotonic()
        stop_at = started + seconds
        rng = random.Random(seed)
        await asyncio.gather(*(jobseeker(client, rasa_url, step, stop_at, think_time,
                                         random.Random(rng.random())) for _ in range(users)))
        step.seconds = time.monotonic() - started
    return step


def knee(summaries: list[dict], p95_bar_ms: float) -> str:
    """The first step where queueing shows: p95 over the bar, or the median twice the unloaded one."""
    unloaded_p50 = min(s["p50_ms"] for s in summaries)
    for previous, current in zip(summaries, summaries[1:], strict=False):
        if current["p95_ms"] > p95_bar_ms or current["p50_ms"] > 2 * unloaded_p50:
            return (f"between {previous['users']} and {current['users']} concurrent users "
                    f"({previous['messages_per_s']} → {current['messages_per_s']} msg/s, "
                    f"p50 {previous['p50_ms']} → {current['p50_ms']} ms, "
                    f"p95 {previous['p95_ms']} → {current['p95_ms']} ms)")
    return f"not reached up to {summaries[-1]['users']} users"


def write_report(summaries: list[dict], args: argparse.Namespace, out_dir: Path, profile: str | None) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps({"steps": summaries, "args": vars(args)}, indent=2))
    lines = [
        "# Load test", "",
        f"Conversation of {len(CONVERSATION)} messages per simulated jobseeker, think time "
        f"{args.think_time} s (exponential), {args.seconds:.0f} s per step, REST channel on loopback, "
        f"{os.cpu_count()} cores.", "",
        "| users | messages | msg/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in summaries:
        lines.append(f"| {s['users']} | {s['messages']} | {s['messages_per_s']} | {s['p50_ms']} | "
                     f"{s['p95_ms']} | {s['p99_ms']} | {s['errors']} |")
    lines += ["", f"Knee: {knee(summaries, args.p95_bar_ms)}."]
    at_20 = next((s for s in summaries if s["users"] == 20), None)
    if at_20:
        verdict = "met" if at_20["errors"] == 0 and at_20["p95_ms"] <= args.p95_bar_ms else "NOT met"
        lines += ["", f"Bar at 20 users (0 errors, p95 ≤ {args.p95_bar_ms:.0f} ms): {verdict}."]
    for s in summaries:
        if s["error_samples"]:
            lines += ["", f"Errors at {s['users']} users (samples):", *[f"- {e}" for e in s["error_samples"]]]
    if profile:
        lines += ["", "## Where the time goes (py-spy on the Rasa server at the highest step)", "", profile]
    report = out_dir / "report.md"
    report.write_text("\n".join(lines) + "\n")
    return report


def start_own_stack(work: Path, index: Path | None):
    """Rasa server + action server with a test index, as the test suite starts them."""

    sample = REPO.parent / "shared" / "data" / "ads" / "ads-sample.jsonl"
    env = base_env(JOBBCOACH_VAR=str(work), JOBBCOACH_INDEX=str(index or work / "index"),
                   JOBBCOACH_DB_URL=f"sqlite:///{work / 'jobbcoach.db'}", JOBBCOACH_NOW=PINNED_NOW)
    if index is None:
        subprocess.run([str(APP_PYTHON), "-m", "jobmatch", "build", "--source", str(sample), "--index",
                        env["JOBBCOACH_INDEX"], "--where", f"municipality={TEST_INDEX_MUNICIPALITIES}"],
                       cwd=REPO, env=env, check=True)
    actions = start_action_server(work, env)
    rasa = start_rasa_server(RasaConfig(model=latest_model(), action_url=f"{actions.url}/webhook",
                                        work_dir=work), env)
    return rasa, actions


def profile_rasa(pid: int, seconds: float, out_dir: Path) -> str | None:
    """Sample the Rasa server with py-spy while it is under load; summarise the hottest frames."""
    py_spy = REPO / ".venvs" / "app" / "bin" / "py-spy"
    if not py_spy.exists():
        return None
    raw = out_dir / "rasa-profile.txt"
    subprocess.run([str(py_spy), "record", "--pid", str(pid), "--duration", str(int(seconds)), "--format",
                    "raw", "--output", str(raw), "--nonblocking"], capture_output=True)
    if not raw.exists():
        return None
    totals: dict[str, int] = {}
    all_samples = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        all_samples += int(count)
        seen = set()
        for frame in stack.split(";"):
            name = frame.split(" (")[0]
            location = frame[frame.find("(") + 1:frame.rfind(")")] if "(" in frame else ""
            key = f"{name} ({location.split('site-packages/')[-1]})"
            if key not in seen and any(part in location for part in ("rasa/", "tensorflow/", "sanic/", "keras/")):
                seen.add(key)
                totals[key] = totals.get(key, 0) + int(count)
    top = sorted(totals.items(), key=lambda item: -item[1])[:15]
    return "\n".join(f"- {100 * count / max(all_samples, 1):.0f}% {frame}" for frame, count in top)


async def main_async(args: argparse.Namespace) -> int:
    stack = None
    rasa_url = args.rasa_url
    if not rasa_url:
        work = Path(tempfile.mkdtemp(prefix="jobbcoach-load-"))
        print(f"starting a stack in {work} (model load takes about a minute)")
        stack = start_own_stack(work, Path(args.index) if args.index else None)
        rasa_url = stack[0].url
    host = urlparse(rasa_url).hostname
    if host not in {"127.0.0.1", "localhost", "::1"}:
        print("The load test only targets servers on this machine (loopback).", file=sys.stderr)
        return 2
    Path(args.out).mkdir(parents=True, exist_ok=True)
    try:
        # One unmeasured conversation first: the action server loads its embedding model lazily.
        await run_step(rasa_url, 1, len(CONVERSATION) * 0.5, 0.0, seed=0)
        summaries = []
        profile = None
        levels = [int(n) for n in args.users.split(",")]
        for number, users in enumerate(levels):
            profiling = None
            if args.profile and stack and number == len(levels) - 1:
                profiling = asyncio.get_running_loop().run_in_executor(
                    None, profile_rasa, stack[0].process.pid, args.seconds * 0.8, Path(args.out))
            step = await run_step(rasa_url, users, args.seconds, args.think_time, seed=users)
            if profiling:
                profile = await profiling
            summary = step.summary()
            summaries.append(summary)
            print(f"{users:>4} users: {summary['messages_per_s']:>6} msg/s  p50 {summary['p50_ms']:>7} ms  "
                  f"p95 {summary['p95_ms']:>7} ms  p99 {summary['p99_ms']:>7} ms  errors {summary['errors']}")
        report = write_report(summaries, args, Path(args.out), profile)
        print(f"report: {report}")
        at_20 = next((s for s in summaries if s["users"] == 20), None)
        return 1 if at_20 and at_20["errors"] else 0
    finally:
        if stack:
            for server in stack:
                server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rasa-url", help="a running Rasa server on loopback (default: start one)")
    parser.add_argument("--index", help="an index built before (default: build the test index, minutes)")
    parser.add_argument("--users", default="1,5,10,20,30,40", help="concurrent jobseekers per step")
    parser.add_argument("--seconds", type=float, default=40, help="length of each step")
    parser.add_argument("--think-time", type=float, default=2.0, help="mean pause between messages, s")
    parser.add_argument("--p95-bar-ms", type=float, default=500)
    parser.add_argument("--profile", action="store_true", help="py-spy the Rasa server at the last step")
    parser.add_argument("--out", default=str(REPO / "reports" / "load"))
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
