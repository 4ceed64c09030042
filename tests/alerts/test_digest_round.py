"""The digest round on a real store (Alembic-migrated SQLite) and real indexes built by the CLI.

Each test publishes snapshots the way a sync or a rebuild does (`python -m jobmatch build`), loads
the snapshot as the web app's matching service does, and runs web.job_alerts.digest_round with an
explicit "now", so the once-a-day limit is tested without waiting a day.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from jobbcoach_settings import SWEDEN
from jobmatch.alerts import ArrivalLedger
from jobmatch.local_index import LocalIndex
from store import alerts as store_alerts
from store import outbox
from tests.alerts.support import (
    BASE,
    LATER_LAGER_JONKOPING,
    NEW_KOCK_MALMO,
    NEW_LAGER_JONKOPING,
    NEW_STAD_UMEA,
    build_index,
)
from tests.support.store_db import fresh_store_url
from web.job_alerts import digest_round

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=SWEDEN)
DAY = timedelta(hours=24)


class World:
    """A store, an index directory and the arrival ledger of one web app."""

    def __init__(self, tmp_path: Path) -> None:
        self.url = fresh_store_url(tmp_path)
        self.index_dir = tmp_path / "index"
        self.ledger = ArrivalLedger(tmp_path / "alerts" / "arrivals.sqlite")

    def publish(self, hits: list[dict]) -> LocalIndex:
        build_index(self.index_dir, hits)
        return LocalIndex.load(self.index_dir)

    def round(self, index: LocalIndex, now: datetime = NOW):
        return digest_round(index, self.ledger, now, DAY, url=self.url)

    def alert(self, sender: str, query: str, occupation: str | None = None, place: str | None = None,
              now: datetime = NOW, **extra) -> store_alerts.Alert:
        return store_alerts.create(sender, query, occupation=occupation, place=place, now=now, url=self.url, **extra)

    def queued(self, sender: str) -> list[dict]:
        return [p.message for p in outbox.pending(sender, url=self.url)]


@pytest.fixture
def world(tmp_path: Path):
    w = World(tmp_path)
    w.round(w.publish(BASE))  # the first snapshot the web app sees: the baseline, nothing is new
    yield w
    w.ledger.close()


def card_ids(message: dict) -> list[str]:
    return [card["id"] for card in message["custom"]["ads"]]


def test_a_new_matching_ad_gives_exactly_one_digest_and_a_non_matching_alert_gets_none(world: World) -> None:
    lager = world.alert("a" * 32, "bevaka lagerjobb i Jönköping", occupation="Lagerarbetare", place="Jönköping")
    world.alert("b" * 32, "bevaka kock i Umeå", occupation="Kock", place="Umeå")

    report = world.round(world.publish([*BASE, NEW_LAGER_JONKOPING, NEW_KOCK_MALMO, NEW_STAD_UMEA]))

    assert report.queued == 1
    [message] = world.queued("a" * 32)
    assert message["text"] == "Ett nytt jobb för din bevakning ”lagerarbetare i Jönköping”:"
    assert message["custom"]["type"] == "job_ads"
    assert card_ids(message) == ["900101"]  # not 900001: it was in the index before the alert
    card = message["custom"]["ads"][0]
    assert card["title"] == "Orderplockare, lager i Jönköping" and card["place"] == "Jönköping"
    assert card["deadline"] == "2026-12-31" and card["url"].endswith("/900101")
    assert message["buttons"] == [{"title": "Sluta bevaka", "payload": f'/stop_job_alert{{"job_alert": "{lager.id}"}}'}]
    assert world.queued("b" * 32) == []  # a cook in Malmö is not a cook in Umeå


def test_the_same_ads_are_never_sent_twice(world: World) -> None:
    world.alert("c" * 32, "säg till när det kommer nya jobb som kock")
    index = world.publish([*BASE, NEW_KOCK_MALMO])
    assert world.round(index).queued == 1
    assert world.round(index, NOW + 2 * DAY).queued == 0  # a day later, the same snapshot: nothing new
    again = world.publish([*BASE, NEW_KOCK_MALMO, NEW_STAD_UMEA])
    assert world.round(again, NOW + 3 * DAY).queued == 0  # a new snapshot, but only a cleaner is new
    assert len(world.queued("c" * 32)) == 1
    assert set(store_alerts.get(store_alerts.of_sender("c" * 32, url=world.url)[0].id, "c" * 32,
                                url=world.url).sent_ad_ids) == {"900102"}


def test_at_most_one_digest_a_day_and_the_waiting_ads_come_with_the_next(world: World) -> None:
    world.alert("d" * 32, "lagerarbetare", place="Jönköping")
    assert world.round(world.publish([*BASE, NEW_LAGER_JONKOPING])).queued == 1

    later = NOW + timedelta(hours=3)
    report = world.round(world.publish([*BASE, NEW_LAGER_JONKOPING, LATER_LAGER_JONKOPING]), later)
    assert report.queued == 0 and report.waiting == 1
    assert report.next_due == NOW + DAY  # when the watcher runs again, with or without a new snapshot

    index = LocalIndex.load(world.index_dir)
    assert world.round(index, NOW + DAY - timedelta(minutes=1)).queued == 0
    assert world.round(index, NOW + DAY).queued == 1
    first, second = world.queued("d" * 32)
    assert card_ids(first) == ["900101"] and card_ids(second) == ["900201"]


def test_several_new_ads_are_one_message_newest_first_in_the_alerts_language(world: World) -> None:
    world.alert("e" * 32, "warehouse jobs", occupation="Lagerarbetare", language="en")
    world.round(world.publish([*BASE, NEW_LAGER_JONKOPING, LATER_LAGER_JONKOPING]))
    [message] = world.queued("e" * 32)
    assert message["text"] == "2 new jobs for your alert “lagerarbetare”:"
    assert card_ids(message) == ["900201", "900101"]
    assert [card["n"] for card in message["custom"]["ads"]] == [1, 2]


def test_a_webhook_alert_is_queued_as_json_for_its_receiver(world: World) -> None:
    alert = world.alert("api:owner", "kock", place="Malmö", channel="webhook", webhook_url="http://127.0.0.1:9/x")
    world.round(world.publish([*BASE, NEW_KOCK_MALMO]))
    [delivery] = store_alerts.pending_webhooks(url=world.url)
    assert delivery.webhook_url == "http://127.0.0.1:9/x" and delivery.alert_id == alert.id
    assert delivery.body["count"] == 1 and [ad["id"] for ad in delivery.body["ads"]] == ["900102"]
    assert delivery.body["text"] == "Ett nytt jobb för din bevakning ”kock i Malmö”:"
    assert outbox.pending_on(["web", "telegram", "slack"], url=world.url) == []  # no chat channel gets it


def test_a_stopped_alert_gets_nothing(world: World) -> None:
    alert = world.alert("f" * 32, "lagerjobb i Jönköping")
    assert store_alerts.remove(alert.id, "f" * 32, url=world.url)
    assert world.round(world.publish([*BASE, NEW_LAGER_JONKOPING])).queued == 0
    assert world.queued("f" * 32) == []
