"""A local stand-in for the Telegram Bot API and the Slack Web API, on a free loopback port.

Rasa's channels are pointed here through their `api_url` credential. The fake answers the calls the
channels make (getMe, setWebhook, sendMessage, getFile and the file download; chat.postMessage) with the shapes the real services
return, and records every call so tests can assert what the bot sent.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.support.servers import free_port

TELEGRAM_BOT_USERNAME = "jobbcoach_test_bot"
TELEGRAM_BOT_ID = 5550001


@dataclass
class ApiCall:
    platform: str  # "telegram" | "slack"
    method: str  # "sendMessage", "chat.postMessage", …
    params: dict[str, Any]
    token: str  # the bot token the call was made with (from the URL or the Authorization header)


@dataclass
class FakePlatforms:
    port: int = field(default_factory=free_port)
    calls: list[ApiCall] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # Telegram file_id -> what a download gives
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def telegram_api_url(self) -> str:
        return f"{self.url}/telegram"

    @property
    def slack_api_url(self) -> str:
        return f"{self.url}/slack/api/"

    # ------------------------------------------------------------------ recording

    def _record(self, call: ApiCall) -> None:
        with self._lock:
            self.calls.append(call)

    def calls_to(self, platform: str, method: str) -> list[ApiCall]:
        with self._lock:
            return [c for c in self.calls if c.platform == platform and c.method == method]

    def wait_for(self, platform: str, method: str, where: Any = lambda call: True,
                 timeout: float = 60) -> list[ApiCall]:
        """Calls of one method matching `where`, waiting until at least one arrives."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [c for c in self.calls_to(platform, method) if where(c)]
            if found:
                time.sleep(0.5)  # a reply may be several messages: let the rest arrive
                return [c for c in self.calls_to(platform, method) if where(c)]
            time.sleep(0.1)
        raise AssertionError(f"no {platform} {method} call arrived in {timeout:.0f} s; calls: {self.calls}")

    # ------------------------------------------------------------------ the fake APIs

    async def _params(self, request: Request) -> dict[str, Any]:
        if request.headers.get("content-type", "").startswith("application/json"):
            body = await request.body()
            return await request.json() if body else {}
        form = await request.form()
        return {key: value for key, value in form.items()}

    async def telegram(self, request: Request) -> JSONResponse:
        token, method = request.path_params["token"], request.path_params["method"]
        params = {**request.query_params, **(await self._params(request))}
        self._record(ApiCall("telegram", method, params, token))
        if method == "getMe":
            result: Any = {"id": TELEGRAM_BOT_ID, "is_bot": True, "first_name": "Jobbcoach",
                           "username": TELEGRAM_BOT_USERNAME}
        elif method in {"setWebhook", "deleteWebhook"}:
            result = True
        elif method == "getFile" and params.get("file_id") in self.files:
            file_id = params["file_id"]
            result = {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_size": len(self.files[file_id]),
                      "file_path": f"documents/{file_id}"}
        elif method == "sendMessage":
            result = {"message_id": next(self._ids), "date": int(time.time()),
                      "chat": {"id": int(params["chat_id"]), "type": "private"},
                      "from": {"id": TELEGRAM_BOT_ID, "is_bot": True, "first_name": "Jobbcoach"},
                      "text": params.get("text", "")}
        else:
            return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, status_code=404)
        return JSONResponse({"ok": True, "result": result})

    async def telegram_file(self, request: Request) -> Response:
        """A file's bytes, as api.telegram.org/file/bot<token>/<file_path> serves them."""
        file_id = request.path_params["path"].removeprefix("documents/")
        self._record(ApiCall("telegram", "file", {"file_path": request.path_params["path"]},
                             request.path_params["token"]))
        if file_id not in self.files:
            return Response(status_code=404)
        return Response(self.files[file_id], media_type="application/octet-stream")

    async def slack(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        params = await self._params(request)
        self._record(ApiCall("slack", method, params, token))
        if method == "chat.postMessage":
            return JSONResponse({"ok": True, "channel": params.get("channel"), "ts": f"{time.time():.6f}",
                                 "message": {"text": params.get("text", ""), "type": "message"}})
        return JSONResponse({"ok": True})

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakePlatforms:
        app = Starlette(routes=[
            Route("/telegram/bot{token}/{method}", self.telegram, methods=["GET", "POST"]),
            Route("/telegram/file/bot{token}/{path:path}", self.telegram_file, methods=["GET"]),
            Route("/slack/api/{method}", self.slack, methods=["GET", "POST"]),
        ])
        # Long keep-alive, as the real APIs have: the first answer of a freshly loaded model can take
        # longer than uvicorn's 5 s default, and aiohttp would then write into a connection closed under it.
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off",
                                timeout_keep_alive=300)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=lambda: asyncio.run(self._server.serve()), daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the fake platform server did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        if self._server:
            self._server.should_exit = True
        if self._thread:
            self._thread.join(timeout=10)
