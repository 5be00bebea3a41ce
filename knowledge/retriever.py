"""Hybrid retrieval: multilingual embeddings in FAISS, plus BM25, plus a boost for the current portal.

Every language version of an article is indexed; an article scores the best of its
versions, so a question in Darija finds the French text and is answered from the
version in the reply language.
"""

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from knowledge import corpus
from knowledge.corpus import Article
from knowledge.embedder import Embedder
from knowledge.lexical import BM25

# Weights measured on tests/knowledge/dev_questions.yaml (bench/retrieval.py).
LEXICAL_WEIGHT = 0.25
PORTAL_BOOST = 0.04
INDEX_FORMAT = 1


@dataclass(frozen=True)
class Hit:
    article: Article  # in the requested language when it exists
    score: float
    dense: float
    lexical: float


def passage_text(article: Article) -> str:
    return f"{article.title}. {' ; '.join(article.tags)}. {article.body[:400]}"


def lexical_text(article: Article) -> str:
    return f"{article.title} {article.title} {' '.join(article.tags)} {article.body}"


class Retriever:
    def __init__(self, articles: list[Article], embedder: Embedder, vectors: np.ndarray) -> None:
        self.lexical_weight = LEXICAL_WEIGHT
        self.portal_boost = PORTAL_BOOST
        self.articles = articles
        self.embedder = embedder
        self._ids = sorted({a.id for a in articles})
        self._id_index = {article_id: i for i, article_id in enumerate(self._ids)}
        self._doc_article = np.array([self._id_index[a.id] for a in articles], dtype=np.int32)
        self._by_id_lang = {(a.id, a.lang): a for a in articles}
        self._index = faiss.IndexFlatIP(vectors.shape[1])
        self._index.add(vectors)
        self._bm25 = BM25([lexical_text(a) for a in articles])
        self._portals = [set() for _ in self._ids]
        for a in articles:
            self._portals[self._id_index[a.id]].update(a.portals)

    @classmethod
    def build(cls, embedder: Embedder, root: Path = corpus.ARTICLES_DIR, *, progress: bool = False) -> "Retriever":
        articles = corpus.load(root)
        texts = [passage_text(a) for a in articles]
        batches = [texts[i : i + 32] for i in range(0, len(texts), 32)]
        vectors = []
        for done, batch in enumerate(batches, 1):
            vectors.append(embedder.embed_passages(batch))
            if progress:
                bar = "#" * (30 * done // len(batches))
                print(f"\r[knowledge] embedding {len(texts)} article versions [{bar:<30}] {done}/{len(batches)}",
                      end="", file=sys.stderr, flush=True)
        if progress:
            print(file=sys.stderr)
        return cls(articles, embedder, np.vstack(vectors).astype(np.float32))

    def article(self, article_id: str, lang: str) -> Article | None:
        return self._by_id_lang.get((article_id, lang)) or self._by_id_lang.get((article_id, "fr"))

    def search(self, query: str, *, portal: str | None = None, lang: str = "fr", limit: int = 5) -> list[Hit]:
        n_articles = len(self._ids)
        query_vector = self.embedder.embed_queries([query])
        sims, docs = self._index.search(query_vector, self._index.ntotal)
        dense = np.full(n_articles, -1.0, dtype=np.float32)
        np.maximum.at(dense, self._doc_article[docs[0]], sims[0])
        lexical_docs = self._bm25.scores(query)
        lexical = np.zeros(n_articles, dtype=np.float32)
        np.maximum.at(lexical, self._doc_article, lexical_docs)
        top = float(lexical.max())
        if top > 0:
            lexical = lexical / max(top, 4.0)
        score = dense + self.lexical_weight * lexical
        if portal:
            score += self.portal_boost * np.array([portal in p for p in self._portals], dtype=np.float32)
        order = np.argsort(-score)[:limit]
        hits = []
        for i in order:
            article = self.article(self._ids[i], lang)
            assert article is not None
            hits.append(Hit(article=article, score=float(score[i]), dense=float(dense[i]), lexical=float(lexical[i])))
        return hits


def index_dir() -> Path:
    return corpus.ARTICLES_DIR.parent.parent / "var" / "knowledge"


def index_key(embedder: Embedder, root: Path = corpus.ARTICLES_DIR) -> str:
    """Names the index after what it is built from: the corpus, the model, the text recipe."""
    model = embedder.name.replace("/", "_").replace(":", "_")
    return f"{corpus.fingerprint(root)}-{model}-v{INDEX_FORMAT}"


def load_or_build(embedder: Embedder, root: Path = corpus.ARTICLES_DIR, *, progress: bool = False) -> Retriever:
    """The retriever for the current corpus, from the saved index when it is up to date."""
    path = index_dir() / f"{index_key(embedder, root)}.faiss"
    if path.exists():
        index = faiss.read_index(str(path))
        vectors = index.reconstruct_n(0, index.ntotal)
        articles = corpus.load(root)
        if len(articles) == index.ntotal:
            return Retriever(articles, embedder, vectors)
    started = time.monotonic()
    retriever = Retriever.build(embedder, root, progress=progress)
    path.parent.mkdir(parents=True, exist_ok=True)
    faiss.write_index(retriever._index, str(path))
    if progress:
        print(f"[knowledge] index built in {time.monotonic() - started:.1f} s: {path}", file=sys.stderr)
    return retriever
