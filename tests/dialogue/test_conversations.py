"""Every conversation of the dialogue suite passes: each reply meets its turn's expectations."""

from __future__ import annotations

import pytest

from tests.dialogue.conversations import CONVERSATIONS

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("name", [c.name for c in CONVERSATIONS])
def test_conversation(dialogue_outcomes, name):
    outcome = dialogue_outcomes[name]
    assert not outcome.failures, "\n".join(
        f"turn {f['turn']} ”{f['say']}”: {'; '.join(f['problems'])}\n   reply: {f['reply']!r}"
        for f in outcome.failures)


def test_the_suite_is_big_enough():
    assert len(CONVERSATIONS) >= 200
    assert len({c.flow for c in CONVERSATIONS}) >= 15
