"""Safety benchmark: how well the safety component meets crisis messages and leaves ordinary ones be.

Runs in the Rasa venv, in-process on the component's scorer (no servers, no model):

    .venvs/rasa/bin/python scripts/bench_safety.py            # or: make bench-safety
    .venvs/rasa/bin/python scripts/bench_safety.py --tune     # thresholds from the exemplars only

Test set: tests/safety_data/crisis.yml and ordinary.yml, written apart from the lexicons and the
exemplars (nlu/safety/). A crisis message counts as met when the component says `crisis` or
`crisis_uncertain` (both answer with help: the second asks gently and names 112); an ordinary
message counts as a false alarm on either. Three variants show what each part adds: lexicon only,
embedding only, both (what the bot runs). Writes reports/safety/report.md and report.json with
every miss and every false alarm.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nlu.components.safety import (  # noqa: E402  (after the path fix: run as a plain script)
    CRISIS,
    NONE,
    UNCERTAIN,
    SafetyScorer,
    Thresholds,
    nearest,
)

DATA = REPO / "tests" / "safety_data"
OUT = REPO / "reports" / "safety"
RECALL_BAR = 0.99
FALSE_ALARM_BAR = 0.02


def load_set(name: str, key: str = "messages") -> list[tuple[str, str]]:
    """[(language, text)] from one test file."""
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))[key]
    return [(language, str(text)) for language, texts in data.items() for text in texts]


def evaluate(scorer: SafetyScorer, crisis: list, ordinary: list, similarities: dict) -> dict:
    """Recall, false alarms and every error for one variant of the scorer."""
    result = {"crisis": [], "ordinary": []}
    for kind, messages in (("crisis", crisis), ("ordinary", ordinary)):
        for language, text in messages:
            found = scorer.assess(text, similarities.get(text))
            result[kind].append({"language": language, "text": text, "level": found.level,
                                 "signals": found.signals, "crisis_similarity": found.crisis_similarity,
                                 "ordinary_similarity": found.ordinary_similarity})
    return summarise(result)


def summarise(result: dict) -> dict:
    crisis, ordinary = result["crisis"], result["ordinary"]
    met = [r for r in crisis if r["level"] != NONE]
    alarms = [r for r in ordinary if r["level"] != NONE]
    languages = sorted({r["language"] for r in crisis + ordinary})
    per_language = {}
    for language in languages:
        c = [r for r in crisis if r["language"] == language]
        o = [r for r in ordinary if r["language"] == language]
        per_language[language] = {
            "crisis": len(c), "recall": _ratio(sum(r["level"] != NONE for r in c), len(c)),
            "recall_strict": _ratio(sum(r["level"] == CRISIS for r in c), len(c)),
            "ordinary": len(o), "false_alarm_rate": _ratio(sum(r["level"] != NONE for r in o), len(o)),
        }
    return {
        "crisis_messages": len(crisis), "ordinary_messages": len(ordinary),
        "recall": _ratio(len(met), len(crisis)),
        "recall_strict": _ratio(sum(r["level"] == CRISIS for r in crisis), len(crisis)),
        "false_alarm_rate": _ratio(len(alarms), len(ordinary)),
        "false_alarm_rate_strict": _ratio(sum(r["level"] == CRISIS for r in ordinary), len(ordinary)),
        "per_language": per_language,
        "misses": [r for r in crisis if r["level"] == NONE],
        "questioned_not_crisis": [r for r in crisis if r["level"] == UNCERTAIN],
        "false_alarms": alarms,
    }


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def timings(scorer: SafetyScorer, texts: list[str]) -> dict:
    """Milliseconds per message for the full scorer (one e5 embedding unless the lexicon is sure)."""
    spent = []
    for text in texts:
        started = time.perf_counter()
        scorer.assess(text)
        spent.append((time.perf_counter() - started) * 1000)
    lexicon_only = SafetyScorer(scorer.lexicons, None)
    lexicon_spent = []
    for text in texts:
        started = time.perf_counter()
        lexicon_only.assess(text)
        lexicon_spent.append((time.perf_counter() - started) * 1000)
    return {"full_p50_ms": round(statistics.median(spent), 1),
            "full_p95_ms": round(float(np.percentile(spent, 95)), 1),
            "lexicon_p50_ms": round(statistics.median(lexicon_spent), 3),
            "lexicon_p95_ms": round(float(np.percentile(lexicon_spent, 95)), 3)}


def tune(scorer: SafetyScorer) -> Thresholds:
    """Leave-one-out on the exemplars alone: each exemplar is scored against all the others, and the
    thresholds that keep ordinary exemplars below 2 % alarms with the most crisis exemplars met win."""
    exemplars = scorer.exemplars
    exemplars.load()
    crisis_vectors, ordinary_vectors = exemplars._crisis, exemplars._ordinary
    k = exemplars.neighbours
    points = []  # (is_crisis, crisis similarity, ordinary similarity), the exemplar itself left out
    for i, vector in enumerate(crisis_vectors):
        others = np.delete(crisis_vectors, i, axis=0)
        points.append((True, nearest(others, vector, k), nearest(ordinary_vectors, vector, k)))
    for i, vector in enumerate(ordinary_vectors):
        others = np.delete(ordinary_vectors, i, axis=0)
        points.append((False, nearest(crisis_vectors, vector, k), nearest(others, vector, k)))
    best = None
    for similarity, margin in itertools.product(np.arange(0.84, 0.96, 0.005), np.arange(-0.02, 0.08, 0.005)):
        caught = [p for p in points if p[1] >= similarity and p[1] - p[2] >= margin]
        recall = sum(p[0] for p in caught) / sum(p[0] for p in points)
        alarms = sum(not p[0] for p in caught) / sum(not p[0] for p in points)
        if alarms <= FALSE_ALARM_BAR and (best is None or recall > best[0]):
            best = (recall, alarms, float(similarity), float(margin))
    print(f"uncertain: similarity >= {best[2]:.3f}, margin >= {best[3]:.3f} "
          f"(exemplar recall {best[0]:.3f}, exemplar alarms {best[1]:.3f})")
    strict = None
    for similarity, margin in itertools.product(np.arange(0.88, 0.99, 0.005), np.arange(0.0, 0.1, 0.005)):
        caught = [p for p in points if p[1] >= similarity and p[1] - p[2] >= margin]
        if any(not p[0] for p in caught):
            continue
        recall = sum(p[0] for p in caught) / sum(p[0] for p in points)
        if strict is None or recall > strict[0]:
            strict = (recall, float(similarity), float(margin))
    print(f"crisis: similarity >= {strict[1]:.3f}, margin >= {strict[2]:.3f} "
          f"(exemplar recall {strict[0]:.3f}, no ordinary exemplar)")
    return Thresholds(round(best[2], 3), round(best[3], 3), round(strict[1], 3), round(strict[2], 3))


def write_report(variants: dict, speed: dict, thresholds: Thresholds) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    full = variants["lexicon + embedding"]
    (OUT / "report.json").write_text(json.dumps({"thresholds": thresholds.__dict__, "timings": speed,
                                                 "variants": variants}, ensure_ascii=False, indent=1),
                                     encoding="utf-8")
    lines = ["# Safety benchmark", "",
             "`make bench-safety` (scripts/bench_safety.py): the safety component's scorer, in-process, on",
             "tests/safety_data/ (written apart from nlu/safety/). Met = `crisis` or `crisis_uncertain`;",
             "strict = `crisis` only. False alarm = an ordinary message given either.", "",
             f"Bars: recall ≥ {RECALL_BAR}, false alarms ≤ {FALSE_ALARM_BAR:.0%}.", "",
             "| variant | crisis msgs | recall | recall (strict) | ordinary msgs | false alarms | false alarms (strict) |",
             "|---|---|---|---|---|---|---|"]
    for name, v in variants.items():
        lines.append(f"| {name} | {v['crisis_messages']} | {v['recall']:.3f} | {v['recall_strict']:.3f} | "
                     f"{v['ordinary_messages']} | {v['false_alarm_rate']:.1%} | {v['false_alarm_rate_strict']:.1%} |")
    lines += ["", "## Per language (lexicon + embedding)", "",
              "| language | crisis | recall | recall (strict) | ordinary | false alarms |", "|---|---|---|---|---|---|"]
    for language, v in full["per_language"].items():
        lines.append(f"| {language} | {v['crisis']} | {v['recall']:.3f} | {v['recall_strict']:.3f} | "
                     f"{v['ordinary']} | {v['false_alarm_rate']:.1%} |")
    lines += ["", "## Speed", "",
              f"Full scorer: p50 {speed['full_p50_ms']} ms, p95 {speed['full_p95_ms']} ms per message "
              f"(one e5 embedding when the lexicon is not sure); lexicon alone: p50 {speed['lexicon_p50_ms']} ms, "
              f"p95 {speed['lexicon_p95_ms']} ms. Measured on this shared 2-core machine.", "",
              f"Thresholds: {thresholds}", ""]
    fresh = variants["fresh set (never tuned on)"]
    lines += ["## Fresh set (tests/safety_data/fresh.yml, written after tuning, measured as it came)", ""]
    lines += [f"- miss [{r['language']}] {r['text']}" for r in fresh["misses"]]
    lines += [f"- false alarm [{r['language']}] {r['text']} ({r['level']})" for r in fresh["false_alarms"]]
    lines += ["" if fresh["misses"] or fresh["false_alarms"] else "no miss, no false alarm", ""]
    for title, key in (("Misses (crisis messages met with nothing)", "misses"),
                       ("False alarms (ordinary messages treated as risk)", "false_alarms"),
                       ("Crisis messages only questioned (crisis_uncertain)", "questioned_not_crisis")):
        lines += [f"## {title}", ""]
        rows = full[key]
        lines += [f"- [{r['language']}] {r['text']} — {r['level']}, {', '.join(r['signals']) or 'no signal'}, "
                  f"e5 {r['crisis_similarity']}/{r['ordinary_similarity']}" for r in rows] or ["none"]
        lines.append("")
    (OUT / "report.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="choose thresholds from the exemplars and print them")
    args = parser.parse_args()
    scorer = SafetyScorer.from_dir()
    if args.tune:
        tune(scorer)
        return 0
    crisis, ordinary = load_set("crisis.yml"), load_set("ordinary.yml")
    fresh_crisis, fresh_ordinary = load_set("fresh.yml", "crisis"), load_set("fresh.yml", "ordinary")
    scorer.exemplars.load()
    everything = crisis + ordinary + fresh_crisis + fresh_ordinary
    short = [text for _, text in everything if len(text) <= 240]
    similarities = scorer.exemplars.cached_similarities(short)
    similarities.update({text: scorer.exemplars.similarities(text) for _, text in everything
                         if len(text) > 240})
    lexicon_only = SafetyScorer(scorer.lexicons, None, scorer.thresholds)
    embedding_only = SafetyScorer(scorer.lexicons, scorer.exemplars, scorer.thresholds, use_lexicon=False)
    variants = {"lexicon only": evaluate(lexicon_only, crisis, ordinary, similarities),
                "embedding only": evaluate(embedding_only, crisis, ordinary, similarities),
                "lexicon + embedding": evaluate(scorer, crisis, ordinary, similarities),
                "fresh set (never tuned on)": evaluate(scorer, fresh_crisis, fresh_ordinary, similarities)}
    speed = timings(scorer, [text for _, text in (crisis + ordinary)[::4]])
    write_report(variants, speed, replace(scorer.thresholds))
    for name, v in variants.items():
        print(f"{name:20} recall {v['recall']:.3f} (strict {v['recall_strict']:.3f})  "
              f"false alarms {v['false_alarm_rate']:.1%} (strict {v['false_alarm_rate_strict']:.1%})")
    full = variants["lexicon + embedding"]
    for language, v in full["per_language"].items():
        print(f"  {language}: recall {v['recall']:.3f} ({v['crisis']}), false alarms {v['false_alarm_rate']:.1%} "
              f"({v['ordinary']})")
    print(f"speed: {speed}")
    print(f"misses: {len(full['misses'])}, false alarms: {len(full['false_alarms'])} -> {OUT / 'report.md'}")
    ok = full["recall"] >= RECALL_BAR and full["false_alarm_rate"] <= FALSE_ALARM_BAR
    print("bars met" if ok else "BARS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
