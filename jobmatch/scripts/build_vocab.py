"""Build jobmatch/data/taxonomy.json: the taxonomy labels query understanding and skill extraction use.

Usage (from the repository root, once per taxonomy version; the output is committed so that the
matcher never needs the dump at run time):
    .venvs/app/bin/python -m jobmatch.scripts.build_vocab --taxonomy ../shared/data/jobtech/taxonomy

Only concept ids, codes and labels are taken (facts); descriptions are not copied.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "taxonomy.json"


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def build(taxonomy: Path) -> dict:
    groups = {g["ssyk_code"]: [g["concept_id"], g["label"]] for g in _rows(taxonomy / "occupation_groups_ssyk4.jsonl")}
    occupations = {o["concept_id"]: [o["label"], o["ssyk_code"]] for o in _rows(taxonomy / "occupations.jsonl")}
    skills = {s["concept_id"]: s["label"] for s in _rows(taxonomy / "skills.jsonl")}
    licences = {d["concept_id"]: d["label"] for d in _rows(taxonomy / "driving-license.jsonl")}
    return {"groups": dict(sorted(groups.items())), "occupations": dict(sorted(occupations.items())),
            "skills": dict(sorted(skills.items())), "licences": dict(sorted(licences.items()))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taxonomy", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data = build(args.taxonomy)
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    print(f"{args.out}: {len(data['occupations'])} occupations, {len(data['groups'])} groups, "
          f"{len(data['skills'])} skills, {len(data['licences'])} licences")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
