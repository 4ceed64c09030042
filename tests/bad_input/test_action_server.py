"""Bad input against the running action server: a 4xx with a clear error, never a 500, and the
server keeps answering Rasa."""

from __future__ import annotations

import httpx
import pytest

from tests.support.servers import ACTION_TOKEN_HEADER, TEST_ACTION_TOKEN

pytestmark = pytest.mark.e2e
FROM_RASA = {ACTION_TOKEN_HEADER: TEST_ACTION_TOKEN}  # the shared secret Rasa sends (bot/endpoints.yml)

CALL = {"next_action": "action_search_jobs", "sender_id": "bad-input",
        "tracker": {"sender_id": "bad-input", "slots": {}, "latest_message": {"text": "jobb i Umeå", "entities": []},
                    "events": []}, "domain": {}}


@pytest.mark.parametrize("content", [
    b"garbage", b"[1]", b'"x"', b"{}", b'{"next_action": 5}', b'{"next_action": "action_search_jobs"}',
    b'{"next_action": "action_search_jobs", "tracker": []}',
    b'{"next_action": "action_search_jobs", "tracker": {}}',
    b'{"next_action": "action_search_jobs", "tracker": {"sender_id": "x", "slots": []}}',
    b'{"next_action": "action_search_jobs", "tracker": {"sender_id": "x", "events": {}}, "domain": {}}',
    b'{"next_action": "action_search_jobs", "tracker": {"sender_id": "x"}, "domain": "x"}',
])
def test_malformed_action_calls_get_a_400(stack, content):
    response = httpx.post(f"{stack.actions.url}/webhook", content=content,
                          headers={"Content-Type": "application/json", **FROM_RASA}, timeout=60)
    assert response.status_code == 400, response.text
    assert response.json()["error"]


def test_an_unknown_action_is_a_404(stack):
    response = httpx.post(f"{stack.actions.url}/webhook", json={**CALL, "next_action": "action_nope"},
                          headers=FROM_RASA, timeout=60)
    assert response.status_code == 404


def test_a_well_formed_call_still_works_after_the_bad_ones(stack):
    response = httpx.post(f"{stack.actions.url}/webhook", json=CALL, headers=FROM_RASA, timeout=120)
    assert response.status_code == 200
    assert response.json()["responses"]
