"""A CV sent as a document on Telegram, end to end with the project's Telegram fake: Rasa's Telegram
channel downloads it (getFile, the file URL) and hands it to the web app's /internal/cv, which reads
it and has Rasa answer on Telegram: the summary with its yes/no keyboard; "ja" saves and matches. A
document declared too large is never downloaded and still gets its kind answer.

Needs a model trained with bot/domain/cv_upload.yml and bot/data/rules_cv_upload.yml (--phase with-model).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from jobmatch.cv_files import MAX_FILE_BYTES
from tests.channels.fake_platforms import ApiCall, FakePlatforms
from tests.channels.test_channels import (
    ChannelServer,
    credentials_for_fake,
    new_chat_id,
    post_telegram,
    telegram_button_press,
    telegram_update,
)
from tests.cv_upload.files import pdf
from tests.support.servers import RasaConfig, ServerProcess, free_port, latest_model, start_rasa_server
from tests.support.web import start_web_app

pytestmark = [pytest.mark.e2e, pytest.mark.model]


@dataclass
class TelegramCv:
    channels: ChannelServer
    web: ServerProcess


@pytest.fixture(scope="module")
def telegram_cv(stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TelegramCv]:
    """A Rasa with the channels that knows this web app's address and shares its internal token."""
    fake = FakePlatforms().start()
    work = tmp_path_factory.mktemp("telegram-cv")
    web_port = free_port()
    channel_secrets = {
        "JOBBCOACH_TELEGRAM_TOKEN": f"5550{secrets.randbelow(10**6)}:{secrets.token_urlsafe(24)}",
        "JOBBCOACH_TELEGRAM_BOT_USERNAME": "jobbcoach_test_bot",
        "JOBBCOACH_TELEGRAM_WEBHOOK_URL": "https://jobbcoach.example/webhooks/telegram/webhook",
        "JOBBCOACH_TELEGRAM_SECRET": secrets.token_urlsafe(24),
        "JOBBCOACH_SLACK_BOT_TOKEN": f"xoxb-{secrets.token_hex(12)}",
        "JOBBCOACH_SLACK_SIGNING_SECRET": secrets.token_hex(16),
    }
    env = {**stack.env, **channel_secrets, "JOBBCOACH_WEB_URL": f"http://127.0.0.1:{web_port}",
           "JOBBCOACH_INTERNAL_TOKEN": secrets.token_urlsafe(24), "JOBBCOACH_CHECK_IN_POLL_SECONDS": "0"}
    config = RasaConfig(model=latest_model(), action_url=f"{stack.actions.url}/webhook", work_dir=work,
                        credentials=credentials_for_fake(fake))
    rasa = web = None
    try:
        rasa = start_rasa_server(config, env, name="rasa-telegram-cv")
        web = start_web_app(work, {**env, "JOBBCOACH_VAR": str(work)}, rasa.url, config.token,
                            name="web-telegram-cv", port=web_port)
        yield TelegramCv(ChannelServer(rasa, config.token, fake, channel_secrets), web)
    finally:
        for server in (web, rasa):
            if server:
                server.stop()
        fake.stop()


def document_update(chat_id: int, file_id: str, name: str, size: int) -> dict:
    """A private-chat document as Telegram posts it to a webhook."""
    update = telegram_update(chat_id, "")
    message = update["message"]
    del message["text"]
    message["document"] = {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_name": name,
                           "mime_type": "application/pdf", "file_size": size}
    return update


def texts(calls: list[ApiCall]) -> str:
    return "\n".join(call.params.get("text", "") for call in calls)


def test_a_cv_document_gets_the_summary_and_yes_saves_and_matches(telegram_cv: TelegramCv) -> None:
    fake, chat_id = telegram_cv.channels.fake, new_chat_id()
    data = pdf()
    fake.files["cv-1"] = data
    response = post_telegram(telegram_cv.channels, document_update(chat_id, "cv-1", "Karin Lind CV.pdf", len(data)))
    assert response.status_code == 200, response.text
    summary = fake.wait_for("telegram", "sendMessage",
                            lambda c: c.params.get("chat_id") == str(chat_id) and "Stämmer det här?" in c.params.get("text", ""),
                            timeout=120)
    assert "lagerarbetare" in texts(summary)
    assert [c.method for c in fake.calls if c.method in ("getFile", "file")][-2:] == ["getFile", "file"]
    post_telegram(telegram_cv.channels, telegram_button_press(chat_id, "/affirm")).raise_for_status()
    saved = fake.wait_for("telegram", "sendMessage",
                          lambda c: c.params.get("chat_id") == str(chat_id) and "sparat det som din profil" in c.params.get("text", ""),
                          timeout=120)
    assert saved


def test_a_document_declared_too_large_is_answered_without_a_download(telegram_cv: TelegramCv) -> None:
    fake, chat_id = telegram_cv.channels.fake, new_chat_id()
    downloads_before = len(fake.calls_to("telegram", "getFile"))
    post_telegram(telegram_cv.channels, document_update(chat_id, "cv-big", "cv.pdf", MAX_FILE_BYTES + 1)).raise_for_status()
    answer = fake.wait_for("telegram", "sendMessage",
                           lambda c: c.params.get("chat_id") == str(chat_id) and "för stor" in c.params.get("text", ""),
                           timeout=120)
    assert "Jag har inte sparat något" in texts(answer)
    assert len(fake.calls_to("telegram", "getFile")) == downloads_before
