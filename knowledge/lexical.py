"""BM25 over normalised tokens: exact terms (RIB, ICE, DUM, BADR) that embeddings blur."""

import math
from collections import Counter, defaultdict

import numpy as np

from knowledge.text import tokens


class BM25:
    def __init__(self, documents: list[str], *, k1: float = 1.2, b: float = 0.75) -> None:
        self._k1, self._b = k1, b
        docs = [tokens(document) for document in documents]
        self._size = len(docs)
        lengths = np.array([len(doc) for doc in docs], dtype=np.float32)
        self._norm = k1 * (1 - b + b * lengths / max(float(lengths.mean()), 1.0))
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, doc in enumerate(docs):
            for token, count in Counter(doc).items():
                postings[token].append((index, count))
        self._postings = {
            token: (
                np.array([i for i, _ in entries], dtype=np.int32),
                np.array([c for _, c in entries], dtype=np.float32),
                math.log(1 + (self._size - len(entries) + 0.5) / (len(entries) + 0.5)),
            )
            for token, entries in postings.items()
        }

    def scores(self, query: str) -> np.ndarray:
        result = np.zeros(self._size, dtype=np.float32)
        for token in set(tokens(query)):
            entry = self._postings.get(token)
            if entry is None:
                continue
            doc_ids, counts, idf = entry
            result[doc_ids] += idf * counts * (self._k1 + 1) / (counts + self._norm[doc_ids])
        return result
