"""A document sent to the bot on Telegram, in Rasa's runtime, over real HTTP on 127.0.0.1: a fake
Bot API (getFile and the file download) and a fake web app door (/internal/cv) in one aiohttp server.
The channel checks the size Telegram declares before downloading, cuts a download that grows past
the limit, and hands the bytes, or only the problem, to the web app with the internal token."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import unquote

import pytest
from aiohttp import web

from bot.channels.telegram import MAX_DOCUMENT_BYTES, TelegramChannel, sent_document

TOKEN = "123:telegram-test-token"
INTERNAL = "cv-rasa-test-internal-token"
CV = b"%PDF-1.7 a small CV"


class Fakes:
    """What the channel asked of Telegram, and what reached the web app."""

    def __init__(self, served: bytes, declared: int | None) -> None:
        self.served, self.declared = served, declared
        self.telegram: list[str] = []
        self.handed: list[dict[str, Any]] = []

    async def get_file(self, request: web.Request) -> web.Response:
        self.telegram.append("getFile")
        body = await request.json()
        return web.json_response({"ok": True, "result": {"file_id": body["file_id"], "file_unique_id": "u1",
                                                         "file_size": self.declared, "file_path": "documents/cv.pdf"}})

    async def download(self, request: web.Request) -> web.Response:
        self.telegram.append(f"download {request.match_info['path']}")
        return web.Response(body=self.served)

    async def internal_cv(self, request: web.Request) -> web.Response:
        self.handed.append({"query": dict(request.query), "headers": dict(request.headers), "body": await request.read()})
        return web.json_response({"read": True, "problem": None})


async def hand_over(fakes: Fakes, document: dict[str, Any], monkeypatch) -> None:
    app = web.Application()
    app.router.add_post(f"/telegram/bot{TOKEN}/getFile", fakes.get_file)
    app.router.add_get(f"/telegram/file/bot{TOKEN}/{{path:.+}}", fakes.download)
    app.router.add_post("/internal/cv", fakes.internal_cv)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    monkeypatch.setenv("JOBBCOACH_WEB_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("JOBBCOACH_INTERNAL_TOKEN", INTERNAL)
    channel = TelegramChannel(TOKEN, "jobbcoach_test_bot", "https://example.invalid/webhook")
    channel.api_url = f"http://127.0.0.1:{port}/telegram"
    try:
        await channel.hand_over_document("5123456789", document)
    finally:
        await runner.cleanup()


def test_a_document_is_downloaded_and_handed_to_the_web_app(monkeypatch):
    fakes = Fakes(CV, declared=len(CV))
    document = {"file_id": "F1", "file_name": "Mitt CV (2026).pdf", "mime_type": "application/pdf", "file_size": len(CV)}
    asyncio.run(hand_over(fakes, document, monkeypatch))
    assert fakes.telegram == ["getFile", "download documents/cv.pdf"]
    [handed] = fakes.handed
    assert handed["query"] == {"sender_id": "5123456789", "channel": "telegram"}
    assert handed["body"] == CV
    assert handed["headers"]["X-Jobbcoach-Internal"] == INTERNAL
    assert unquote(handed["headers"]["X-Jobbcoach-Filename"]) == "Mitt CV (2026).pdf"
    assert handed["headers"]["Content-Type"] == "application/pdf"


def test_a_document_declared_too_large_is_never_downloaded(monkeypatch):
    fakes = Fakes(CV, declared=len(CV))
    document = {"file_id": "F2", "file_name": "cv.pdf", "mime_type": "application/pdf",
                "file_size": MAX_DOCUMENT_BYTES + 1}
    asyncio.run(hand_over(fakes, document, monkeypatch))
    assert fakes.telegram == []  # not even getFile
    [handed] = fakes.handed
    assert handed["query"]["problem"] == "too_large" and handed["body"] == b""


def test_a_download_that_grows_past_the_limit_is_cut_off(monkeypatch):
    """Telegram's declared size is not trusted: the bytes are counted as they come."""
    fakes = Fakes(b"x" * (MAX_DOCUMENT_BYTES + 10), declared=100)
    asyncio.run(hand_over(fakes, {"file_id": "F3", "file_name": "cv.txt", "mime_type": "text/plain"}, monkeypatch))
    [handed] = fakes.handed
    assert handed["query"]["problem"] == "too_large" and handed["body"] == b""


@pytest.mark.parametrize("update", [
    {"message": {"chat": {"id": 1}, "text": "hej"}},
    {"message": {"chat": {"id": 1}, "document": {"file_name": "cv.pdf"}}},  # no file id
    {"callback_query": {"data": "/affirm"}},
    "not an update",
])
def test_only_updates_with_a_document_are_taken_as_files(update):
    assert sent_document(update) is None


def test_the_chat_and_the_document_of_an_update():
    update = {"message": {"chat": {"id": 42}, "document": {"file_id": "F4", "file_name": "cv.pdf"}}}
    assert sent_document(update) == ("42", {"file_id": "F4", "file_name": "cv.pdf"})
