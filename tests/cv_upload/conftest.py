"""The CV file's tests: the action tests use tests/actions' fixtures (a fresh store per test, the
pinned clock, no action that crashed and apologised, the real matcher on the test index)."""

from tests.actions.conftest import matcher, no_action_crashed, store_url  # noqa: F401 - fixtures
