"""BM25 over Swedish stems, stored as compressed postings in numpy arrays.

Why numpy and not a search engine: the index must be embedded (no server) and answer in a few
milliseconds at 100k ads; one `np.bincount` over the query terms' postings scores every document.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from .swedish_text import content_stems

K1 = 1.2
B = 0.75


class BM25Index:
    def __init__(self, vocab: dict[str, int], idf: np.ndarray, ptr: np.ndarray, docs: np.ndarray,
                 weights: np.ndarray, n_docs: int) -> None:
        self.vocab = vocab
        self.idf = idf
        self.ptr = ptr
        self.docs = docs
        self.weights = weights
        self.n_docs = n_docs

    @classmethod
    def build(cls, stem_lists: Sequence[Sequence[str]]) -> BM25Index:
        n_docs = len(stem_lists)
        vocab: dict[str, int] = {}
        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        tfs: list[np.ndarray] = []
        lengths = np.zeros(n_docs, np.float32)
        for doc, stems in enumerate(stem_lists):
            counts = Counter(stems)
            lengths[doc] = len(stems)
            if not counts:
                continue
            ids = np.fromiter((vocab.setdefault(s, len(vocab)) for s in counts), np.int64, len(counts))
            rows.append(ids)
            cols.append(np.full(len(counts), doc, np.int32))
            tfs.append(np.fromiter(counts.values(), np.float32, len(counts)))
        if not rows:
            return cls({}, np.zeros(0, np.float32), np.zeros(1, np.int64), np.zeros(0, np.int32),
                       np.zeros(0, np.float32), n_docs)
        term = np.concatenate(rows)
        doc = np.concatenate(cols)
        tf = np.concatenate(tfs)
        order = np.lexsort((doc, term))
        term, doc, tf = term[order], doc[order], tf[order]
        avgdl = float(lengths.mean()) or 1.0
        norm = K1 * (1 - B + B * lengths[doc] / avgdl)
        weights = (tf * (K1 + 1) / (tf + norm)).astype(np.float32)
        df = np.bincount(term, minlength=len(vocab)).astype(np.float32)
        idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        ptr = np.zeros(len(vocab) + 1, np.int64)
        np.cumsum(df.astype(np.int64), out=ptr[1:])
        return cls(vocab, idf, ptr, doc.astype(np.int32), weights, n_docs)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> BM25Index:
        return cls.build([content_stems(t) for t in texts])

    def query_terms(self, text: str) -> list[int]:
        seen: list[int] = []
        for s in content_stems(text):
            tid = self.vocab.get(s)
            if tid is not None and tid not in seen:
                seen.append(tid)
        return seen

    def known_terms(self, text: str) -> int:
        """How many of the text's content words occur in some document, as a stem or as the start of
        one ("äldre" in "äldreboende": Swedish compounds); 0 means no ad uses any of its words."""
        if not hasattr(self, "_sorted_vocab"):
            self._sorted_vocab = sorted(self.vocab)
        known = 0
        for s in dict.fromkeys(content_stems(text)):
            if s in self.vocab:
                known += 1
            elif len(s) >= 4:
                i = bisect.bisect_left(self._sorted_vocab, s)
                known += i < len(self._sorted_vocab) and self._sorted_vocab[i].startswith(s)
        return known

    def scores(self, text: str, term_weights: dict[str, float] | None = None) -> np.ndarray:
        """BM25 score of every document for the text (zeros where nothing matches)."""
        out = np.zeros(self.n_docs, np.float32)
        terms = self.query_terms(text)
        if not terms:
            return out
        docs = []
        weights = []
        for tid in terms:
            lo, hi = self.ptr[tid], self.ptr[tid + 1]
            docs.append(self.docs[lo:hi])
            weights.append(self.weights[lo:hi] * self.idf[tid])
        return np.bincount(np.concatenate(docs), np.concatenate(weights), minlength=self.n_docs).astype(np.float32)

    def save(self, directory: Path) -> None:
        np.savez(directory / "bm25.npz", idf=self.idf, ptr=self.ptr, docs=self.docs, weights=self.weights,
                 n_docs=np.array([self.n_docs]))
        (directory / "bm25_vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, directory: Path) -> BM25Index:
        data = np.load(directory / "bm25.npz")
        vocab = json.loads((directory / "bm25_vocab.json").read_text("utf-8"))
        return cls(vocab, data["idf"], data["ptr"], data["docs"], data["weights"], int(data["n_docs"][0]))

    def tile(self, times: int, limit: int | None = None) -> BM25Index:
        """The same postings for `times` copies of the corpus, cut at `limit` docs (benchmarks at 100k).

        idf is kept from the original corpus: repeating documents would not change it much, and
        this is for measuring latency, not quality.
        """
        n = self.n_docs
        limit = n * times if limit is None else min(limit, n * times)
        new_docs = []
        new_w = []
        counts = np.zeros(len(self.idf), np.int64)
        for tid in range(len(self.idf)):
            lo, hi = self.ptr[tid], self.ptr[tid + 1]
            d = np.concatenate([self.docs[lo:hi] + k * n for k in range(times)])
            w = np.tile(self.weights[lo:hi], times)
            keep = d < limit
            new_docs.append(d[keep])
            new_w.append(w[keep])
            counts[tid] = int(keep.sum())
        ptr = np.zeros(len(self.idf) + 1, np.int64)
        np.cumsum(counts, out=ptr[1:])
        docs = np.concatenate(new_docs).astype(np.int32) if new_docs else np.zeros(0, np.int32)
        weights = np.concatenate(new_w) if new_w else np.zeros(0, np.float32)
        return BM25Index(self.vocab, self.idf, ptr, docs, weights, limit)
