"""The REST channel's output: a request's answers in its response, anything later pushed to the web app.

A local aiohttp server stands in for the web app's POST /internal/push and records what arrives.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

from aiohttp import web
from rasa.core.channels.channel import CollectingOutputChannel

from bot.channels import rest

TOKEN = "test-internal-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def with_fake_web_app(monkeypatch, scenario) -> list[dict[str, Any]]:
    received: list[dict[str, Any]] = []

    async def internal_push(request: web.Request) -> web.Response:
        if request.headers.get("X-Jobbcoach-Internal") != TOKEN:
            return web.json_response({"detail": "no"}, status=401)
        received.append(await request.json())
        return web.json_response({"channel": "web", "ids": [len(received)]})

    app = web.Application()
    app.router.add_post("/internal/push", internal_push)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    monkeypatch.setenv("JOBBCOACH_WEB_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("JOBBCOACH_INTERNAL_TOKEN", TOKEN)
    try:
        await scenario()
    finally:
        await runner.cleanup()
    return received


def test_answers_during_the_request_go_in_the_response_and_later_ones_are_pushed(monkeypatch) -> None:
    collector = CollectingOutputChannel()
    output = rest.RequestOrPushOutput(collector)

    async def scenario() -> None:
        await output.send_text_message("abc", "Svar på frågan")
        output.answered = True  # the response went out; a reminder fires later on the same channel
        await output.send_text_with_buttons("abc", "Dags för veckans koll.", [{"title": "Ja", "payload": "/affirm"}])
        await output.send_custom_json("abc", {"type": "job_ads", "text": "1. Snickare", "ads": []})

    received = asyncio.run(with_fake_web_app(monkeypatch, scenario))
    assert collector.messages == [{"recipient_id": "abc", "text": "Svar på frågan"}]
    assert received == [
        {"sender_id": "abc", "channel": "web",
         "messages": [{"text": "Dags för veckans koll.", "buttons": [{"title": "Ja", "payload": "/affirm"}]}]},
        {"sender_id": "abc", "channel": "web",
         "messages": [{"custom": {"type": "job_ads", "text": "1. Snickare", "ads": []}}]},
    ]


def test_the_output_channel_for_external_events_pushes(monkeypatch) -> None:
    output = rest.HardenedRestInput().get_output_channel()

    async def scenario() -> None:
        await output.send_text_message("xyz", "Ett externt meddelande")

    received = asyncio.run(with_fake_web_app(monkeypatch, scenario))
    assert [m["messages"][0]["text"] for m in received] == ["Ett externt meddelande"]


def test_a_refused_push_is_not_retried(monkeypatch) -> None:
    async def scenario() -> None:
        monkeypatch.setenv("JOBBCOACH_INTERNAL_TOKEN", "wrong")
        assert await rest.push_to_web_app("abc", {"recipient_id": "abc", "text": "x"}) is False

    assert asyncio.run(with_fake_web_app(monkeypatch, scenario)) == []
