"""The practice interview's content: which questions to ask and what an answer had and lacked.

Questions are named by id; their wording and explanation are domain responses (`utter_iq_<id>`,
`utter_iq_<id>_explain` in bot/domain/interview.yml), so they can be translated and varied.
Feedback looks at what a recruiter notices: the STAR structure (situation, task, action, result),
a concrete example, relevance to the occupation, and length. Kept free of Rasa so it can be tested
and tuned on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from nlu import languages
from nlu.anyscript import fold_any
from nlu.textnorm import normalise

QUESTION_COUNT = 5
GENERAL = ["about_you", "why_job", "problem", "teamwork", "strengths", "mistake", "future"]
GENERIC_OCCUPATION_QUESTION = "important_in_job"

# Occupation-specific questions by words in the occupation's label (folded, no å/ä/ö).
FIELD_QUESTIONS: list[tuple[tuple[str, ...], list[str]]] = [
    (("underskoterska", "sjukskoterska", "vard", "omsorg", "personlig assistent", "skotare", "halso"),
     ["care_upset", "care_hygiene"]),
    (("lager", "truck", "logistik", "transport", "chauffor", "forare", "bud", "buss"),
     ["logistics_tempo", "logistics_safety"]),
    (("kock", "restaurang", "servit", "kok", "bagare", "cafe", "diskare"), ["kitchen_stress", "kitchen_hygiene"]),
    (("butik", "salj", "kassa", "kundtjanst", "kundservice", "saljare"), ["retail_unhappy", "retail_sell"]),
    (("utvecklare", "programmerare", "it", "system", "data", "tekniker", "support"), ["it_problem", "it_learning"]),
    (("snickare", "bygg", "elektriker", "maskin", "svets", "montor", "installat", "malare", "ror"),
     ["trade_proud", "trade_safe"]),
    (("larare", "barnskotare", "forskola", "fritid", "elevassistent", "pedagog"), ["school_support", "school_safety"]),
    (("stad", "lokalvard", "lokalvardare", "fastighet"), ["cleaning_plan", "cleaning_unhappy"]),
    (("ekonom", "redovisning", "administrat", "assistent", "handlaggare", "lon"), ["office_error", "office_order"]),
]
# Words that show an answer speaks to the field (besides the occupation's own words).
FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "care": ("patient", "brukare", "boende", "vard", "omsorg", "hygien", "anhorig"),
    "logistics": ("lager", "truck", "order", "plock", "leverans", "sakerhet", "korning", "buss", "resenar"),
    "kitchen": ("kok", "gast", "mat", "allergi", "servering", "meny", "hygien"),
    "retail": ("kund", "butik", "kassa", "forsalj", "salj"),
    "it": ("kod", "system", "program", "bugg", "anvandare", "server", "support"),
    "trade": ("bygg", "verktyg", "ritning", "sakerhet", "montering", "kund"),
    "school": ("barn", "elev", "klass", "forald", "grupp"),
    "cleaning": ("stad", "lokal", "kund", "rutin", "kemikal"),
    "office": ("siffr", "faktur", "underlag", "arende", "system", "excel"),
}

# Response names spelled out (not built with f-strings), so scripts/validate.sh sees them used.
QUESTION_RESPONSES: dict[str, tuple[str, str]] = {
    "about_you": ("utter_iq_about_you", "utter_iq_about_you_explain"),
    "why_job": ("utter_iq_why_job", "utter_iq_why_job_explain"),
    "problem": ("utter_iq_problem", "utter_iq_problem_explain"),
    "teamwork": ("utter_iq_teamwork", "utter_iq_teamwork_explain"),
    "strengths": ("utter_iq_strengths", "utter_iq_strengths_explain"),
    "mistake": ("utter_iq_mistake", "utter_iq_mistake_explain"),
    "future": ("utter_iq_future", "utter_iq_future_explain"),
    "important_in_job": ("utter_iq_important_in_job", "utter_iq_important_in_job_explain"),
    "care_upset": ("utter_iq_care_upset", "utter_iq_care_upset_explain"),
    "care_hygiene": ("utter_iq_care_hygiene", "utter_iq_care_hygiene_explain"),
    "logistics_tempo": ("utter_iq_logistics_tempo", "utter_iq_logistics_tempo_explain"),
    "logistics_safety": ("utter_iq_logistics_safety", "utter_iq_logistics_safety_explain"),
    "kitchen_stress": ("utter_iq_kitchen_stress", "utter_iq_kitchen_stress_explain"),
    "kitchen_hygiene": ("utter_iq_kitchen_hygiene", "utter_iq_kitchen_hygiene_explain"),
    "retail_unhappy": ("utter_iq_retail_unhappy", "utter_iq_retail_unhappy_explain"),
    "retail_sell": ("utter_iq_retail_sell", "utter_iq_retail_sell_explain"),
    "it_problem": ("utter_iq_it_problem", "utter_iq_it_problem_explain"),
    "it_learning": ("utter_iq_it_learning", "utter_iq_it_learning_explain"),
    "trade_proud": ("utter_iq_trade_proud", "utter_iq_trade_proud_explain"),
    "trade_safe": ("utter_iq_trade_safe", "utter_iq_trade_safe_explain"),
    "school_support": ("utter_iq_school_support", "utter_iq_school_support_explain"),
    "school_safety": ("utter_iq_school_safety", "utter_iq_school_safety_explain"),
    "cleaning_plan": ("utter_iq_cleaning_plan", "utter_iq_cleaning_plan_explain"),
    "cleaning_unhappy": ("utter_iq_cleaning_unhappy", "utter_iq_cleaning_unhappy_explain"),
    "office_error": ("utter_iq_office_error", "utter_iq_office_error_explain"),
    "office_order": ("utter_iq_office_order", "utter_iq_office_order_explain"),
}
LEVEL_RESPONSES = {"strong": "utter_fb_strong", "ok": "utter_fb_ok", "thin": "utter_fb_thin"}
TIP_RESPONSES = {"longer": "utter_fb_tip_longer", "shorter": "utter_fb_tip_shorter",
                 "example": "utter_fb_tip_example", "situation": "utter_fb_tip_situation",
                 "task": "utter_fb_tip_task", "action": "utter_fb_tip_action",
                 "result": "utter_fb_tip_result", "relevance": "utter_fb_tip_relevance"}


def occupation_questions(occupation: str | None) -> list[str]:
    if not occupation:
        return []
    folded = normalise(occupation)
    for keys, questions in FIELD_QUESTIONS:
        if any(key in folded for key in keys):
            return questions
    return [GENERIC_OCCUPATION_QUESTION]


def field_of(occupation: str | None) -> str | None:
    """'care', 'logistics', … for the occupation, from the prefix of its question ids."""
    questions = occupation_questions(occupation)
    if not questions or questions[0] == GENERIC_OCCUPATION_QUESTION:
        return None
    return questions[0].split("_")[0]


def choose_questions(occupation: str | None) -> list[str]:
    """Five question ids: opening, motivation, then occupation-specific ones, then STAR-type ones."""
    specific = occupation_questions(occupation)[:2]
    general = GENERAL[:2]
    rest = [q for q in GENERAL[2:] if q not in general]
    return (general + specific + rest)[:QUESTION_COUNT]


CUES_PATH = languages.CATALOGUE_DIR / "interview_cues.yml"
STAR_PARTS = ("situation", "task", "action", "result")


@dataclass(frozen=True)
class AnswerFeedback:
    """What one answer had and lacked: the facts behind the feedback responses."""

    words: int
    has_example: bool
    star_parts: tuple[str, ...]
    relevant: bool | None  # None when the occupation is not known

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(part for part in STAR_PARTS if part not in self.star_parts)

    @property
    def level(self) -> str:
        """strong | ok | thin: which opening the feedback gets."""
        if len(self.star_parts) >= 3 and self.has_example and self.words >= 25:
            return "strong"
        if len(self.star_parts) >= 2 or (self.has_example and self.words >= 15):
            return "ok"
        return "thin"

    @property
    def checklist(self) -> str:
        """'S ✓ · T – · A ✓ · R ✓': the STAR parts found, language-neutral."""
        return " · ".join(f"{part[0].upper()} {'✓' if part in self.star_parts else '–'}" for part in STAR_PARTS)

    def tips(self, limit: int = 2) -> list[str]:
        """Names of the most useful tips, most important first (response utter_fb_tip_<name>)."""
        tips: list[str] = []
        if self.words < 12:
            tips.append("longer")
        if not self.has_example:
            tips.append("example")
        tips += list(self.missing)
        if self.relevant is False:
            tips.append("relevance")
        if self.words > 250:
            tips.append("shorter")
        return tips[:limit]

    @property
    def score(self) -> int:
        length_ok = 25 <= self.words <= 250
        return int(length_ok) + int(self.has_example) + len(self.star_parts) + int(bool(self.relevant))


@lru_cache(maxsize=1)
def _all_cues() -> dict[str, dict[str, tuple[str, ...]]]:
    """{kind: {language: folded phrases}} from bot/languages/interview_cues.yml."""
    raw = yaml.safe_load(CUES_PATH.read_text(encoding="utf-8")) or {}
    return {kind: {code: tuple(fold_any(str(p)) for p in phrases or ()) for code, phrases in by_language.items()}
            for kind, by_language in raw.items()}


def cues(kind: str, language: str | None) -> tuple[str, ...]:
    """The phrases of one kind in Swedish and in the conversation's language."""
    by_language = _all_cues().get(kind, {})
    default = languages.default_code()
    extra = by_language.get(language or "", ()) if language != default else ()
    return by_language.get(default, ()) + extra


ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")


def _has(folded: str, phrases: tuple[str, ...]) -> bool:
    """A phrase at the start of a word; in Arabic script also after the joined "and"/"so" (و, ف):
    "فتكلمت" is "so I talked", "وساعدته" "and I helped him"."""
    return any(re.search(rf"\b{'[وف]?' if ARABIC_LETTER.match(phrase) else ''}{re.escape(phrase)}", folded)
               for phrase in phrases if phrase)


def is_non_answer(answer: str, language: str | None = None) -> bool:
    """'.', 'ok', 'asdf', 'так': nothing to give feedback on, so the question is asked again."""
    folded = fold_any(answer)
    return folded in cues("non_answer", language) or not re.search(r"[^\W\d_]{2,}", folded)


def is_dont_know(answer: str, language: str | None = None) -> bool:
    folded = fold_any(answer)
    return len(folded.split()) <= 6 and _has(folded, cues("dont_know", language))


def is_clarification(answer: str, language: str | None = None) -> bool:
    """'vad menar du?', 'what do you mean?', 'що ви маєте на увазі?': a question about the question."""
    folded = fold_any(answer)
    return len(folded.split()) <= 8 and _has(folded, cues("clarify", language))


def is_relevant(folded: str, occupation: str | None, language: str | None = None) -> bool | None:
    """Whether the answer speaks of the occupation's work. The occupation's words are Swedish
    (taxonomy labels): in another language an answer without them is not judged (None)."""
    if not occupation:
        return None
    own = [w for w in normalise(occupation).replace(",", " ").split() if len(w) >= 4]
    field = field_of(occupation)
    words = tuple(w[:6] for w in own) + FIELD_WORDS.get(field or "", ())
    if not words:
        return None
    found = _has(folded, words)
    return True if found else (False if language in (None, languages.default_code()) else None)


def feedback_for(answer: str, occupation: str | None = None, language: str | None = None) -> AnswerFeedback:
    folded = fold_any(answer)
    words = len(folded.split())
    star = tuple(part for part in STAR_PARTS if _has(folded, cues(part, language)))
    has_example = _has(folded, cues("example", language)) or bool(re.search(r"\b\d+\b", folded)) or "situation" in star
    return AnswerFeedback(words, has_example, star, is_relevant(folded, occupation, language))


@dataclass(frozen=True)
class PracticeSummary:
    """What the whole practice showed: counts behind the summary responses."""

    answered: int
    with_example: int
    with_structure: int
    short: int

    @property
    def examples_good(self) -> bool:
        return self.with_example >= self.answered / 2

    @property
    def structure_good(self) -> bool:
        return self.with_structure >= self.answered / 2

    @property
    def too_short(self) -> bool:
        return self.short > self.answered / 2


def summarise(feedbacks: list[AnswerFeedback]) -> PracticeSummary:
    return PracticeSummary(len(feedbacks), sum(f.has_example for f in feedbacks),
                           sum(len(f.star_parts) >= 3 for f in feedbacks), sum(f.words < 25 for f in feedbacks))
