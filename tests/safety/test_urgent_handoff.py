"""The urgent handoff after a crisis message: first in the caseworkers' queue, flagged on the page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from store.db import session_scope
from store.handoffs import request_handoff
from tests.support.store_db import fresh_store_url
from web.console import queues
from web.console.templating import env


def test_urgent_requests_stand_first_and_a_waiting_request_becomes_urgent(tmp_path):
    url = fresh_store_url(tmp_path)  # migrated to head, as the run command makes it
    start = datetime(2026, 11, 27, 9, tzinfo=UTC)
    request_handoff("early-normal", "Vill prata om CV", start, url=url)
    request_handoff("later-urgent", "kris", start + timedelta(hours=2), url=url, urgent=True)
    request_handoff("waiting-then-urgent", "vill prata", start + timedelta(hours=1), url=url)
    _, is_new = request_handoff("waiting-then-urgent", "kris", start + timedelta(hours=3), url=url, urgent=True)
    assert not is_new
    request_handoff("later-urgent", "inget nytt", start + timedelta(hours=4), url=url)  # never made less urgent
    with session_scope(url) as session:
        order = [(h.sender_id, h.urgent) for h in queues.handoffs(session)]
    assert order == [("waiting-then-urgent", True), ("later-urgent", True), ("early-normal", False)]


def test_the_queue_page_flags_urgent_requests(tmp_path):
    url = fresh_store_url(tmp_path)  # migrated to head, as the run command makes it
    now = datetime(2026, 11, 27, 9, tzinfo=UTC)
    request_handoff("calm", "CV", now, url=url)
    request_handoff("in-crisis", "kris", now, url=url, urgent=True)
    with session_scope(url) as session:
        items = queues.handoffs(session)
        html = env.get_template("handoffs.html").render(items=items, show_closed=False, csrf_token="t",
                                                         request=None, identity=None, message=None, warning=None)
    assert html.count("Brådskande") == 1
    assert html.index("in-crisis") < html.index("calm")
