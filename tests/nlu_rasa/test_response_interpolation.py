"""Every response in the domain and its translations goes through Rasa's own interpolator without
an error it could never avoid, and a button payload with entities comes out as the JSON Rasa parses.

Rasa 3.6 (rasa.core.nlg.interpolator) reads `{...}` as a slot placeholder: a payload written
`/inform{"sick_type": "vab"}` raises a KeyError inside it, which it logs as an ERROR on every send.
The domain doubles the braces (`/inform{{"sick_type": "vab"}}`), which the interpolator unescapes.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from rasa.core.nlg import interpolator

ROOT = Path(__file__).resolve().parents[2]
RESPONSE_FILES = sorted([*ROOT.glob("bot/domain/*.yml"), *ROOT.glob("bot/languages/**/*.yml")])
PAYLOAD_WITH_ENTITIES = re.compile(r"^/[\w-]+(\{.*\})$", re.S)
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_]\w*)\}(?!\})")


def responses() -> list[tuple[str, str, dict]]:
    found = []
    for path in RESPONSE_FILES:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        for name, variations in (data.get("responses") or {}).items():
            for variation in variations or []:
                found.append((path.relative_to(ROOT).as_posix(), name, variation))
    return found


@lru_cache(maxsize=1)
def domain_slot_names() -> tuple[str, ...]:
    """Read once per run: the test is parametrised over thousands of responses."""
    names: list[str] = []
    for path in ROOT.glob("bot/domain/*.yml"):
        names += list((yaml.safe_load(path.read_text("utf-8")) or {}).get("slots") or {})
    return tuple(names)


def slot_values() -> dict[str, str]:
    """A value for every slot in the domain, as Rasa passes them to the interpolator."""
    return {name: "x" for name in domain_slot_names()}


@pytest.fixture
def logged_errors(monkeypatch) -> list[dict]:
    errors: list[dict] = []
    monkeypatch.setattr(interpolator.structlogger, "exception",
                        lambda event, **fields: errors.append({"event": event, **fields}))
    return errors


def test_there_are_responses_to_check():
    assert len(responses()) > 20


@pytest.mark.parametrize(("path", "name", "variation"), responses(), ids=lambda v: v if isinstance(v, str) else "")
def test_response_interpolates_without_an_error(path, name, variation, logged_errors):
    # A {name} that is no slot is a value the action (or the web app's digest) passes at send time:
    # give it one here too, so a button payload built from it is checked as Rasa will send it.
    passed = {key: "7" for key in PLACEHOLDER.findall(json.dumps(variation, ensure_ascii=False))}
    filled = interpolator.interpolate(json.loads(json.dumps(variation)), {**passed, **slot_values()})
    # {name} may be a value the action passes (utter_message(response=..., name=...)); anything that
    # is not a name can never be filled, and Rasa logs an ERROR for it at every send.
    never_filled = [e for e in logged_errors if not str(e.get("placeholder_key", "")).isidentifier()]
    assert never_filled == [], f"{path}: {name} makes Rasa log an ERROR: {never_filled[0]['response']!r}"
    for button in filled.get("buttons") or []:
        payload = button.get("payload", "")
        entities = PAYLOAD_WITH_ENTITIES.match(payload)
        if entities:
            assert isinstance(json.loads(entities.group(1)), dict), f"{path}: {name}: {payload!r}"
