"""BM25 over analysed terms: exact terms (RIB, ICE, DUM, BADR) and named UI labels that embeddings blur."""

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from knowledge.text import tokens

Analyzer = Callable[[str], list[str]]


class BM25:
    """Okapi BM25. A document is either a text or pre-analysed terms (to weight fields by repetition)."""

    def __init__(
        self,
        documents: Sequence[str | list[str]],
        *,
        analyze: Analyzer = tokens,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        self._analyze = analyze
        self._k1 = k1
        docs = [analyze(doc) if isinstance(doc, str) else doc for doc in documents]
        self._size = len(docs)
        lengths = np.array([len(doc) for doc in docs], dtype=np.float32)
        self._norm = k1 * (1 - b + b * lengths / max(float(lengths.mean()), 1.0))
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, doc in enumerate(docs):
            for term, count in Counter(doc).items():
                postings[term].append((index, count))
        self._postings = {
            term: (
                np.array([i for i, _ in entries], dtype=np.int32),
                np.array([c for _, c in entries], dtype=np.float32),
                math.log(1 + (self._size - len(entries) + 0.5) / (len(entries) + 0.5)),
            )
            for term, entries in postings.items()
        }

    def idf(self, term: str) -> float:
        entry = self._postings.get(term)
        return entry[2] if entry else 0.0

    def scores(self, query: str) -> np.ndarray:
        result = np.zeros(self._size, dtype=np.float32)
        for term in set(self._analyze(query)):
            entry = self._postings.get(term)
            if entry is None:
                continue
            doc_ids, counts, idf = entry
            result[doc_ids] += idf * counts * (self._k1 + 1) / (counts + self._norm[doc_ids])
        return result
