"""The live handoff, the console's half, against a fake Rasa HTTP server on 127.0.0.1: taking a case
sets the slot `caseworker` and has Rasa say utter_caseworker_joined (the widget gets the collected
words through the outbox), the holder's reply reaches the tracker (as theirs) and the outbox in the
jobseeker's language, nobody else may write, nothing is half sent when Rasa is down, and giving
the case back or closing it says utter_caseworker_left."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from store import outbox
from store.models import HandoffRequest, Jobseeker
from tests.console.conftest import make_user
from tests.console.tracker_rows import TrackerRows
from tests.support.fake_http import JsonHandler, serve
from web import push
from web.console import conversations, live_chat, tracker_reader
from web.console.db import console_db
from web.console.models import AuditEntry

WIDGET = "0123456789abcdef0123456789abcdef"
TELEGRAM = "5123456789"
JOINED = {"sv": "Hej! Nu är {caseworker}, handläggare på Arbetsförmedlingen, här i chatten.",
          "ar": "مرحبا! {caseworker}، موظف في Arbetsförmedlingen، موجود الآن هنا في المحادثة."}
LEFT = "Handläggaren har lämnat chatten. Nu är det jag, Jobbcoach, igen."


class FakeRasa:
    """Rasa's /tracker/events and /execute as far as the console uses them: each request is kept,
    events are written to the tracker store as Rasa's SQLTrackerStore would, and /execute answers
    with what a collecting output channel gathered, in the conversation's language."""

    def __init__(self, tracker: TrackerRows, language: str = "sv") -> None:
        self.requests: list[dict] = []
        self.slots: dict[str, dict] = {}
        fake = self

        class Handler(JsonHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                url = urlsplit(self.path)
                body = self.body()
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                fake.requests.append({"path": url.path, "query": query, "body": body})
                if query.get("token") != "test-token":
                    return self.answer(401, {"message": "not authenticated"})
                sender, _, what = url.path.removeprefix("/conversations/").rpartition("/")
                if url.path.endswith("/tracker/events"):
                    sender = sender.removesuffix("/tracker")
                    for event in body if isinstance(body, list) else [body]:
                        fake.record(tracker, sender, event)
                    return self.answer(200, {"sender_id": sender, "slots": fake.slots.get(sender, {})})
                if what == "execute":
                    return self.answer(200, fake.execute(tracker, sender, body["name"], query, language))
                return self.answer(404, {"message": "no such endpoint"})

            def do_GET(self) -> None:  # noqa: N802 - the privacy endpoint the widget's history reads
                url = urlsplit(self.path)
                if url.path != "/jobbcoach/privacy/history" or self.headers.get("Authorization") != "Bearer test-token":
                    return self.answer(404, {"message": "no such endpoint"})
                sender = parse_qs(url.query)["sender_id"][0]
                return self.answer(200, {"events": tracker_reader.sender_events(sender)})

        self.server, self.url = serve(Handler)

    def record(self, tracker: TrackerRows, sender: str, event: dict) -> None:
        if event["event"] == "slot":
            self.slots.setdefault(sender, {})[event["name"]] = event["value"]
        tracker._insert(sender, {"timestamp": time.time(), **event})  # as Rasa: the event's own time, else now

    def execute(self, tracker: TrackerRows, sender: str, name: str, query: dict, language: str) -> dict:
        caseworker = self.slots.get(sender, {}).get("caseworker")
        text = JOINED[language].format(caseworker=caseworker) if name == "utter_caseworker_joined" else LEFT
        tracker.action(sender, name)
        self.record(tracker, sender, {"event": "bot", "text": text, "data": {}, "metadata": {"utter_action": name}})
        answer = {"tracker": {"sender_id": sender}}
        if query.get("output_channel") == "collector":  # Rasa's CollectingOutputChannel
            answer["messages"] = [{"recipient_id": sender, "text": text}]
        return answer

    def of(self, ending: str) -> list[dict]:
        return [r for r in self.requests if r["path"].endswith(ending)]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def rasa(console_env, monkeypatch) -> Iterator[FakeRasa]:
    fake = FakeRasa(console_env.tracker)
    monkeypatch.setenv("JOBBCOACH_RASA_URL", fake.url)
    yield fake
    fake.close()


def _case(sender: str = WIDGET, language: str | None = None, **values) -> None:
    with console_db() as session:
        if language:
            session.add(Jobseeker(sender_id=sender, language=language))
        session.add(HandoffRequest(id=1, sender_id=sender, reason="Vill prata med en människa", **values))


def _pending(sender: str = WIDGET) -> list[dict]:
    return [item.message for item in outbox.pending(sender)]


def test_taking_a_case_sets_the_slot_and_the_widget_gets_the_joined_words(caseworker, rasa, console_env):
    console_env.tracker.exchange(WIDGET, "jag vill prata med en handläggare", intent="human_handoff")
    _case()
    taken = caseworker.post("/console/handoffs/1/take", {"back": "case"})
    assert taken.status_code == 303 and "warn=" not in taken.headers["location"]
    [slot] = rasa.of("/tracker/events")
    assert slot["path"] == f"/conversations/{WIDGET}/tracker/events"
    assert slot["body"] == [{"event": "slot", "name": "caseworker", "value": "anna",
                             "timestamp": slot["body"][0]["timestamp"]}]
    [execute] = rasa.of("/execute")
    assert execute["body"] == {"name": "utter_caseworker_joined"}
    assert execute["query"]["output_channel"] == "collector"
    assert rasa.requests.index(slot) < rasa.requests.index(execute)  # the words use the slot's name
    assert _pending() == [{"text": JOINED["sv"].format(caseworker="anna"), "recorded": True}]
    # Waiting for the jobseeker and back again: the same caseworker holds it, nothing to say.
    caseworker.post("/console/handoffs/1/wait")
    caseworker.post("/console/handoffs/1/resume")
    assert len(rasa.requests) == 2 and len(_pending()) == 1


def test_the_holder_writes_in_the_jobseekers_language_and_the_transcript_shows_it_as_theirs(
        caseworker, rasa, console_env):
    console_env.tracker.exchange(WIDGET, "أريد التحدث مع موظف", intent="human_handoff")
    _case(language="ar")
    caseworker.post("/console/handoffs/1/take")
    page = caseworker.get(f"/console/transcript?sender={WIDGET}").text
    assert re.search(r'<textarea id="live-text" name="text"[^>]* lang="ar" dir="rtl"', page)
    assert 'data-use="reply-har_tagit" data-target="live-text">Använd</button>' in page
    assert "data-live-url=" in page

    sent = caseworker.post("/console/handoffs/1/reply", {"text": "  Hej! Jag har läst ditt CV.\n"})
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/console/transcript?sender={WIDGET}&msg=replied#arende"
    shown = "anna، موظف/ة المتابعة: Hej! Jag har läst ditt CV."
    event = rasa.of("/tracker/events")[-1]["body"]
    assert (event["event"], event["text"], event["metadata"]) == ("bot", shown, {"caseworker": "anna"})
    assert _pending()[-1] == {"text": shown, "metadata": {"caseworker": "anna"}, "recorded": True}
    assert conversations.transcript([event])[0].caseworker == "anna"
    with console_db() as session:
        assert session.scalar(select(AuditEntry.target).where(AuditEntry.action == "reply")) == WIDGET

    # The page's script fetches the messages again while anna holds the case: her message is there.
    live = caseworker.get(f"/console/transcript/live?sender={WIDGET}")
    assert live.status_code == 200 and "Handläggare anna" in live.text and shown in live.text
    assert live.text.lstrip().startswith("<section") and "<nav" not in live.text


def test_only_the_holder_or_an_admin_may_write(caseworker, admin, new_console, rasa, console_env):
    make_user("bert", "bert-lösenord-789", "caseworker")
    bert = new_console()
    bert.login("bert", "bert-lösenord-789")
    _case()
    assert bert.post("/console/handoffs/1/reply", {"text": "Hej"}).status_code == 409  # open: nobody holds it
    caseworker.post("/console/handoffs/1/take")
    before = (len(rasa.requests), len(_pending()))
    refused = bert.post("/console/handoffs/1/reply", {"text": "Hej, det är Bert."})
    assert refused.status_code == 403 and "kollegas" in refused.text
    api = bert.client.post("/console/api/handoffs/1/reply", json={"text": "Hej"}, headers={"X-CSRF-Token": bert.csrf})
    assert api.status_code == 403
    assert "live-text" not in bert.get(f"/console/transcript?sender={WIDGET}").text
    assert bert.get(f"/console/transcript/live?sender={WIDGET}").status_code == 204
    assert (len(rasa.requests), len(_pending())) == before  # nothing sent
    assert caseworker.post("/console/handoffs/1/reply", {"csrf_token": "fel", "text": "Hej"}).status_code == 403
    by_admin = admin.client.post("/console/api/handoffs/1/reply", json={"text": "Hej från admin"},
                                 headers={"X-CSRF-Token": admin.csrf})
    assert by_admin.status_code == 201
    assert _pending()[-1]["text"] == "admin, handläggare: Hej från admin"


def test_when_rasa_does_not_answer_nothing_is_sent_and_the_text_stays(caseworker, rasa, console_env, monkeypatch):
    _case()
    caseworker.post("/console/handoffs/1/take")
    queued = len(_pending())
    monkeypatch.setenv("JOBBCOACH_RASA_URL", "http://127.0.0.1:9")  # nothing listens
    failed = caseworker.post("/console/handoffs/1/reply", {"text": "Vi ses på mötet <i>i morgon</i>."})
    assert failed.status_code == 503
    assert "Meddelandet skickades inte" in failed.text
    assert "Vi ses på mötet &lt;i&gt;i morgon&lt;/i&gt;.</textarea>" in failed.text  # kept, escaped
    api = caseworker.client.post("/console/api/handoffs/1/reply", json={"text": "Hej"},
                                 headers={"X-CSRF-Token": caseworker.csrf})
    assert api.status_code == 503 and "skickades inte" in api.json()["detail"]
    assert len(_pending()) == queued
    with console_db() as session:
        assert session.scalar(select(AuditEntry).where(AuditEntry.action == "reply")) is None
    # A change of holder still stands, and the caseworker is told the jobseeker was not.
    released = caseworker.post("/console/handoffs/1/release", {"back": "case"})
    assert released.status_code == 303 and "warn=chat_unreached" in released.headers["location"]
    assert "jobbsökaren har inte fått veta" in caseworker.get(released.headers["location"]).text


def test_giving_back_and_closing_say_the_caseworker_left(caseworker, admin, rasa, console_env):
    _case()
    caseworker.post("/console/handoffs/1/take")
    assert caseworker.post("/console/handoffs/1/release").status_code == 303
    slot, execute = rasa.requests[-2:]
    assert slot["body"][0]["name"] == "caseworker" and slot["body"][0]["value"] is None
    assert execute["body"] == {"name": "utter_caseworker_left"}
    admin.post("/console/handoffs/1/take")
    assert rasa.slots[WIDGET]["caseworker"] == "admin"
    assert admin.post("/console/handoffs/1/assign", {"colleague": "anna"}).status_code == 303  # passed on
    assert rasa.slots[WIDGET]["caseworker"] == "anna"
    assert rasa.requests[-1]["body"] == {"name": "utter_caseworker_joined"}
    closed = caseworker.client.post("/console/api/handoffs/1/close", headers={"X-CSRF-Token": caseworker.csrf},
                                    json={"note": "Klart."})
    assert closed.status_code == 200 and closed.json()["chat_told"] is True
    assert rasa.slots[WIDGET]["caseworker"] is None and rasa.requests[-1]["body"] == {"name": "utter_caseworker_left"}
    assert [m["text"] for m in _pending()] == [JOINED["sv"].format(caseworker="anna"), LEFT,
                                               JOINED["sv"].format(caseworker="admin"),
                                               JOINED["sv"].format(caseworker="anna"), LEFT]
    assert caseworker.get(f"/console/transcript/live?sender={WIDGET}").status_code == 204  # not held any more


def test_a_telegram_jobseeker_gets_the_words_through_rasas_channel_and_the_reply_through_the_outbox(
        caseworker, rasa, console_env):
    console_env.tracker.exchange(TELEGRAM, "jag vill prata med en handläggare", channel="telegram")
    _case(TELEGRAM, language="en")
    caseworker.post("/console/handoffs/1/take")
    assert rasa.of("/execute")[-1]["query"]["output_channel"] == "telegram"
    assert _pending(TELEGRAM) == []  # Rasa's Telegram channel sent the words itself
    calls = len(rasa.requests)
    assert caseworker.post("/console/handoffs/1/reply", {"text": "Hello!"}).status_code == 303
    assert len(rasa.requests) == calls  # queued, not sent yet: a Telegram outage loses nothing
    [queued] = outbox.pending_on(["telegram"])
    assert queued.message == {"text": "anna, caseworker: Hello!", "metadata": {"caseworker": "anna"}}
    assert asyncio.run(push.messaging.deliver_pending()) == 1
    delivery = rasa.requests[-1]
    assert delivery["query"]["output_channel"] == "telegram" and delivery["query"]["execute_side_effects"] == "true"
    assert delivery["body"]["metadata"] == {"caseworker": "anna"}
    assert delivery["body"]["text"] == "anna, caseworker: Hello!"


def test_the_widgets_history_shows_each_live_message_once(caseworker, rasa, console_env):
    """The joined words and the reply are in the tracker and in the outbox (marked recorded): the
    history reads both and shows them once, also after a reminder's turn the history leaves out."""
    tracker = console_env.tracker
    tracker.clock = time.time() - 600  # the jobseeker asked ten minutes ago
    tracker.exchange(WIDGET, "jag vill prata med en handläggare", answer="En handläggare svarar dig här.")
    tracker.user(WIDGET, "EXTERNAL: weekly_check_in", intent="EXTERNAL_weekly_check_in")
    tracker.bot(WIDGET, "Dags för veckans koll!")  # pushed, so the outbox is its record
    tracker.action(WIDGET, "action_listen")
    reminder = outbox.enqueue(WIDGET, [{"text": "Dags för veckans koll!"}])
    _case()
    caseworker.post("/console/handoffs/1/take")
    caseworker.post("/console/handoffs/1/reply", {"text": "Hej, jag heter Anna."})
    outbox.acknowledge(WIDGET, reminder + [m.id for m in outbox.pending(WIDGET)])  # the widget showed them
    history = caseworker.client.get("/api/chat/history", headers={"X-Jobbcoach-Sender": WIDGET})
    assert history.status_code == 200
    assert [m["text"] for m in history.json()["messages"]] == [
        "jag vill prata med en handläggare", "En handläggare svarar dig här.", "Dags för veckans koll!",
        JOINED["sv"].format(caseworker="anna"), "anna, handläggare: Hej, jag heter Anna."]


def test_a_change_made_while_rasa_was_down_reaches_the_conversation_later(caseworker, rasa, console_env,
                                                                          monkeypatch):
    """The case is the truth: a take and a close that Rasa missed are told by the next sync round,
    so the bot is neither silent after a close nor talking while a caseworker holds the case."""
    _case()
    monkeypatch.setenv("JOBBCOACH_RASA_URL", "http://127.0.0.1:9")  # nothing listens
    assert "warn=" in caseworker.post("/console/handoffs/1/take", {"back": "case"}).headers["location"]
    monkeypatch.setenv("JOBBCOACH_RASA_URL", rasa.url)  # Rasa is back
    assert live_chat.sync_conversations() == 1
    assert rasa.slots[WIDGET]["caseworker"] == "anna" and rasa.requests[-1]["body"] == {"name": "utter_caseworker_joined"}
    assert live_chat.sync_conversations() == 0  # told once

    monkeypatch.setenv("JOBBCOACH_RASA_URL", "http://127.0.0.1:9")
    caseworker.post("/console/handoffs/1/close", {"note": ""})
    monkeypatch.setenv("JOBBCOACH_RASA_URL", rasa.url)
    assert live_chat.sync_conversations() == 1
    assert rasa.slots[WIDGET]["caseworker"] is None and rasa.requests[-1]["body"] == {"name": "utter_caseworker_left"}
    assert live_chat.sync_conversations() == 0
