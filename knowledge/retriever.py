"""Hybrid retrieval: multilingual multi-passage embeddings, plus cross-lingual BM25, plus portal boost.

Every language version of an article is indexed, as several short passages (see
knowledge/passages.py); an article scores the best of its passages, so a question in
Darija finds the French text and is answered from the version in the reply language.

    score = dense + LEXICAL_WEIGHT * lexical + boost if the article applies to the portal

- dense: for each passage kind, the best cosine similarity between the question and
  the article's passages of that kind; averaged over kinds with KIND_WEIGHTS. A Darija
  question is also embedded as its French gloss (best of both), and a question naming a
  portal is also embedded without the name (mean of both: the name says where, not what).
- lexical: BM25 over lexicon terms (knowledge/lexicon.py), divided by the best score
  (at least LEXICAL_FLOOR, so that a weak match is not stretched to 1).
- the portal: the one the question names (MENTIONED_PORTAL_BOOST), else the one the user
  is on (PORTAL_BOOST).
"""

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from knowledge import corpus, portals
from knowledge.corpus import Article
from knowledge.embedder import Embedder
from knowledge.lexical import BM25
from knowledge.lexicon import Lexicon, default_lexicon
from knowledge.passages import KIND_WEIGHTS, KINDS, Passage, corpus_passages

# Weights measured on tests/knowledge/dev_questions.yaml (bench/retrieval.py).
LEXICAL_WEIGHT = 0.5
LEXICAL_FLOOR = 6.0
PORTAL_BOOST = 0.1
# A portal the question names ("sur le portail Banques") is surer than the page the user is on.
MENTIONED_PORTAL_BOOST = 0.25
# BM25 field weights, as repetitions: a title word says more about the topic than a body word.
TITLE_REPEAT = 3
TAGS_REPEAT = 2
INDEX_FORMAT = 3


@dataclass(frozen=True)
class Hit:
    article: Article  # in the requested language when it exists
    score: float
    dense: float
    lexical: float


class Retriever:
    def __init__(
        self,
        articles: list[Article],
        embedder: Embedder,
        passages: list[Passage],
        vectors: np.ndarray,
        *,
        lexicon: Lexicon | None = None,
    ) -> None:
        if len(passages) != len(vectors):
            raise ValueError(f"{len(passages)} passages but {len(vectors)} vectors")
        self.lexical_weight = LEXICAL_WEIGHT
        self.portal_boost = PORTAL_BOOST
        self.mentioned_portal_boost = MENTIONED_PORTAL_BOOST
        self.kind_weights = dict(KIND_WEIGHTS)
        self.articles = articles
        self.embedder = embedder
        self.lexicon = lexicon or default_lexicon()
        self._ids = sorted({a.id for a in articles})
        self._id_index = {article_id: i for i, article_id in enumerate(self._ids)}
        self._by_id_lang = {(a.id, a.lang): a for a in articles}
        self.passages = passages
        self._vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._passage_article = np.array(
            [self._id_index[p.article_id] for p in passages], dtype=np.int32
        )
        self._kind_rows = {
            kind: np.flatnonzero([p.kind == kind for p in passages]) for kind in KINDS
        }
        self._version_article = np.array([self._id_index[a.id] for a in articles], dtype=np.int32)
        self._bm25 = BM25([self._lexical_terms(a) for a in articles], analyze=self.lexicon.terms)
        self._portal_mask = {
            portal: np.array(
                [portal in self._portals_of(article_id) for article_id in self._ids],
                dtype=np.float32,
            )
            for portal in portals.PORTALS
        }

    def _portals_of(self, article_id: str) -> set[str]:
        return {p for a in self.articles if a.id == article_id for p in a.portals}

    def _lexical_terms(self, article: Article) -> list[str]:
        terms = self.lexicon.terms
        return (
            terms(article.title) * TITLE_REPEAT
            + terms(" ; ".join(article.tags)) * TAGS_REPEAT
            + terms(article.body)
        )

    @classmethod
    def build(
        cls, embedder: Embedder, root: Path = corpus.ARTICLES_DIR, *, progress: bool = False
    ) -> "Retriever":
        articles = corpus.load(root)
        passages = corpus_passages(articles)
        texts = [p.text for p in passages]
        batches = [texts[i : i + 64] for i in range(0, len(texts), 64)]
        vectors = []
        for done, batch in enumerate(batches, 1):
            vectors.append(embedder.embed_passages(batch))
            # A redrawn bar suits a terminal; a log file (CI, `make run | tee`) gets one line per quarter.
            quarter = done == len(batches) or done % max(1, len(batches) // 4) == 0
            if progress and (sys.stderr.isatty() or quarter):
                bar = "#" * (30 * done // len(batches))
                print(
                    f"\r[knowledge] embedding {len(texts)} passages [{bar:<30}] {done}/{len(batches)}",
                    end="" if sys.stderr.isatty() else "\n",
                    file=sys.stderr,
                    flush=True,
                )
        if progress and sys.stderr.isatty():
            print(file=sys.stderr)
        return cls(articles, embedder, passages, np.vstack(vectors).astype(np.float32))

    def article(self, article_id: str, lang: str) -> Article | None:
        return self._by_id_lang.get((article_id, lang)) or self._by_id_lang.get((article_id, "fr"))

    def dense_scores(self, query: str) -> np.ndarray:
        """Per article: the kind-weighted mean of its best passage of each kind."""
        gloss = self.lexicon.gloss_darija(query)
        topic = portals.without_mentions(query) if portals.mentioned(query) else None
        topic_gloss = self.lexicon.gloss_darija(topic) if topic else None
        distinct = list(dict.fromkeys([query, *(t for t in (gloss, topic, topic_gloss) if t)]))
        sims = self._vectors @ self.embedder.embed_queries(distinct).T
        column = {text: i for i, text in enumerate(distinct)}

        def best_of(*variants: str | None) -> np.ndarray:
            return np.max(sims[:, [column[v] for v in variants if v]], axis=1)

        passage_sims = best_of(query, gloss)
        if topic:
            passage_sims = (passage_sims + best_of(topic, topic_gloss)) / 2
        dense = np.zeros(len(self._ids), dtype=np.float32)
        total = 0.0
        for kind, weight in self.kind_weights.items():
            rows = self._kind_rows[kind]
            if weight == 0 or len(rows) == 0:
                continue
            best = np.full(len(self._ids), -1.0, dtype=np.float32)
            np.maximum.at(best, self._passage_article[rows], passage_sims[rows])
            dense += weight * best
            total += weight
        return dense / total

    def lexical_scores(self, query: str) -> np.ndarray:
        """Per article: its best language version's BM25, over the best article's (floored)."""
        lexical = np.zeros(len(self._ids), dtype=np.float32)
        np.maximum.at(lexical, self._version_article, self._bm25.scores(query))
        return lexical / max(float(lexical.max()), LEXICAL_FLOOR)

    def search(
        self, query: str, *, portal: str | None = None, lang: str = "fr", limit: int = 5
    ) -> list[Hit]:
        dense = self.dense_scores(query)
        lexical = self.lexical_scores(query)
        score = dense + self.lexical_weight * lexical
        named = portals.mentioned(query)
        if named:
            score += self.mentioned_portal_boost * np.max(
                [self._portal_mask[p] for p in named], axis=0
            )
        elif portal in self._portal_mask:
            score += self.portal_boost * self._portal_mask[portal]
        order = np.argsort(-score)[:limit]
        hits = []
        for i in order:
            article = self.article(self._ids[i], lang)
            assert article is not None
            hits.append(
                Hit(
                    article=article,
                    score=float(score[i]),
                    dense=float(dense[i]),
                    lexical=float(lexical[i]),
                )
            )
        return hits


def index_dir() -> Path:
    return corpus.ARTICLES_DIR.parent.parent / "var" / "knowledge"


def index_key(embedder: Embedder, root: Path = corpus.ARTICLES_DIR) -> str:
    """Names the index after what it is built from: the corpus, the model, the passage recipe."""
    return f"{corpus.fingerprint(root)}-{model_slug(embedder)}-v{INDEX_FORMAT}"


def model_slug(embedder: Embedder) -> str:
    return embedder.name.replace("/", "_").replace(":", "_")


def load_or_build(
    embedder: Embedder, root: Path = corpus.ARTICLES_DIR, *, progress: bool = False
) -> Retriever:
    """The retriever for the current corpus, from the saved index when it is up to date."""
    path = index_dir() / f"{index_key(embedder, root)}.faiss"
    if path.exists():
        index = faiss.read_index(str(path))
        articles = corpus.load(root)
        passages = corpus_passages(articles)
        if len(passages) == index.ntotal:
            return Retriever(articles, embedder, passages, index.reconstruct_n(0, index.ntotal))
    started = time.monotonic()
    retriever = Retriever.build(embedder, root, progress=progress)
    path.parent.mkdir(parents=True, exist_ok=True)
    index = faiss.IndexFlatIP(retriever._vectors.shape[1])
    index.add(retriever._vectors)
    faiss.write_index(index, str(path))
    # Indexes of older corpus versions or passage recipes for this model are dead weight.
    for stale in path.parent.glob(f"*-{model_slug(embedder)}-v*.faiss"):
        if stale != path:
            stale.unlink(missing_ok=True)
    if progress:
        print(
            f"[knowledge] index built in {time.monotonic() - started:.1f} s: {path}",
            file=sys.stderr,
        )
    return retriever
