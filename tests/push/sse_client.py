"""A test client for the widget's event stream: reads it in a thread, as the widget does with fetch."""

from __future__ import annotations

import json
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Pushed:
    id: int
    message: dict[str, Any]


@dataclass
class StreamClient:
    base_url: str
    sender: str
    events: queue.Queue = field(default_factory=queue.Queue)
    ready: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> StreamClient:
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        if not self.ready.wait(10):
            raise AssertionError("the stream did not open")
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()

    def _read(self) -> None:
        try:
            self._read_stream()
        except httpx.HTTPError:
            return  # the server went away (a restart in the test): the stream just ends

    def _read_stream(self) -> None:
        with httpx.Client(timeout=httpx.Timeout(5, read=None)) as client, client.stream(
                "GET", f"{self.base_url}/api/chat/stream", headers={"X-Jobbcoach-Sender": self.sender}) as response:
            response.raise_for_status()
            frame: dict[str, str] = {}
            for line in response.iter_lines():
                if self._stop.is_set():
                    return
                if line == "":
                    self._dispatch(frame)
                    frame = {}
                elif not line.startswith(":") and ":" in line:
                    name, value = line.split(":", 1)
                    frame[name] = frame.get(name, "") + value.removeprefix(" ")

    def _dispatch(self, frame: dict[str, str]) -> None:
        if frame.get("event") == "ready":
            self.ready.set()
        elif frame.get("event") == "push":
            self.events.put(Pushed(int(frame["id"]), json.loads(frame["data"])))

    def next(self, timeout: float = 5) -> Pushed:
        return self.events.get(timeout=timeout)

    def drain(self, wait: float = 1.0) -> list[Pushed]:
        time.sleep(wait)
        found = []
        while not self.events.empty():
            found.append(self.events.get())
        return found
