"""NLU benchmark: train, test on the held-out file, 5-fold cross-validation, write a summary.

Run from the repository root (``make bench-nlu`` calls scripts/bench_nlu.sh, which calls this):

    .venvs/rasa/bin/python scripts/bench_nlu.py [--config bot/config.yml] [--out reports/nlu]
                                               [--folds 5] [--no-cv]

Writes into --out:
    heldout/   rasa test nlu on nlu/test/nlu_test.yml (intent_report.json, DIETClassifier_report.json,
               intent_confusion_matrix.png, response_selection_report.json, errors)
    cv/        rasa test nlu --cross-validation on nlu/data (same files, aggregated test folds)
    intent_confusion_matrix.png   copy of the held-out matrix
    metrics.json, summary.md      intent macro-F1, entity F1 (micro over entity types), timings
Stdlib only; the Rasa CLI does the work. Random seeds are fixed in the configs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RASA = ROOT / ".venvs" / "rasa" / "bin" / "rasa"


def run(args: list[str], log: Path) -> float:
    """Run one Rasa command, log its output, return wall seconds; exit on failure."""
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    print("+", " ".join(args), flush=True)
    start = time.monotonic()
    with log.open("w", encoding="utf-8") as fh:
        proc = subprocess.run(args, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    took = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}), see {log}")
    return took


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def entity_scores(folder: Path) -> dict:
    """Micro and macro F1 over entity types from DIET's report (the 'no_entity' row excluded)."""
    report = read_json(folder / "DIETClassifier_report.json")
    out = {}
    for key in ("micro avg", "macro avg", "weighted avg"):
        if key in report:
            out[key.replace(" avg", "")] = round(report[key]["f1-score"], 4)
    out["per_entity"] = {k: round(v["f1-score"], 4) for k, v in report.items()
                         if isinstance(v, dict) and "avg" not in k and k != "no_entity"}
    return out


def intent_scores(folder: Path) -> dict:
    report = read_json(folder / "intent_report.json")
    out = {"macro_f1": round(report.get("macro avg", {}).get("f1-score", 0.0), 4),
           "accuracy": round(report.get("accuracy", 0.0), 4),
           "weighted_f1": round(report.get("weighted avg", {}).get("f1-score", 0.0), 4)}
    out["worst"] = sorted(((k, round(v["f1-score"], 3)) for k, v in report.items()
                           if isinstance(v, dict) and "avg" not in k), key=lambda kv: kv[1])[:5]
    return out


def response_scores(folder: Path) -> dict:
    report = read_json(folder / "response_selection_report.json")
    return {"macro_f1": round(report.get("macro avg", {}).get("f1-score", 0.0), 4),
            "accuracy": round(report.get("accuracy", 0.0), 4)} if report else {}


def oos_leaks(folder: Path) -> int:
    """How many held-out out_of_scope messages were predicted as search_jobs (must be 0)."""
    errors = read_json(folder / "intent_errors.json") or []
    return sum(1 for e in errors if e.get("intent") == "out_of_scope"
               and (e.get("intent_prediction") or {}).get("name") == "search_jobs")


def train_and_test(args: argparse.Namespace, out: Path, logs: Path) -> dict:
    """Train on nlu/data, test on the held-out file; return the held-out metrics."""
    metrics: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench_nlu_") as tmp:
        metrics["train_seconds"] = round(run(
            [str(RASA), "train", "nlu", "--config", args.config, "--nlu", "nlu/data",
             "--domain", "bot/domain", "--out", tmp, "--fixed-model-name", "bench"],
            logs / "train.log"), 1)
        model = str(Path(tmp) / "bench.tar.gz")
        heldout = out / "heldout"
        shutil.rmtree(heldout, ignore_errors=True)
        run([str(RASA), "test", "nlu", "--model", model, "--nlu", args.test,
             "--domain", "bot/domain", "--out", str(heldout), "--successes"],
            logs / "test_heldout.log")
    metrics["heldout"] = {"intent": intent_scores(heldout), "entity": entity_scores(heldout),
                          "response_selection": response_scores(heldout),
                          "out_of_scope_as_search_jobs": oos_leaks(heldout)}
    png = heldout / "intent_confusion_matrix.png"
    if png.exists():
        shutil.copy(png, out / "intent_confusion_matrix.png")
    return metrics


def without_response_selectors(config: str) -> str:
    """The config text without its `- name: ResponseSelector` pipeline entries."""
    kept, skipping = [], False
    for line in config.splitlines(keepends=True):
        if re.match(r"\s+- name:", line):
            skipping = "ResponseSelector" in line
        elif not line.startswith((" ", "\t")) and line.strip():
            skipping = False
        if not skipping:
            kept.append(line)
    return "".join(kept)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Train + evaluate the Jobbcoach NLU")
    ap.add_argument("--config", default="bot/config.yml")
    ap.add_argument("--out", default="reports/nlu")
    ap.add_argument("--test", default="nlu/test/nlu_test.yml")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    ap.add_argument("--cv-epochs", type=int, default=None,
                    help="override every 'epochs:' of the config for the CV runs only (time box); "
                         "the summary says so")
    ap.add_argument("--cv-no-response-selectors", action="store_true",
                    help="leave the ResponseSelectors out of the CV runs (they pick a cv_help/interview_help "
                         "answer, not the intent, so intent and entity figures are unchanged; ~40%% cheaper)")
    ap.add_argument("--cv-only", action="store_true",
                    help="only run cross-validation and add it to an existing metrics.json")
    args = ap.parse_args(argv)

    out = ROOT / args.out
    out.mkdir(parents=True, exist_ok=True)
    logs = out / "logs"
    logs.mkdir(exist_ok=True)
    metrics: dict = {"config": args.config, "test_file": args.test}
    if args.cv_only:
        metrics = read_json(out / "metrics.json")
        if not metrics:
            sys.exit(f"--cv-only needs {out / 'metrics.json'} from an earlier run")
    else:
        metrics.update(train_and_test(args, out, logs))
    if not args.no_cv:
        cv = out / "cv"
        shutil.rmtree(cv, ignore_errors=True)
        cv_config = args.config
        if args.cv_epochs or args.cv_no_response_selectors:
            cv_config = str(out / "logs" / "cv_config.yml")
            text = (ROOT / args.config).read_text(encoding="utf-8")
            if args.cv_epochs:
                text = re.sub(r"(?m)^(\s+epochs:\s*)\d+", rf"\g<1>{args.cv_epochs}", text)
            if args.cv_no_response_selectors:
                text = without_response_selectors(text)
            Path(cv_config).write_text(text, encoding="utf-8")
        metrics["cv_config"] = cv_config
        metrics["cv_epochs_override"] = args.cv_epochs
        metrics["cv_response_selectors"] = not args.cv_no_response_selectors
        metrics["cv_seconds"] = round(run(
            [str(RASA), "test", "nlu", "--config", cv_config, "--nlu", "nlu/data",
             "--domain", "bot/domain", "--cross-validation", "--folds", str(args.folds),
             "--out", str(cv)], logs / "cv.log"), 1)
        metrics["cv"] = {"folds": args.folds, "intent": intent_scores(cv), "entity": entity_scores(cv),
                         "response_selection": response_scores(cv)}
        if (cv / "intent_confusion_matrix.png").exists():
            shutil.copy(cv / "intent_confusion_matrix.png", out / "cv_intent_confusion_matrix.png")
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    (out / "summary.md").write_text(render_summary(metrics), encoding="utf-8")
    print((out / "summary.md").read_text(encoding="utf-8"))
    return 0


def render_summary(m: dict) -> str:
    h = m["heldout"]
    lines = [
        "# NLU benchmark summary", "",
        f"Config `{m['config']}`, held-out file `{m['test_file']}` (never trained on).",
        "Generated by `scripts/bench_nlu.sh`; details in `metrics.json`, `heldout/`, `cv/`.", "",
        "| measure | held-out | bar |", "|---|---|---|",
        f"| intent macro-F1 | {h['intent']['macro_f1']:.3f} | ≥ 0.92 |",
        f"| intent accuracy | {h['intent']['accuracy']:.3f} | |",
        f"| entity F1 (micro, DIET) | {h['entity'].get('micro', 0):.3f} | ≥ 0.90 |",
        f"| entity F1 (macro over types) | {h['entity'].get('macro', 0):.3f} | |",
        f"| response selection accuracy (cv_help/interview_help topics) | "
        f"{h['response_selection'].get('accuracy', 0):.3f} | |",
        f"| out_of_scope predicted as search_jobs | {h['out_of_scope_as_search_jobs']} | 0 |",
    ]
    if "cv" in m:
        c = m["cv"]
        note = (f" (epochs overridden to {m['cv_epochs_override']} for CV)"
                if m.get("cv_epochs_override") else "")
        if m.get("cv_response_selectors") is False:
            note += " (no ResponseSelectors in the CV runs)"
        lines += [f"| {c['folds']}-fold CV intent macro-F1 (training data){note} | {c['intent']['macro_f1']:.3f} | |",
                  f"| {c['folds']}-fold CV entity F1 (micro) | {c['entity'].get('micro', 0):.3f} | |"]
    lines += ["", f"NLU training time: {m['train_seconds']:.0f} s (2 shared cores)."]
    if "cv_seconds" in m:
        lines.append(f"Cross-validation time: {m['cv_seconds']:.0f} s.")
    lines += ["", "Per-entity F1 (held-out): " + ", ".join(
        f"{k} {v:.2f}" for k, v in sorted(h["entity"]["per_entity"].items())),
        "", "Weakest intents (held-out F1): " + ", ".join(f"{k} {v:.2f}" for k, v in h["intent"]["worst"]),
        "", "Confusion matrix: `intent_confusion_matrix.png` (held-out)"
        + (", `cv_intent_confusion_matrix.png` (CV)." if "cv" in m else "."), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
