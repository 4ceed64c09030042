"""Swedish tokenising and stemming for the keyword (BM25) side and for reasons.

Job seekers write "jobba med barn", ads write "barnskötare"; a stemmer joins inflections
("undersköterskor" / "undersköterska"), and the stop list drops the words every query has
("jag vill jobba med") so BM25 scores the content words only. Folding ("Umeå" → "umea") is
swedish.text's, re-exported here as `fold`.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from swedish.text import fold

_TOKEN = re.compile(r"[a-zåäöéü0-9]+", re.IGNORECASE)

# Function words plus job-search filler that says nothing about which job.
STOPWORDS = frozenset(
    ["och", "i", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har", "de", "inte", "om", "ett", "han", "men", "var", "jag", "sig", "från", "vi", "så", "kan", "man", "när", "år", "säga", "nu", "under", "också", "efter", "eller", "nya", "bara", "mycket", "hon", "där", "alla", "dem", "vara", "vid", "ska", "skulle", "kunna", "in", "ut", "upp", "sin", "sina", "sitt", "mig", "mitt", "min", "mina", "du", "dig", "din", "dina", "ni", "er", "era", "oss", "vår", "våra", "hos", "än", "då", "vill", "gärna", "jobb", "jobba", "jobbet", "jobbar", "jobbat", "arbete", "arbeta", "arbetar", "söker", "söka", "sökes", "letar", "leta", "hitta", "något", "någon", "några", "typ", "lite", "helst", "inom", "kring", "nära", "runt", "annons", "annonser", "tjänst", "tjänsten", "tänker", "skulle", "kanske", "mer", "bra", "passar", "passa", "intresserad", "intresserar", "gillar", "tycker", "också", "ha", "hade", "ska", "få", "får", "fått", "vara", "blir", "bli", "eftersom", "själv", "vilken", "vilka", "vad", "hur", "hej", "tack"]
)

_stemmer = snowballstemmer.stemmer("swedish")
__all__ = ["STOPWORDS", "content_stems", "fold", "stem", "tokens"]


def tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text or "")]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word.lower())


def content_stems(text: str) -> list[str]:
    """Stems of the content words of a text, in order, stop words removed."""
    return [stem(t) for t in tokens(text) if t not in STOPWORDS and len(t) > 1]
