"""Runs every conversation of the dialogue suite once, concurrently, against the session's stack.

Each conversation is one jobseeker (its own sender id); conversations run in parallel threads (turns
within a conversation stay in order), which keeps the suite fast on the single Rasa server. The
tests then check each conversation's recorded replies. With JOBBCOACH_DIALOGUE_REPORT set (make
bench-dialogue), the pass rate and every failing turn are written to that folder.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.dialogue.conversations import CONVERSATIONS
from tests.dialogue.dsl import Conversation, Reply, problems
from tests.support.servers import TEST_RASA_TOKEN

PARALLEL_SENDERS = 6


@dataclass
class Outcome:
    conversation: Conversation
    failures: list[dict] = field(default_factory=list)
    seconds: float = 0.0


def run_conversation(rasa_url: str, conversation: Conversation) -> Outcome:
    """Say every turn; record what is wrong with each reply (a transport error fails the turn)."""
    sender = f"dialogue-{uuid.uuid4().hex[:10]}"
    outcome = Outcome(conversation)
    started = time.perf_counter()
    # the REST channel answers only callers holding the Rasa token (docs/threat-model.md)
    with httpx.Client(timeout=60, headers={"Authorization": f"Bearer {TEST_RASA_TOKEN}"}) as client:
        for number, expected in enumerate(conversation.turns, start=1):
            try:
                response = client.post(f"{rasa_url}/webhooks/rest/webhook",
                                       json={"sender": sender, "message": expected.say})
                response.raise_for_status()
                reply = Reply.of(response.json())
                wrong = problems(expected, reply)
            except httpx.HTTPError as error:
                reply, wrong = Reply.of([]), [f"HTTP error: {error}"]
            if wrong:
                outcome.failures.append({"turn": number, "say": expected.say, "problems": wrong,
                                         "reply": reply.text[:800]})
    outcome.seconds = time.perf_counter() - started
    return outcome


def write_report(folder: Path, outcomes: list[Outcome], seconds: float) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    passed = sum(not o.failures for o in outcomes)
    turns = sum(len(o.conversation.turns) for o in outcomes)
    failed_turns = sum(len(o.failures) for o in outcomes)
    by_flow: dict[str, list[int]] = {}
    for outcome in outcomes:
        counts = by_flow.setdefault(outcome.conversation.flow, [0, 0])
        counts[0] += not outcome.failures
        counts[1] += 1
    lines = ["# Dialogue suite (tests/dialogue)", "",
             f"Conversations: {len(outcomes)}, passed {passed} ({passed / max(len(outcomes), 1):.1%}); "
             f"turns: {turns}, failing turns: {failed_turns}; wall time {seconds:.0f} s "
             f"with {PARALLEL_SENDERS} parallel senders.", "", "| flow | passed | conversations |", "|---|---|---|"]
    lines += [f"| {flow} | {ok} | {total} |" for flow, (ok, total) in sorted(by_flow.items())]
    lines += ["", "## Failing turns", ""]
    for outcome in outcomes:
        for failure in outcome.failures:
            lines.append(f"- **{outcome.conversation.name}**, turn {failure['turn']} ”{failure['say']}”: "
                         f"{'; '.join(failure['problems'])}  \n  reply: {failure['reply']!r}")
    if not failed_turns:
        lines.append("None.")
    (folder / "summary.md").write_text("\n".join(lines) + "\n")
    (folder / "results.json").write_text(json.dumps(
        {"conversations": len(outcomes), "passed": passed, "turns": turns, "failing_turns": failed_turns,
         "seconds": round(seconds, 1),
         "failures": [{"conversation": o.conversation.name, "flow": o.conversation.flow, **f}
                      for o in outcomes for f in o.failures]}, ensure_ascii=False, indent=2))


@pytest.fixture(scope="session")
def dialogue_outcomes(stack) -> dict[str, Outcome]:
    started = time.perf_counter()
    with ThreadPoolExecutor(PARALLEL_SENDERS) as pool:
        outcomes = list(pool.map(lambda c: run_conversation(stack.rasa_url, c), CONVERSATIONS))
    seconds = time.perf_counter() - started
    if os.environ.get("JOBBCOACH_DIALOGUE_REPORT"):
        write_report(Path(os.environ["JOBBCOACH_DIALOGUE_REPORT"]), outcomes, seconds)
    return {o.conversation.name: o for o in outcomes}
