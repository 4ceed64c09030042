"""Build jobmatch/data/translated_names.json from nlu/taxonomy_names/<code>.yml.

Usage (from the repository root, after editing a names file; the output is committed, and
tests/jobmatch/test_translate.py fails while it is out of date):
    .venvs/app/bin/python -m jobmatch.scripts.build_translated_names

The names files are written once, for the NLU and the matcher alike: `occupations` and `places`
map the Swedish term to the names people use in that language, `words` does the same for everyday
work words (what one does, where, with whom), `function_words` lists the language's words that
say nothing about which job ("want", "بدي", "хочу"), and `inflection` how its words change
(endings, letters glued to the front, end alternations). jobmatch may not import the NLU, so it
reads this generated file (jobmatch.translate). Everything is stored folded (swedish.anyscript).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import yaml

from swedish.anyscript import fold_any

REPO = Path(__file__).resolve().parents[2]
NAMES = REPO / "nlu" / "taxonomy_names"
OUT = REPO / "jobmatch" / "data" / "translated_names.json"
SECTIONS = ("occupations", "places", "words")  # the first section naming a word wins


def language_table(content: dict) -> dict:
    """{"names": {folded name: Swedish words}, "function_words": [folded words]} of one file."""
    names: dict[str, str] = {}
    for section in SECTIONS:
        for swedish, written in (content.get(section) or {}).items():
            for name in written or ():
                key = fold_any(str(name))
                if key:
                    names.setdefault(key, str(swedish))
    functions = sorted({fold_any(str(w)) for w in content.get("function_words") or () if fold_any(str(w))})
    inflection = content.get("inflection") or {}
    return {"names": dict(sorted(names.items())), "function_words": functions,
            "prefixes": [fold_any(str(p)) for p in inflection.get("prefixes") or ()],
            "endings": [fold_any(str(e)) for e in inflection.get("endings") or ()],
            "alternations": [[fold_any(str(a)), fold_any(str(b))] for a, b in inflection.get("alternations") or ()]}


def build(names_dir: Path = NAMES) -> dict:
    languages = {}
    for path in sorted(names_dir.glob("*.yml")):
        languages[path.stem] = language_table(yaml.safe_load(path.read_text("utf-8")) or {})
    return {"source": "nlu/taxonomy_names/*.yml (jobmatch/scripts/build_translated_names.py)",
            "languages": languages}


def render(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data = build()
    args.out.write_text(render(data), "utf-8")
    sizes = ", ".join(f"{code} {len(t['names'])} names" for code, t in data["languages"].items())
    print(f"{args.out}: {sizes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
