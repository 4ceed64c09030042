"""Long texts (a CV, a few pages about oneself) as queries: chunk, then combine.

A query embedding of a whole CV blurs everything into one point; embedding ~300-character
chunks keeps each experience recognisable, and the index combines chunk similarities
(0.7·max + 0.3·mean: one strong match counts most, breadth a little). The keyword side gets the
CV's most distinctive words rather than all of it.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from .bm25 import BM25Index
from .query import MAX_PROFILE_CHARS
from .swedish_text import STOPWORDS, stem, tokens

__all__ = ["MAX_PROFILE_CHARS", "chunk_text", "distinctive_words"]
CHUNK_CHARS = 300
MAX_CHUNKS = 16
KEYWORDS = 30

_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")


def chunk_text(text: str, size: int = CHUNK_CHARS, max_chunks: int = MAX_CHUNKS) -> list[str]:
    """Sentence-aligned chunks of about `size` characters; evenly sampled if there are too many."""
    pieces = [p.strip(" -•*\t") for p in _SPLIT.split(text or "")]
    pieces = [p for p in pieces if len(p) > 1]
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        while len(piece) > size:  # a run-on line without full stops
            cut = piece[:size].rsplit(" ", 1)[0] or piece[:size]
            if current:
                chunks.append(current)
                current = ""
            chunks.append(cut)
            piece = piece[len(cut):].strip()
        if current and len(current) + 1 + len(piece) > size:
            chunks.append(current)
            current = piece
        else:
            current = f"{current} {piece}".strip()
    if current:
        chunks.append(current)
    if not chunks and (text or "").strip():
        chunks = [text.strip()[:size]]  # a one-letter text is still a query, never no query
    if len(chunks) > max_chunks:
        step = len(chunks) / max_chunks
        chunks = [chunks[math.floor(i * step)] for i in range(max_chunks)]
    return chunks


def distinctive_words(text: str, bm25: BM25Index | None, top: int = KEYWORDS) -> str:
    """The `top` words of the text with the highest tf·idf against the index vocabulary."""
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    for tok in tokens(text):
        if tok in STOPWORDS or len(tok) < 3 or tok.isdigit():
            continue
        s = stem(tok)
        counts[s] += 1
        surface.setdefault(s, tok)
    def weight(s: str) -> float:
        idf = 1.0
        if bm25 is not None:
            tid = bm25.vocab.get(s)
            if tid is None:
                return 0.0
            idf = float(bm25.idf[tid])
        return (1 + math.log(counts[s])) * idf
    best = sorted(counts, key=lambda s: -weight(s))[:top]
    return " ".join(surface[s] for s in best if weight(s) > 0)
