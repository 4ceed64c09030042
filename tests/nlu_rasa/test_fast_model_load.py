"""bot.fast_model_load predicts exactly what Rasa's own load predicts, on the trained model.

One process loads the test command's model (JOBBCOACH_MODEL, else the newest in models/) twice: as
Rasa 3.6 loads it (a throw-away training step builds the weights) and with the fast loader (weights
restored into the variables the first prediction creates). Every held-out message of every language
must get the same intent ranking, entities and response-selector answer to the last bit.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest
import yaml
from rasa.core.agent import Agent
from rasa.utils.tensorflow.models import RasaModel

from bot import fast_model_load

ROOT = Path(__file__).resolve().parents[2]
HELD_OUT = ROOT / "nlu" / "test"
PER_FILE = 25


def trained_model() -> Path:
    if named := os.environ.get("JOBBCOACH_MODEL"):
        return Path(named)
    models = sorted((ROOT / "models").glob("jobbcoach-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        pytest.fail("no trained model: run scripts/train.sh (the test command trains before this)")
    return models[-1]


def held_out_messages() -> list[str]:
    """Up to PER_FILE messages of each held-out file, spread over its intents."""
    messages: list[str] = []
    for path in sorted(HELD_OUT.glob("*.yml")):
        examples = [line.strip()[2:] for block in yaml.safe_load(path.read_text("utf-8"))["nlu"]
                    if "intent" in block for line in block["examples"].splitlines() if line.strip()]
        step = max(1, len(examples) // PER_FILE)
        messages += examples[::step][:PER_FILE]
    return messages


def predictions(agent: Agent, messages: list[str]) -> list[dict]:
    async def parse_all() -> list[dict]:
        parsed = [await agent.parse_message(text) for text in messages]
        return [{key: message.get(key) for key in ("intent", "intent_ranking", "entities", "response_selector")}
                for message in parsed]

    return asyncio.run(parse_all())


def test_the_fast_load_predicts_what_rasas_load_predicts(monkeypatch: pytest.MonkeyPatch) -> None:
    model, messages = trained_model(), held_out_messages()
    assert len(messages) > 150

    started = time.perf_counter()
    expected = predictions(Agent.load(str(model)), messages)
    rasa_seconds = time.perf_counter() - started

    monkeypatch.setattr(RasaModel, "load", RasaModel.__dict__["load"])  # Rasa's again after the test
    fast_model_load.install()
    started = time.perf_counter()
    fast = predictions(Agent.load(str(model)), messages)
    fast_seconds = time.perf_counter() - started

    for text, want, got in zip(messages, expected, fast, strict=True):
        assert got == want, text
    assert any(p["response_selector"] for p in expected)  # the selectors took part
    print(f"load and parse: Rasa's way {rasa_seconds:.1f} s, fast {fast_seconds:.1f} s")
