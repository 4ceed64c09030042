"""The tracker-store reader on PostgreSQL (Rasa's SQLTrackerStore with dialect postgresql): the
same list, flags, search, transcript, insight and deletion as on SQLite, from a real server."""

from __future__ import annotations

import time

import pytest

from tests.console.tracker_rows import TrackerRows

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def postgres():
    from tests.support.databases import PostgresServer

    try:
        server = PostgresServer.start()
    except Exception as error:  # noqa: BLE001 - no pgserver wheel: the SQLite tests still cover the logic
        pytest.skip(f"PostgreSQL is not available: {error}")
    yield server
    server.stop()


@pytest.fixture
def pg_tracker(postgres, console_env, monkeypatch) -> TrackerRows:
    import uuid

    url = postgres.create_database(f"tracker_{uuid.uuid4().hex[:8]}")
    monkeypatch.setenv("JOBBCOACH_TRACKER_DB_URL", url)
    return TrackerRows(url=url)


def test_list_search_flags_transcript_and_delete_on_postgresql(pg_tracker, caseworker):
    t = pg_tracker
    t.session_start("p1")
    t.exchange("p1", "Jag söker jobb som UNDERSKÖTERSKA", intent="search_jobs", channel="socketio")
    t.exchange("p2", "qwerty", intent="affirm", confidence=0.2)
    t.exchange("p3", "jag mår dåligt", intent="feeling_down")

    listing = caseworker.get("/console/api/conversations").json()
    flags = {c["sender_id"]: c["flags"] for c in listing["conversations"]}
    assert listing["total"] == 3 and flags == {"p1": [], "p2": ["fallback"], "p3": ["feeling_down"]}
    found = caseworker.get("/console/api/conversations", params={"q": "undersköterska"}).json()
    assert [c["sender_id"] for c in found["conversations"]] == ["p1"]
    assert found["conversations"][0]["channel"] == "socketio"

    transcript = caseworker.get("/console/api/transcript", params={"sender": "p1"}).json()
    said = [(e["who"], e["text"]) for e in transcript["entries"]]
    assert ("Jobbsökare", "Jag söker jobb som UNDERSKÖTERSKA") in said

    insight = caseworker.get("/console/api/insight").json()
    assert insight["conversations"] == 3 and abs(insight["fallback_rate"] - 1 / 3) < 1e-9

    from store import tracker_events  # erasure with no Rasa server running: direct deletes

    url = pg_tracker.url
    assert tracker_events.delete_rows("p2", url) == 4
    assert t.count("p2") == 0 and t.count("p1") > 0
    from datetime import UTC, datetime

    assert tracker_events.delete_rows_before(datetime.fromtimestamp(time.time() + 3600, UTC), url) > 0
    assert t.count() == 0
