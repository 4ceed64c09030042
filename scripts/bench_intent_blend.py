"""What the intent blend adds: held-out intent macro-F1 per language of DIET alone and of the whole
pipeline (DIET blended with the e5 regression, then the fallback), from one trained model.

    .venvs/rasa/bin/python scripts/bench_intent_blend.py --model models/x.tar.gz --out reports/nlu/intent-blend.json

DIET alone is read off the model's own DIET node (Rasa's graph runs up to it), with the fallback
thresholds the pipeline had before the blend (0.55, ambiguity 0.1), so both columns come from the same
training. Runs in the Rasa venv (Python 3.10).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import bench_languages_nlu  # noqa: E402
from rasa.core.agent import Agent  # noqa: E402
from rasa.core.channels.channel import UserMessage  # noqa: E402
from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402

from nlu import languages  # noqa: E402

DIET_FALLBACK = (0.55, 0.1)  # the FallbackClassifier's thresholds before the blend


def node_named(agent: Agent, part: str) -> str:
    names = [n for n in agent.processor.model_metadata.predict_schema.nodes if part in n]
    if len(names) != 1:
        raise SystemExit(f"expected one graph node named like {part!r}, found {names}")
    return names[0]


def run_to(agent: Agent, node: str, texts: list[str]) -> list[dict]:
    out = []
    for start in range(0, len(texts), 64):
        messages = [UserMessage(t) for t in texts[start:start + 64]]
        results = agent.processor.graph_runner.run(
            inputs={PLACEHOLDER_MESSAGE: messages, PLACEHOLDER_TRACKER: DialogueStateTracker("bench", [])},
            targets=[node])
        out += [m.as_dict(only_output_properties=True) for m in results[node]]
    return out


def with_fallback(parsed: dict, threshold: float, ambiguity: float) -> str | None:
    ranking = parsed.get("intent_ranking") or []
    if not ranking:
        return (parsed.get("intent") or {}).get("name")
    second = ranking[1]["confidence"] if len(ranking) > 1 else 0.0
    if ranking[0]["confidence"] < threshold or ranking[0]["confidence"] - second < ambiguity:
        return "nlu_fallback"
    return ranking[0]["name"]


def macro_f1(gold: list[str], predicted: list[str | None]) -> float:
    labels = sorted(set(gold))
    return round(float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)), 4)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    logging.getLogger("rasa").setLevel(logging.ERROR)
    agent = Agent.load(args.model)
    diet = node_named(agent, "DIETClassifier")
    final = agent.processor.model_metadata.nlu_target
    result = {"model": args.model, "languages": {}}
    for code in languages.codes():
        rows = bench_languages_nlu.examples(code)
        texts, gold = [r[0] for r in rows], [r[1] for r in rows]
        diet_alone = [with_fallback(p, *DIET_FALLBACK) for p in run_to(agent, diet, texts)]
        pipeline = [(p.get("intent") or {}).get("name") for p in run_to(agent, final, texts)]
        result["languages"][code] = {"examples": len(rows), "diet_alone": macro_f1(gold, diet_alone),
                                     "pipeline": macro_f1(gold, pipeline)}
        print(f"[intent-blend] {code}: {result['languages'][code]}", file=sys.stderr)
    Path(args.out).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
