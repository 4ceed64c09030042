"""Build the blank Swedish spaCy pipeline used by the spaCy NLU config (nlu/configs/spacy_sv.yml).

No trained Swedish spaCy model can be downloaded here, so we save ``spacy.blank("sv")`` (rule
based tokenizer with Swedish exceptions) plus a lookup lemmatizer whose table comes from the
``spacy-lookups-data`` package, to ``nlu/spacy_sv/`` (git-ignored). Run once at setup time:

    .venvs/rasa/bin/python nlu/scripts/build_spacy_sv.py
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[2]


def build(out: Path) -> Path:
    nlp = spacy.blank("sv")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the sv lemma lookup table from spacy-lookups-data
    doc = nlp("Undersköterskorna söker jobben")
    assert any(t.lemma_ and t.lemma_ != t.text for t in doc), "Swedish lemma lookup table missing"
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "nlu" / "spacy_sv")
    args = ap.parse_args()
    path = build(args.out)
    nlp = spacy.load(path)
    print(f"saved {path}:", [(t.text, t.lemma_) for t in nlp("Jag sökte jobben som undersköterskor")])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
