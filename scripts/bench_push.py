"""Push benchmark: the memory of 1,000 open widget streams, and how fast a push reaches them.

Starts the real web app (uvicorn web.app:app, one process, as the run command does) on a free
loopback port with a store of its own, opens N server-sent-event streams to GET /api/chat/stream,
each as its own widget sender (the id in the X-Jobbcoach-Sender header), and measures the web
app's resident memory (RSS, with its children) before and with the streams open. Then it pushes one
message to a sample of the senders through POST /internal/push and times each until it arrives on
its stream. Bar (issue 15): 1,000 open streams under 200 MB. Writes reports/push/bench-push.{json,md}.

    .venvs/app/bin/python scripts/bench_push.py --streams 1000 --sample 200
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.servers import base_env, free_port  # noqa: E402  (the repo is put on the path first)
from tests.support.web import start_web_app  # noqa: E402

REPORTS = REPO / "reports" / "push"
BAR_MB = 200
SETTLE_S = 3  # let the streams' first outbox reads finish before RSS is read


def rss_mb(pid: int) -> float:
    process = psutil.Process(pid)
    total = process.memory_info().rss + sum(child.memory_info().rss for child in process.children(recursive=True))
    return total / 2**20


class Stream:
    """One widget's open stream; records when each pushed message id arrives."""

    def __init__(self, sender: str) -> None:
        self.sender = sender
        self.ready = asyncio.Event()
        self.arrived: dict[str, float] = {}
        self.got_message = asyncio.Event()

    async def run(self, client: httpx.AsyncClient, url: str) -> None:
        async with client.stream("GET", f"{url}/api/chat/stream", headers={"X-Jobbcoach-Sender": self.sender}) as r:
            r.raise_for_status()
            event = None
            async for line in r.aiter_lines():
                if line.startswith("event:"):
                    event = line.split(":", 1)[1].strip()
                elif line.startswith("data:") and event == "ready":
                    self.ready.set()
                elif line.startswith("data:") and event == "push":
                    text = json.loads(line.split(":", 1)[1])["text"]
                    self.arrived[text] = time.perf_counter()
                    self.got_message.set()


async def bench(url: str, pid: int, token: str, streams: int, sample: int) -> dict:
    idle_mb = rss_mb(pid)
    limits = httpx.Limits(max_connections=streams + 50, max_keepalive_connections=streams + 50)
    timeout = httpx.Timeout(30, read=None)
    opened = [Stream(uuid.uuid4().hex) for _ in range(streams)]
    async with httpx.AsyncClient(limits=limits, timeout=timeout) as client:
        started = time.perf_counter()
        tasks = []
        for stream in opened:
            tasks.append(asyncio.create_task(stream.run(client, url)))
            await asyncio.sleep(0)  # a widget opens at its own moment, not all in one tick
        await asyncio.wait_for(asyncio.gather(*(s.ready.wait() for s in opened)), timeout=300)
        open_s = time.perf_counter() - started
        await asyncio.sleep(SETTLE_S)
        open_mb = rss_mb(pid)

        latencies = []
        async with httpx.AsyncClient(timeout=30) as pusher:
            for stream in opened[:: max(1, streams // sample)][:sample]:
                text = f"bench {stream.sender}"
                stream.got_message.clear()
                sent = time.perf_counter()
                response = await pusher.post(f"{url}/internal/push", headers={"X-Jobbcoach-Internal": token},
                                             json={"sender_id": stream.sender, "messages": [{"text": text}]})
                response.raise_for_status()
                await asyncio.wait_for(stream.got_message.wait(), timeout=30)
                latencies.append((stream.arrived[text] - sent) * 1000)
        with_pushes_mb = rss_mb(pid)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    latencies.sort()
    return {
        "streams": streams,
        "rss_idle_mb": round(idle_mb, 1),
        "rss_open_mb": round(open_mb, 1),
        "rss_after_pushes_mb": round(with_pushes_mb, 1),
        "per_stream_kb": round((open_mb - idle_mb) * 1024 / streams, 1),
        "open_all_s": round(open_s, 2),
        "pushes": len(latencies),
        "push_to_stream_ms_p50": round(statistics.median(latencies), 1),
        "push_to_stream_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "push_to_stream_ms_max": round(latencies[-1], 1),
        "load_average_1m": round(os.getloadavg()[0], 1),  # the machine is shared: latencies depend on it
        "bar_mb": BAR_MB,
        "passes": open_mb < BAR_MB and with_pushes_mb < BAR_MB,
    }


def write_report(result: dict) -> None:
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "bench-push.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    verdict = "under" if result["passes"] else "OVER"
    (REPORTS / "bench-push.md").write_text(
        "# Push: open widget streams and delivery\n\n"
        f"`make bench-push`: one uvicorn web app process, {result['streams']} SSE streams open at once "
        "(each its own widget sender), then single pushes through POST /internal/push to a sample of them.\n\n"
        "| figure | value |\n|---|---|\n"
        f"| RSS idle | {result['rss_idle_mb']} MB |\n"
        f"| RSS with {result['streams']} streams open | **{result['rss_open_mb']} MB** ({verdict} the "
        f"{result['bar_mb']} MB bar) |\n"
        f"| RSS after {result['pushes']} pushes | {result['rss_after_pushes_mb']} MB |\n"
        f"| memory per open stream | {result['per_stream_kb']} KB |\n"
        f"| time to open all streams | {result['open_all_s']} s |\n"
        f"| push → stream, p50 / p95 / max | {result['push_to_stream_ms_p50']} / "
        f"{result['push_to_stream_ms_p95']} / {result['push_to_stream_ms_max']} ms |\n"
        f"| load average (1 min) during the run, 2 cores | {result['load_average_1m']} |\n",
        encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=200, help="how many of the streams get a timed push")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-push-") as tmp:
        work = Path(tmp)
        env = base_env(JOBBCOACH_VAR=str(work), JOBBCOACH_DB_URL=f"sqlite:///{work / 'jobbcoach.db'}")
        server = start_web_app(work, env, f"http://127.0.0.1:{free_port()}", None, name="web-bench-push")
        try:
            token = (work / "internal_token").read_text(encoding="utf-8").strip()
            result = asyncio.run(bench(server.url, server.process.pid, token, args.streams, args.sample))
        finally:
            server.stop()
    write_report(result)
    print(json.dumps(result, indent=2))  # noqa: T201


if __name__ == "__main__":
    main()
