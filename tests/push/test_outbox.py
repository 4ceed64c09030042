"""The outbox in the store: per sender, in order, delivered once by acknowledgement, durable."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from store import outbox
from store.db import engine_for
from tests.support.store_db import fresh_store_url


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return fresh_store_url(tmp_path)


def test_messages_come_in_the_order_they_were_queued(db_url: str) -> None:
    first = outbox.enqueue("anna", [{"text": "ett"}, {"text": "två"}], url=db_url)
    second = outbox.enqueue("anna", [{"text": "tre"}], url=db_url)
    outbox.enqueue("bertil", [{"text": "inte till anna"}], url=db_url)
    assert first + second == sorted(first + second)
    assert [p.message["text"] for p in outbox.pending("anna", url=db_url)] == ["ett", "två", "tre"]
    assert [p.message["text"] for p in outbox.pending("anna", after_id=first[-1], url=db_url)] == ["tre"]


def test_an_acknowledged_message_is_not_sent_again_and_counts_as_delivered(db_url: str) -> None:
    ids = outbox.enqueue("anna", [{"text": "ett"}, {"text": "två"}], url=db_url)
    assert [m.id for m in outbox.acknowledge("anna", [ids[0]], url=db_url)] == [ids[0]]
    assert outbox.acknowledge("anna", [ids[0]], url=db_url) == []  # twice is once
    assert [p.message["text"] for p in outbox.pending("anna", url=db_url)] == ["två"]
    assert [p.message["text"] for p in outbox.delivered("anna", url=db_url)] == ["ett"]


def test_nobody_acknowledges_another_senders_messages(db_url: str) -> None:
    ids = outbox.enqueue("anna", [{"text": "hemligt"}], url=db_url)
    assert outbox.acknowledge("bertil", ids, url=db_url) == []
    assert len(outbox.pending("anna", url=db_url)) == 1


def test_queued_messages_survive_a_new_process(db_url: str) -> None:
    """What matters for a restart: the rows are on disk, not in an engine's memory."""
    outbox.enqueue("anna", [{"text": "kvar efter omstart", "buttons": [{"title": "Ja", "payload": "/affirm"}]}],
                   url=db_url)
    engine_for(db_url).dispose()
    engine_for.cache_clear()
    with engine_for(db_url).connect() as connection:
        assert connection.execute(text("select count(*) from outbox_messages where delivered_at is null")).scalar() == 1
    [message] = outbox.pending("anna", url=db_url)
    assert message.message["buttons"] == [{"title": "Ja", "payload": "/affirm"}]


def test_messaging_channels_are_read_apart_from_the_widget(db_url: str) -> None:
    outbox.enqueue("5123456789", [{"text": "till telegram"}], channel="telegram", url=db_url)
    outbox.enqueue("U04ABCDEF", [{"text": "till slack"}], channel="slack", url=db_url)
    outbox.enqueue("0123456789abcdef0123456789abcdef", [{"text": "till webben"}], url=db_url)
    assert [p.channel for p in outbox.pending_on(("telegram", "slack"), url=db_url)] == ["telegram", "slack"]
