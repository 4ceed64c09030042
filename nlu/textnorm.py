"""Text folding for the NLU: a re-export of swedish.text, the one owner (see swedish/__init__.py)."""

from __future__ import annotations

from swedish.text import fold, fold_char, normalise, words

__all__ = ["fold", "fold_char", "normalise", "words"]
