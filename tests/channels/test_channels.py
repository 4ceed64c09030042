"""Telegram and Slack through the real Rasa server, without the internet.

One extra Rasa server (a model load costs a minute and 1.3 GB) opens the channels of the committed
bot/credentials.channels.yml, with secrets from environment variables and the platforms' API
addresses pointed at a local fake that records what the bot sends. Webhook calls are shaped as the
platforms send them; the Slack ones are signed as Slack signs them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import secrets
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
import yaml

from store import check_ins
from tests.channels.fake_platforms import TELEGRAM_BOT_USERNAME, ApiCall, FakePlatforms
from tests.support.servers import REPO, RasaConfig, ServerProcess, latest_model, start_rasa_server
from tests.support.web import start_web_app

pytestmark = pytest.mark.e2e

CHANNELS_FILE = REPO / "bot" / "credentials.channels.yml"
TELEGRAM_PATH = "/webhooks/telegram/webhook"
SLACK_PATH = "/webhooks/slack/webhook"


@dataclass
class ChannelServer:
    rasa: ServerProcess
    token: str
    fake: FakePlatforms
    secrets: dict[str, str]

    def tracker(self, sender: str) -> dict:
        response = httpx.get(f"{self.rasa.url}/conversations/{sender}/tracker", params={"token": self.token},
                             timeout=30)
        response.raise_for_status()
        return response.json()


def credentials_for_fake(fake: FakePlatforms) -> str:
    """The committed channels file, with only the API addresses changed to the fake's."""
    credentials = yaml.safe_load(CHANNELS_FILE.read_text(encoding="utf-8"))
    credentials["bot.channels.telegram.TelegramChannel"]["api_url"] = fake.telegram_api_url
    credentials["bot.channels.slack.SlackChannel"]["api_url"] = fake.slack_api_url
    return yaml.safe_dump(credentials)


@pytest.fixture(scope="module")
def channels(stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChannelServer]:
    fake = FakePlatforms().start()
    channel_secrets = {
        "JOBBCOACH_TELEGRAM_TOKEN": f"{random.randint(10**8, 10**9)}:{secrets.token_urlsafe(24)}",
        "JOBBCOACH_TELEGRAM_BOT_USERNAME": TELEGRAM_BOT_USERNAME,
        "JOBBCOACH_TELEGRAM_WEBHOOK_URL": "https://jobbcoach.example/webhooks/telegram/webhook",
        "JOBBCOACH_TELEGRAM_SECRET": secrets.token_urlsafe(24),
        "JOBBCOACH_SLACK_BOT_TOKEN": f"xoxb-{secrets.token_hex(12)}",
        "JOBBCOACH_SLACK_SIGNING_SECRET": secrets.token_hex(16),
    }
    work = tmp_path_factory.mktemp("channels")
    config = RasaConfig(model=latest_model(), action_url=f"{stack.actions.url}/webhook", work_dir=work,
                        credentials=credentials_for_fake(fake))
    try:
        rasa = start_rasa_server(config, {**stack.env, **channel_secrets}, name="rasa-channels")
    except Exception:
        fake.stop()
        raise
    yield ChannelServer(rasa, config.token, fake, channel_secrets)
    rasa.stop()
    fake.stop()


# ---------------------------------------------------------------------------------------- Telegram

def telegram_update(chat_id: int, text: str) -> dict:
    """A private-chat text message as Telegram posts it to a webhook."""
    user = {"id": chat_id, "is_bot": False, "first_name": "Test", "language_code": "sv"}
    return {
        "update_id": random.randint(1, 2**31),
        "message": {"message_id": random.randint(1, 10**6), "from": user, "date": int(time.time()),
                    "chat": {"id": chat_id, "first_name": "Test", "type": "private"}, "text": text},
    }


def telegram_button_press(chat_id: int, data: str) -> dict:
    user = {"id": chat_id, "is_bot": False, "first_name": "Test"}
    return {
        "update_id": random.randint(1, 2**31),
        "callback_query": {
            "id": str(random.randint(1, 10**9)), "from": user, "chat_instance": "42", "data": data,
            "message": {"message_id": 7, "date": int(time.time()), "text": "…",
                        "chat": {"id": chat_id, "first_name": "Test", "type": "private"}},
        },
    }


def post_telegram(channels: ChannelServer, update: dict, secret: str | None = "default") -> httpx.Response:
    headers = {}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = (
            channels.secrets["JOBBCOACH_TELEGRAM_SECRET"] if secret == "default" else secret)
    return httpx.post(channels.rasa.url + TELEGRAM_PATH, json=update, headers=headers, timeout=60)


def replies_to_chat(channels: ChannelServer, chat_id: int) -> list[ApiCall]:
    return channels.fake.wait_for("telegram", "sendMessage", lambda c: c.params.get("chat_id") == str(chat_id))


def new_chat_id() -> int:
    return random.randint(10**8, 10**10)


def test_telegram_webhook_is_registered_with_its_secret(channels: ChannelServer) -> None:
    registrations = channels.fake.calls_to("telegram", "setWebhook")
    assert registrations, "Rasa registers the webhook with Telegram at start-up"
    assert registrations[-1].params["url"] == channels.secrets["JOBBCOACH_TELEGRAM_WEBHOOK_URL"]
    assert registrations[-1].params["secret_token"] == channels.secrets["JOBBCOACH_TELEGRAM_SECRET"]
    assert registrations[-1].token == channels.secrets["JOBBCOACH_TELEGRAM_TOKEN"]


def test_telegram_message_gets_the_bots_reply(channels: ChannelServer) -> None:
    chat_id = new_chat_id()
    response = post_telegram(channels, telegram_update(chat_id, "hej"))
    assert response.status_code == 200, response.text

    replies = replies_to_chat(channels, chat_id)
    text = "\n".join(call.params.get("text", "") for call in replies)
    assert "Jobbcoach" in text
    assert all(call.token == channels.secrets["JOBBCOACH_TELEGRAM_TOKEN"] for call in replies)

    tracker = channels.tracker(str(chat_id))
    user_events = [e for e in tracker["events"] if e["event"] == "user"]
    assert user_events and user_events[-1]["text"] == "hej"
    assert user_events[-1]["input_channel"] == "telegram"


def test_telegram_button_press_is_a_message(channels: ChannelServer) -> None:
    chat_id = new_chat_id()
    post_telegram(channels, telegram_update(chat_id, "hej")).raise_for_status()
    greeting = replies_to_chat(channels, chat_id)
    keyboards = [json.loads(c.params["reply_markup"]) for c in greeting if c.params.get("reply_markup")]
    assert keyboards, "the greeting's buttons become an inline keyboard"
    payload = keyboards[0]["inline_keyboard"][0][0]["callback_data"]

    sent_before = len(channels.fake.calls_to("telegram", "sendMessage"))
    post_telegram(channels, telegram_button_press(chat_id, payload)).raise_for_status()
    deadline = time.monotonic() + 60
    while len(channels.fake.calls_to("telegram", "sendMessage")) == sent_before and time.monotonic() < deadline:
        time.sleep(0.1)
    user_texts = [e["text"] for e in channels.tracker(str(chat_id))["events"] if e["event"] == "user"]
    assert user_texts[-1] == payload
    assert len(channels.fake.calls_to("telegram", "sendMessage")) > sent_before


@pytest.mark.parametrize("secret", [None, "not-the-secret"])
def test_telegram_webhook_without_the_secret_is_refused(channels: ChannelServer, secret: str | None) -> None:
    chat_id = new_chat_id()
    response = post_telegram(channels, telegram_update(chat_id, "hej"), secret=secret)
    assert response.status_code == 403
    time.sleep(1)
    assert not [c for c in channels.fake.calls_to("telegram", "sendMessage") if c.params.get("chat_id") == str(chat_id)]


# ---------------------------------------------------------------------------------------- Slack

def slack_message_event(user: str, channel: str, text: str) -> dict:
    """A direct message to the app, as the Events API posts it."""
    ts = f"{time.time():.6f}"
    return {
        "token": "deprecated-verification-token", "team_id": "T0JOBBCO", "api_app_id": "A0JOBBCO",
        "event": {"type": "message", "channel_type": "im", "user": user, "text": text, "ts": ts,
                  "event_ts": ts, "channel": channel, "client_msg_id": str(uuid.uuid4())},
        "type": "event_callback", "event_id": f"Ev{secrets.token_hex(5).upper()}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T0JOBBCO", "user_id": "U0JOBBBOT", "is_bot": True}],
    }


def slack_signature(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's v0 signature: HMAC-SHA256 of 'v0:{timestamp}:{body}' with the signing secret."""
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return f"v0={digest}"


def post_slack(channels: ChannelServer, payload: dict, secret: str | None = None,
               timestamp: int | None = None) -> httpx.Response:
    body = json.dumps(payload).encode()
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    signature = slack_signature(secret or channels.secrets["JOBBCOACH_SLACK_SIGNING_SECRET"], stamp, body)
    return httpx.post(channels.rasa.url + SLACK_PATH, content=body, timeout=60, headers={
        "Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature,
    })


def new_slack_ids() -> tuple[str, str]:
    suffix = secrets.token_hex(4).upper()
    return f"U0{suffix}", f"D0{suffix}"


def test_signed_slack_event_gets_the_bots_reply(channels: ChannelServer) -> None:
    user, dm = new_slack_ids()
    response = post_slack(channels, slack_message_event(user, dm, "hej"))
    assert response.status_code == 200, response.text

    replies = channels.fake.wait_for("slack", "chat.postMessage", lambda c: c.params.get("channel") == dm)
    text = "\n".join(call.params.get("text", "") for call in replies)
    assert "Jobbcoach" in text
    assert all(call.token == channels.secrets["JOBBCOACH_SLACK_BOT_TOKEN"] for call in replies)

    tracker = channels.tracker(user)
    user_events = [e for e in tracker["events"] if e["event"] == "user"]
    assert user_events and user_events[-1]["text"] == "hej"
    assert user_events[-1]["input_channel"] == "slack"


@pytest.mark.parametrize("tampering", ["wrong secret", "stale timestamp"])
def test_slack_event_with_a_bad_signature_is_rejected(channels: ChannelServer, tampering: str) -> None:
    user, dm = new_slack_ids()
    if tampering == "wrong secret":
        response = post_slack(channels, slack_message_event(user, dm, "hej"), secret=secrets.token_hex(16))
    else:  # correctly signed, but replayed ten minutes later
        response = post_slack(channels, slack_message_event(user, dm, "hej"), timestamp=int(time.time()) - 600)
    assert 400 <= response.status_code < 500
    time.sleep(2)
    assert not [c for c in channels.fake.calls_to("slack", "chat.postMessage") if c.params.get("channel") == dm]
    assert [e for e in channels.tracker(user)["events"] if e["event"] == "user"] == []


def test_slack_url_verification_answers_the_challenge(channels: ChannelServer) -> None:
    challenge = secrets.token_urlsafe(16)
    response = post_slack(channels, {"token": "x", "challenge": challenge, "type": "url_verification"})
    assert response.status_code == 200
    assert response.json() == challenge


# ---------------------------------------------------------------------------------------- per-user state

def test_every_channel_keys_the_conversation_by_its_sender_id(channels: ChannelServer, stack) -> None:
    """Telegram's chat id and Slack's user id name one conversation each, as the widget's id does.

    The same sender id over the REST channel (what the web app uses) continues that very tracker:
    state is keyed by the sender id alone, whatever channel a message came through.
    """
    chat_id = new_chat_id()
    user, dm = new_slack_ids()
    post_telegram(channels, telegram_update(chat_id, "hej")).raise_for_status()
    post_slack(channels, slack_message_event(user, dm, "hej")).raise_for_status()
    replies_to_chat(channels, chat_id)
    channels.fake.wait_for("slack", "chat.postMessage", lambda c: c.params.get("channel") == dm)

    for sender, channel in ((str(chat_id), "telegram"), (user, "slack")):
        httpx.post(f"{channels.rasa.url}/webhooks/rest/webhook", json={"sender": sender, "message": "hej"},
                   params={"token": channels.token}, timeout=60).raise_for_status()
        tracker = channels.tracker(sender)
        assert tracker["sender_id"] == sender
        channels_seen = [e["input_channel"] for e in tracker["events"] if e["event"] == "user"]
        assert channels_seen == [channel, "rest"]


def test_per_user_store_is_keyed_by_the_telegram_chat_id(channels: ChannelServer, stack) -> None:
    """A job saved over Telegram lands in the per-user store under the chat id, as a web one would
    under the widget's id (the store is shared with the web through the same action server)."""
    from store.saved_jobs import saved_jobs

    chat_id = new_chat_id()
    for text in ("jag söker jobb som snickare i Umeå", "spara nummer 1"):
        sent_before = len(channels.fake.calls_to("telegram", "sendMessage"))
        post_telegram(channels, telegram_update(chat_id, text)).raise_for_status()
        assert len(channels.fake.calls_to("telegram", "sendMessage")) > sent_before

    saved = saved_jobs(str(chat_id), url=stack.db_url)
    assert len(saved) == 1, saved
    replies = "\n".join(c.params.get("text", "") for c in channels.fake.calls_to("telegram", "sendMessage")
                        if c.params.get("chat_id") == str(chat_id))
    assert saved[0]["headline"] in replies


def test_channels_file_holds_no_secrets() -> None:
    """Every credential in the committed file comes from an environment variable."""
    credentials = yaml.safe_load(Path(CHANNELS_FILE).read_text(encoding="utf-8"))
    for name in ("bot.channels.telegram.TelegramChannel", "bot.channels.slack.SlackChannel"):
        for key, value in credentials[name].items():
            assert isinstance(value, str) and value.startswith("${") and value.endswith("}"), (name, key, value)


# ---------------------------------------------------------------------------------------- push

SCHEDULER_NOW = datetime(2026, 12, 2, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.fixture(scope="module")
def push_web_app(channels: ChannelServer, stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The web app in front of the channels' Rasa: its /internal/push sends Telegram and Slack messages."""
    work = tmp_path_factory.mktemp("push-web")
    env = {**stack.env, "JOBBCOACH_VAR": str(work), "JOBBCOACH_DB_URL": f"sqlite:///{work / 'jobbcoach.db'}",
           # the channels' Rasa keeps its tracker beside its log; the web app reads a sender's channel there
           "JOBBCOACH_TRACKER_DB": str(channels.rasa.log_path.parent / "tracker.db"),
           # its check-in scheduler: every second, at a daytime "now" (nothing is sent 21–08)
           "JOBBCOACH_CHECK_IN_POLL_SECONDS": "1", "JOBBCOACH_CHECK_IN_WAIT_FOR_QUIET_SECONDS": "0",
           "JOBBCOACH_NOW": SCHEDULER_NOW.isoformat()}
    server = start_web_app(work, env, channels.rasa.url, channels.token, name="web-push-channels")
    server.work = work  # type: ignore[attr-defined]
    yield server
    server.stop()


def internal_push(web: ServerProcess, sender: str, *messages: dict) -> dict:
    token = (web.work / "internal_token").read_text().strip()  # type: ignore[attr-defined]
    response = httpx.post(f"{web.url}/internal/push", json={"sender_id": sender, "messages": list(messages)},
                          headers={"X-Jobbcoach-Internal": token}, timeout=30)
    response.raise_for_status()
    return response.json()


JOB_ADS = {"custom": {"type": "job_ads", "text": "1. Snickare, Bygg AB, Umeå\n2. Träarbetare, Trä AB, Umeå", "ads": [
    {"n": 1, "id": "a1", "title": "Snickare", "employer": "Bygg AB", "place": "Umeå", "deadline": "2026-12-14",
     "reason": "Du söker snickarjobb", "url": "https://arbetsformedlingen.se/platsbanken/annonser/1"},
    {"n": 2, "id": "a2", "title": "Träarbetare", "employer": "Trä AB", "place": "Umeå", "deadline": "2026-12-20",
     "reason": "Närliggande yrke", "url": "javascript:alert(1)"},
]}}


def test_a_push_to_a_telegram_chat_arrives_with_the_ads_as_an_inline_keyboard(channels: ChannelServer,
                                                                                push_web_app) -> None:
    chat_id = new_chat_id()
    post_telegram(channels, telegram_update(chat_id, "hej")).raise_for_status()
    replies_to_chat(channels, chat_id)
    sent_before = len([c for c in channels.fake.calls_to("telegram", "sendMessage")
                       if c.params.get("chat_id") == str(chat_id)])

    queued = internal_push(push_web_app, str(chat_id), {"text": "Nya jobb som snickare i Umeå:"}, JOB_ADS)
    assert queued["channel"] == "telegram"

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pushed = [c for c in channels.fake.calls_to("telegram", "sendMessage")
                  if c.params.get("chat_id") == str(chat_id)][sent_before:]
        if len(pushed) >= 2:
            break
        time.sleep(0.2)
    assert [c.params["text"] for c in pushed] == ["Nya jobb som snickare i Umeå:", JOB_ADS["custom"]["text"]]
    assert all(c.token == channels.secrets["JOBBCOACH_TELEGRAM_TOKEN"] for c in pushed)
    keyboard = json.loads(pushed[1].params["reply_markup"])["inline_keyboard"]
    assert keyboard[0] == [{"text": "Läs annonsen 1", "url": "https://arbetsformedlingen.se/platsbanken/annonser/1"},
                           {"text": "Spara 1", "callback_data": '/save_job{"ad_number": 1}'}]
    assert keyboard[1] == [{"text": "Spara 2", "callback_data": '/save_job{"ad_number": 2}'}]  # no javascript: link
    # Delivered once: recorded in the conversation, nothing left in the outbox.
    bot_texts = [e.get("text") for e in channels.tracker(str(chat_id))["events"] if e["event"] == "bot"]
    assert bot_texts.count("Nya jobb som snickare i Umeå:") == 1
    time.sleep(1)
    assert len([c for c in channels.fake.calls_to("telegram", "sendMessage")
                if c.params.get("chat_id") == str(chat_id)]) == sent_before + 2


def test_a_push_to_a_slack_user_arrives_as_text(channels: ChannelServer, push_web_app) -> None:
    user, dm = new_slack_ids()
    post_slack(channels, slack_message_event(user, dm, "hej")).raise_for_status()
    channels.fake.wait_for("slack", "chat.postMessage", lambda c: c.params.get("channel") == dm)

    queued = internal_push(push_web_app, user, {"text": "Dags för veckans koll!"}, JOB_ADS)
    assert queued["channel"] == "slack"
    pushed = channels.fake.wait_for("slack", "chat.postMessage", lambda c: c.params.get("channel") == user, timeout=30)
    assert [c.params.get("text") for c in pushed] == ["Dags för veckans koll!", JOB_ADS["custom"]["text"]]
    assert all(c.token == channels.secrets["JOBBCOACH_SLACK_BOT_TOKEN"] for c in pushed)


def test_a_check_in_due_for_a_telegram_chat_arrives_through_telegram(channels: ChannelServer, push_web_app) -> None:
    """The durable schedule reaches messaging apps too: the web app's scheduler asks Rasa to run the
    follow-up, and Rasa's Telegram channel sends it (with its buttons) to the fake Telegram API."""
    chat_id = new_chat_id()
    post_telegram(channels, telegram_update(chat_id, "hej")).raise_for_status()
    replies_to_chat(channels, chat_id)
    check_ins.schedule(str(chat_id), "handoff_follow_up", SCHEDULER_NOW - timedelta(minutes=1), channel="telegram",
                       url=f"sqlite:///{push_web_app.work / 'jobbcoach.db'}")  # type: ignore[attr-defined]
    [sent] = channels.fake.wait_for("telegram", "sendMessage",
                                    lambda c: c.params.get("chat_id") == str(chat_id) and "bad du om" in
                                    c.params.get("text", ""), timeout=30)
    assert "bad du om att få prata med en handläggare" in sent.params["text"]
    keyboard = json.loads(sent.params["reply_markup"])
    assert "Sluta påminna mig" in json.dumps(keyboard, ensure_ascii=False)
