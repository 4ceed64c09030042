"""Load test: simulated jobseekers talking to the bot through the REST channel.

Each simulated jobseeker holds a realistic conversation (greet, search, more hits, a CV question,
a practice-interview turn) with think time between messages, over and over with fresh sender ids.
The test steps up the number of concurrent jobseekers, each step bounded in time, and reports
messages per second, latency p50/p95/p99 and errors per step, to find the knee on this machine.

It measures the run command's own stack (scripts/run.sh on free loopback ports, a test index), once
per layout: `--layouts 1,2` is the default single Rasa process and two Rasa processes behind HAProxy
(JOBBCOACH_RASA_PROCESSES=2). The resident memory of every service is read after the start, after
the steps, and during a soak (`--soak-minutes`, at `--soak-users`) every half minute, to show what
grows. `--rasa-url` points it at a running server instead. Loopback only.

    .venvs/app/bin/python scripts/bench_load.py --layouts 1,2 --users 1,10,20,40,80 --soak-minutes 30
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
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from jobbcoach_settings import get_settings  # noqa: E402 - after the checkout is importable
from scripts.load_stack import RunCommandStack  # noqa: E402
from tests.conftest import PINNED_NOW, TEST_INDEX_MUNICIPALITIES  # noqa: E402
from tests.support.servers import base_env  # noqa: E402
from tests.support.test_indexes import cached_index  # noqa: E402

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


async def run_step(rasa_url: str, token: str, users: int, seconds: float, think_time: float, seed: int) -> Step:
    step = Step(users, seconds)
    limits = httpx.Limits(max_connections=users + 5, max_keepalive_connections=users + 5)
    headers = {"Authorization": f"Bearer {token}"}  # the REST channel answers only holders of the token
    async with httpx.AsyncClient(timeout=30, limits=limits, headers=headers) as client:
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


def steps_table(summaries: list[dict]) -> list[str]:
    lines = ["| users | messages | msg/s | p50 ms | p95 ms | p99 ms | errors |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for s in summaries:
        lines.append(f"| {s['users']} | {s['messages']} | {s['messages_per_s']} | {s['p50_ms']} | "
                     f"{s['p95_ms']} | {s['p99_ms']} | {s['errors']} |")
    return lines


def memory_table(memory: dict[str, dict[str, float]]) -> list[str]:
    """RSS of each service (rows) at each moment (columns), MB."""
    moments = list(memory)
    services = sorted({name for at in memory.values() for name in at})
    lines = ["| service | " + " | ".join(moments) + " |", "|---|" + "---:|" * len(moments)]
    for name in services:
        lines.append(f"| {name} | " + " | ".join(str(memory[m].get(name, "–")) for m in moments) + " |")
    return lines


def write_report(layouts: list[dict], args: argparse.Namespace, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps({"layouts": layouts, "args": vars(args)}, indent=2))
    lines = [
        "# Load test", "",
        f"Conversation of {len(CONVERSATION)} messages per simulated jobseeker, think time "
        f"{args.think_time} s (exponential), {args.seconds:.0f} s per step, REST channel on loopback, "
        f"{os.cpu_count()} cores, the run command's stack (scripts/run.sh).",
    ]
    for layout in layouts:
        summaries = layout["steps"]
        lines += ["", f"## {layout['name']}", ""]
        if layout.get("start_seconds"):
            lines += [f"Run command up (nothing to set up, train or build) in {layout['start_seconds']} s.", ""]
        lines += steps_table(summaries)
        lines += ["", f"Knee: {knee(summaries, args.p95_bar_ms)}."]
        at_20 = next((s for s in summaries if s["users"] == 20), None)
        if at_20:
            verdict = "met" if at_20["errors"] == 0 and at_20["p95_ms"] <= args.p95_bar_ms else "NOT met"
            lines += ["", f"Bar at 20 users (0 errors, p95 ≤ {args.p95_bar_ms:.0f} ms): {verdict}."]
        for s in summaries:
            if s["error_samples"]:
                lines += ["", f"Errors at {s['users']} users (samples):", *[f"- {e}" for e in s["error_samples"]]]
        if layout.get("memory"):
            lines += ["", "Resident memory, MB:", "", *memory_table(layout["memory"])]
        if layout.get("soak"):
            soak = layout["soak"]
            lines += ["", f"Soak: {soak['users']} users for {soak['minutes']} min, {soak['messages']} messages, "
                      f"{soak['errors']} errors, p95 {soak['p95_ms']} ms. RSS growth from the soak's first "
                      "sample to its last: " + ", ".join(f"{k} {v:+.1f} %" for k, v in soak["growth_percent"].items())
                      + ".", "", *memory_table(soak["samples"])]
        if layout.get("profile"):
            lines += ["", "Where the time goes (py-spy on a Rasa process at the highest step):", "", layout["profile"]]
    report = out_dir / "report.md"
    report.write_text("\n".join(lines) + "\n")
    return report


def profile_rasa(pid: int, seconds: float, out_dir: Path, name: str) -> str | None:
    """Sample a Rasa process with py-spy while it is under load; summarise the hottest frames."""
    py_spy = REPO / ".venvs" / "app" / "bin" / "py-spy"
    if not py_spy.exists():
        return None
    raw = out_dir / f"rasa-profile-{name}.txt"
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
            name_ = frame.split(" (")[0]
            location = frame[frame.find("(") + 1:frame.rfind(")")] if "(" in frame else ""
            key = f"{name_} ({location.split('site-packages/')[-1]})"
            if key not in seen and any(part in location for part in ("rasa/", "tensorflow/", "sanic/", "keras/")):
                seen.add(key)
                totals[key] = totals.get(key, 0) + int(count)
    top = sorted(totals.items(), key=lambda item: -item[1])[:15]
    return "\n".join(f"- {100 * count / max(all_samples, 1):.0f}% {frame}" for frame, count in top)


async def measure(rasa_url: str, token: str, args: argparse.Namespace, stack: RunCommandStack | None,
                  name: str) -> dict:
    """The steps (and the soak) against one server; memory of the stack's services when there is one."""
    out_dir = Path(args.out)
    # One unmeasured conversation first: the action server loads its embedding model lazily.
    await run_step(rasa_url, token, 1, len(CONVERSATION) * 0.5, 0.0, seed=0)
    layout: dict = {"name": name, "steps": [], "memory": {}}
    if stack:
        layout["start_seconds"] = stack.start_seconds
        layout["memory"]["after start"] = stack.rss_mb()
    levels = [int(n) for n in args.users.split(",")]
    for number, users in enumerate(levels):
        profiling = None
        if args.profile and stack and number == len(levels) - 1:
            profiling = asyncio.get_running_loop().run_in_executor(
                None, profile_rasa, stack.rasa_pids()[0], args.seconds * 0.8, out_dir, name.split()[0])
        step = await run_step(rasa_url, token, users, args.seconds, args.think_time, seed=users)
        if profiling:
            layout["profile"] = await profiling
        summary = step.summary()
        layout["steps"].append(summary)
        print(f"[{name}] {users:>4} users: {summary['messages_per_s']:>6} msg/s  p50 {summary['p50_ms']:>7} ms  "
              f"p95 {summary['p95_ms']:>7} ms  p99 {summary['p99_ms']:>7} ms  errors {summary['errors']}")
    if stack:
        layout["memory"]["after the steps"] = stack.rss_mb()
    if stack and args.soak_minutes > 0:
        layout["soak"] = await soak(rasa_url, token, args, stack)
        layout["memory"]["after the soak"] = stack.rss_mb()
    return layout


async def soak(rasa_url: str, token: str, args: argparse.Namespace, stack: RunCommandStack) -> dict:
    """`--soak-users` jobseekers for `--soak-minutes`, RSS of every service each half minute."""
    samples: dict[str, dict[str, float]] = {}
    total = Step(args.soak_users, 0)
    started = time.monotonic()
    while (elapsed := time.monotonic() - started) < args.soak_minutes * 60:
        chunk = await run_step(rasa_url, token, args.soak_users, min(30.0, args.soak_minutes * 60 - elapsed),
                               args.think_time, seed=int(elapsed))
        total.messages += chunk.messages
        total.errors += chunk.errors
        total.latencies_ms += chunk.latencies_ms
        samples[f"{(time.monotonic() - started) / 60:.1f} min"] = stack.rss_mb()
        print(f"[soak] {list(samples)[-1]}: {samples[list(samples)[-1]]}")
    total.seconds = time.monotonic() - started
    first, last = samples[next(iter(samples))], samples[list(samples)[-1]]
    growth = {name: 100 * (last.get(name, 0) - mb) / mb for name, mb in first.items() if mb}
    summary = total.summary()
    return {"users": args.soak_users, "minutes": args.soak_minutes, "messages": total.messages,
            "errors": total.errors, "p95_ms": summary["p95_ms"], "growth_percent": growth, "samples": samples}


async def main_async(args: argparse.Namespace) -> int:
    Path(args.out).mkdir(parents=True, exist_ok=True)
    layouts = []
    if args.rasa_url:
        if urlparse(args.rasa_url).hostname not in {"127.0.0.1", "localhost", "::1"}:
            print("The load test only targets servers on this machine (loopback).", file=sys.stderr)
            return 2
        layouts.append(await measure(args.rasa_url, get_settings().rasa_token(), args, None, "given server"))
    else:
        sample = REPO.parent / "shared" / "data" / "ads" / "ads-sample.jsonl"
        index = Path(args.index) if args.index else cached_index(sample, TEST_INDEX_MUNICIPALITIES)
        for processes in (int(n) for n in args.layouts.split(",")):
            name = f"{processes} Rasa process{'es behind HAProxy' if processes > 1 else ''}"
            print(f"starting the run command with {name} (model load takes about a minute)")
            with RunCommandStack(processes, index, base_env(JOBBCOACH_NOW=PINNED_NOW)) as stack:
                layouts.append(await measure(stack.rasa_url, stack.token(), args, stack, name))
    report = write_report(layouts, args, Path(args.out))
    print(f"report: {report}")
    return 1 if any(s["errors"] for layout in layouts for s in layout["steps"] if s["users"] == 20) else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rasa-url", help="a running Rasa server on loopback (default: start the run command)")
    parser.add_argument("--index", help="an index built before (default: the test index, built once)")
    parser.add_argument("--layouts", default="1,2", help="Rasa processes per measured stack, in order")
    parser.add_argument("--users", default="1,10,20,40,80", help="concurrent jobseekers per step")
    parser.add_argument("--seconds", type=float, default=40, help="length of each step")
    parser.add_argument("--think-time", type=float, default=2.0, help="mean pause between messages, s")
    parser.add_argument("--p95-bar-ms", type=float, default=150)
    parser.add_argument("--soak-minutes", type=float, default=0, help="a soak after the steps, per layout")
    parser.add_argument("--soak-users", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="py-spy a Rasa process at the last step")
    parser.add_argument("--out", default=str(REPO / "reports" / "load"))
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
