"""Write the e5 seed: the sentence vectors of exactly today's NLU training examples.

    .venvs/rasa/bin/python scripts/e5_seed.py        # after a training, before committing NLU data

Why: a fresh clone (CI, a new machine's first `make run`) would otherwise spend minutes encoding
every example before DIET can start (nlu/components/e5_featurizer.py). The seed holds only the
texts Rasa's importer reads from the training data now, so stale examples do not accumulate, as
float16 (the rounding, ~1e-3 of a unit vector, is far below what DIET can tell apart) to keep it
near 4 MB. Texts missing from the caches are encoded here, so the seed is always complete.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from rasa.shared.importers.importer import TrainingDataImporter  # noqa: E402

from nlu.components import e5_featurizer  # noqa: E402


def training_texts() -> list[str]:
    """Every example text the NLU pipeline is trained on, as `rasa train` imports them."""
    importer = TrainingDataImporter.load_from_config(
        config_path=str(REPO / "bot" / "config.yml"), domain_path=str(REPO / "bot" / "domain"),
        training_data_paths=[str(REPO / "bot" / "data"), str(REPO / "nlu" / "data")])
    examples = importer.get_nlu_data().training_examples
    return sorted({m.get("text") for m in examples if m.get("text")})


def main() -> None:
    texts = training_texts()
    cache = e5_featurizer.VectorCache(e5_featurizer.cache_path())
    vectors = e5_featurizer.encode(texts, cache)
    cache.save()
    keys = [e5_featurizer.text_key(text) for text in texts]
    np.savez_compressed(e5_featurizer.SEED, **{k: v.astype(np.float16) for k, v in zip(keys, vectors, strict=True)})
    size = e5_featurizer.SEED.stat().st_size / 1e6
    print(f"[e5-seed] {len(keys)} training texts -> {e5_featurizer.SEED.relative_to(REPO)} ({size:.1f} MB)")


if __name__ == "__main__":
    main()
