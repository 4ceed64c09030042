"""Which of our languages a text looks like: lingua-language-detector restricted to our languages.

No Rasa imports, so the actions' tests (Python 3.11) and the benchmark use the very same reading
as the NLU component ``nlu.components.language_detector`` (Python 3.10).
"""

from __future__ import annotations

from typing import Any

from nlu import languages
from nlu.anyscript import script_of, words_any

DETECTION = "language_detection"


def without_names(text: str) -> str:
    """The text without its capitalised words after the first: place names, employers and people's
    names are Swedish whatever language the message is in ("I want to work as a cleaner in Malmö"
    read as Swedish 0.78 for its "ö", English 0.74 without the name). Kept whole when fewer than two
    words would be left."""
    words = text.split()
    kept = [word for i, word in enumerate(words) if i == 0 or not word[:1].isupper()]
    return " ".join(kept) if len(kept) >= 2 else text


class LanguageReader:
    """lingua's detector restricted to our languages, built on first use (models load lazily)."""

    def __init__(self) -> None:
        self._detector = None
        self._by_name = {lang.detector: lang.code for lang in languages.languages()}

    def _get(self):
        if self._detector is None:
            from lingua import Language, LanguageDetectorBuilder  # a second of model loading: not at import

            wanted = [getattr(Language, name) for name in self._by_name]
            self._detector = LanguageDetectorBuilder.from_languages(*wanted).build()
        return self._detector

    def read(self, text: str, top: int = 3) -> dict[str, Any] | None:
        """The detection report for ``text``, or None when it has no letters (emoji, numbers)."""
        script = script_of(text)
        if not script:
            return None
        values = self._get().compute_language_confidence_values(without_names(text))
        ranking = [{"language": self._by_name[v.language.name], "confidence": round(float(v.value), 4)}
                   for v in values[:top] if v.language.name in self._by_name]
        if not ranking:
            return None
        second = ranking[1]["confidence"] if len(ranking) > 1 else 0.0
        return {"language": ranking[0]["language"], "confidence": ranking[0]["confidence"],
                "margin": round(ranking[0]["confidence"] - second, 4), "words": len(words_any(text)),
                "script": script, "ranking": ranking}
