"""Fixtures of the activity report co-pilot's tests: a migrated store per test and a pinned "now"
(tests/actions' fixtures), the console's logged-in clients (tests/console's), and a shared secret."""

from __future__ import annotations

import pytest

from store.jobseekers import ensure_jobseeker
from tests.actions.conftest import no_action_crashed, store_url  # noqa: F401 - fixtures
from tests.console.conftest import accounts, app, caseworker, client, console_env, new_console  # noqa: F401

SECRET = "test-internal-token-for-report-links"


@pytest.fixture
def jobseeker(store_url, monkeypatch) -> str:  # noqa: F811 - the imported fixture
    """A known jobseeker (the session start makes the row) and the secret links are signed with."""
    monkeypatch.setenv("JOBBCOACH_INTERNAL_TOKEN", SECRET)
    ensure_jobseeker("activity-user", "rest")
    return "activity-user"
