"""Fuzz the web app (matching API, chat proxy, widget, console) from its own OpenAPI schema.

Schemathesis generates valid and invalid requests for every operation; whatever it sends, the app
must not answer with a 5xx. The app runs in-process over ASGI with a real index and a real SQLite
store; the chat proxy talks to the session's real Rasa server, so every 5xx is a real fault.
"""

from __future__ import annotations

import importlib

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.support.store_db import fresh_store_url

pytestmark = pytest.mark.e2e



@pytest.fixture(scope="module")
def web_app(test_index, stack, tmp_path_factory):
    work = tmp_path_factory.mktemp("fuzz-web")
    patch = pytest.MonkeyPatch()
    for name, value in {
        "JOBBCOACH_INDEX": str(test_index), "JOBBCOACH_VAR": str(work),
        "JOBBCOACH_DB_URL": fresh_store_url(work, "jobbcoach.db"),
        "JOBBCOACH_TRACKER_DB": str(work / "tracker.db"),
        "JOBBCOACH_RASA_URL": stack.rasa_url, "JOBBCOACH_RASA_TOKEN": stack.rasa_token,
        "JOBBCOACH_NOW": "2026-11-27T12:00:00",
    }.items():
        patch.setenv(name, value)
    import web.app

    yield importlib.reload(web.app).create_app()
    patch.undo()


def test_no_request_makes_the_web_app_fail(web_app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", web_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    # The console's pages are HTML behind a login and stay out of the schema; they have their own tests.
    assert len(operations) >= 6, "the schema should list the matching API and the chat proxy"
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def no_server_error(case):
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])

        try:
            no_server_error()
        except Exception as error:
            raise AssertionError(f"{operation.method.upper()} {operation.path}: {error}") from error
