"""Held-out NLU scores per language for one trained model (runs in the Rasa venv, Python 3.10).

Called by scripts/bench_languages.py; writes one JSON document:
    .venvs/rasa/bin/python scripts/bench_languages_nlu.py --model models/x.tar.gz --out result.json
For each language: intent macro-F1 and accuracy over nlu/test/<code>.yml (Swedish: nlu/test/nlu_test.yml
and nlu/test/sv_languages.yml), per-intent F1, response-selection accuracy for the retrieval intents
(cv_help/<topic>, interview_help/<topic>) and the misclassified examples.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from rasa.core.agent import Agent  # noqa: E402
from rasa.shared.nlu.training_data.loading import load_data  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402

from nlu import languages  # noqa: E402

SWEDISH_TEST_FILES = ("nlu_test.yml", "sv_languages.yml")


def test_files(code: str) -> list[Path]:
    names = SWEDISH_TEST_FILES if code == languages.default_code() else (f"{code}.yml",)
    return [ROOT / "nlu" / "test" / n for n in names if (ROOT / "nlu" / "test" / n).exists()]


def examples(code: str) -> list[tuple[str, str, str | None]]:
    """(text, intent, full retrieval intent or None) of the held-out files of one language."""
    out = []
    for path in test_files(code):
        for message in load_data(str(path)).intent_examples:
            out.append((message.get("text"), message.get("intent"), message.get("intent_response_key")))
    return out


def parse_all(agent: Agent, texts: list[str]) -> list[dict]:
    """Parse many messages in one pass of the NLU graph (its components batch lists of messages)."""
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
    from rasa.shared.core.trackers import DialogueStateTracker

    processor = agent.processor
    target = processor.model_metadata.nlu_target
    out = []
    for start in range(0, len(texts), 64):
        messages = [UserMessage(t) for t in texts[start:start + 64]]
        results = processor.graph_runner.run(
            inputs={PLACEHOLDER_MESSAGE: messages, PLACEHOLDER_TRACKER: DialogueStateTracker("bench", [])},
            targets=[target])
        out += [m.as_dict(only_output_properties=True) for m in results[target]]
    return out


async def score(agent: Agent, code: str, exclude: set[str]) -> dict:
    rows = [row for row in examples(code) if row[1] not in exclude]
    gold, predicted, rs_total, rs_right, errors = [], [], 0, 0, []
    parses = parse_all(agent, [text for text, _, _ in rows])
    for (text, intent, response_key), parsed in zip(rows, parses, strict=True):
        name = (parsed.get("intent") or {}).get("name")
        gold.append(intent)
        predicted.append(name)
        if name != intent:
            errors.append({"text": text, "intent": intent, "predicted": name,
                           "confidence": round((parsed.get("intent") or {}).get("confidence", 0.0), 3)})
        if response_key:
            rs_total += 1
            selected = ((parsed.get("response_selector") or {}).get(intent) or {}).get("response") or {}
            rs_right += selected.get("intent_response_key") == response_key
    labels = sorted(set(gold))
    per_intent = f1_score(gold, predicted, labels=labels, average=None, zero_division=0)
    return {
        "examples": len(rows), "intents": len(labels),
        "macro_f1": round(float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)), 4),
        "accuracy": round(sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(len(rows), 1), 4),
        "response_selection_accuracy": round(rs_right / rs_total, 4) if rs_total else None,
        "per_intent_f1": {label: round(float(f), 3) for label, f in zip(labels, per_intent, strict=True)},
        "errors": errors,
    }


async def main_async(model: str, exclude: set[str], codes: list[str]) -> dict:
    logging.getLogger("rasa").setLevel(logging.ERROR)
    started = time.monotonic()
    agent = Agent.load(model)
    loaded = time.monotonic() - started
    result = {"model": model, "load_seconds": round(loaded, 1), "excluded_intents": sorted(exclude),
              "languages": {}}
    for code in codes:
        t0 = time.monotonic()
        result["languages"][code] = await score(agent, code, exclude)
        result["languages"][code]["seconds"] = round(time.monotonic() - t0, 1)
        scores = result["languages"][code]
        print(f"[bench-languages] {code}: intent macro-F1 {scores['macro_f1']} on {scores['examples']} examples",
              file=sys.stderr)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--exclude", default="", help="comma-separated intents the model was not trained on")
    parser.add_argument("--languages", default=",".join(languages.codes()), help="codes to score, in this order")
    args = parser.parse_args()
    codes = [c for c in args.languages.split(",") if languages.get(c)]
    result = asyncio.run(main_async(args.model, {i for i in args.exclude.split(",") if i}, codes))
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
