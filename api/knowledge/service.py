"""Questions to articles. The retriever is loaded once per process and shared."""

import os
from functools import lru_cache

from api.conversations.models import SourceRead
from api.knowledge.models import AnswerRead, ArticleRead, SearchHit
from knowledge.corpus import Article
from knowledge.embedder import DEFAULT_MODEL, load_embedder
from knowledge.retriever import Hit, Retriever, load_or_build

# Calibrated with bench/retrieval.py on the dev questions and 39 off-topic questions
# (asked on 3 portals): 85 % of off-topic get "none", 98 % of dev questions "answer".
ANSWER_THRESHOLD = 0.85
CLARIFY_THRESHOLD = 0.65
# A top hit this far ahead of the next one is answered even below ANSWER_THRESHOLD.
CLEAR_MARGIN = 0.10
# Two hits closer than this are a tie: asking which one sends most wrong answers to a
# question (57 % on the dev set) and few right ones (2.4 %).
TIE_MARGIN = 0.02

GUIDE_TITLES = {
    "portail-pmpce-commerce-exterieur": {
        "fr": "Guide utilisateur – Portail PMPCE Commerce Extérieur",
        "ar": "دليل المستخدم – بوابة PMPCE للتجارة الخارجية",
        "en": "User guide – PMPCE Foreign Trade portal",
    },
    "portail-douane": {
        "fr": "Guide utilisateur – Portail Douane",
        "ar": "دليل المستخدم – بوابة الجمارك",
        "en": "User guide – Customs portal",
    },
    "portail-mic": {
        "fr": "Guide utilisateur – Portail MIC",
        "ar": "دليل المستخدم – بوابة MIC",
        "en": "User guide – MIC portal",
    },
    "portail-banques": {
        "fr": "Guide utilisateur – Portail Banques",
        "ar": "دليل المستخدم – بوابة البنوك",
        "en": "User guide – Banks portal",
    },
    "souscription-operateurs-rnoce": {
        "fr": "Guide de souscription des opérateurs – RNOCE",
        "ar": "دليل اكتتاب المتعاملين – RNOCE",
        "en": "Operator subscription guide – RNOCE",
    },
}


@lru_cache(maxsize=2)
def get_retriever(model: str | None = None) -> Retriever:
    retriever = load_or_build(
        load_embedder(model or os.environ.get("TIJARIA_EMBEDDING_MODEL", DEFAULT_MODEL))
    )
    retriever.search("warm up", lang="fr")  # the embedder builds its tokenizer lazily
    return retriever


def source(*, article: Article) -> SourceRead:
    titles = GUIDE_TITLES.get(article.guide, {})
    return SourceRead(
        title=article.title,
        guide=titles.get(article.lang) or titles.get("fr") or article.guide,
        section=article.section,
        url=f"/api/v1/knowledge/articles/{article.id}?lang={article.lang}",
    )


def to_read(*, article: Article) -> ArticleRead:
    return ArticleRead(
        id=article.id,
        lang=article.lang,
        title=article.title,
        portals=list(article.portals),
        body=article.body,
        source=source(article=article),
    )


def to_hit(*, hit: Hit) -> SearchHit:
    body = " ".join(hit.article.body.split())
    return SearchHit(
        id=hit.article.id,
        lang=hit.article.lang,
        title=hit.article.title,
        portals=list(hit.article.portals),
        source=source(article=hit.article),
        score=round(hit.score, 4),
        snippet=body[:200] + ("…" if len(body) > 200 else ""),
    )


def search(
    *, retriever: Retriever, query: str, portal: str | None, lang: str, limit: int = 5
) -> list[SearchHit]:
    return [
        to_hit(hit=hit) for hit in retriever.search(query, portal=portal, lang=lang, limit=limit)
    ]


def get_article(*, retriever: Retriever, article_id: str, lang: str) -> ArticleRead | None:
    article = retriever.article(article_id, lang)
    return None if article is None else to_read(article=article)


def answer(*, retriever: Retriever, question: str, portal: str | None, lang: str) -> AnswerRead:
    hits = retriever.search(question, portal=portal, lang=lang, limit=3)
    if not hits:
        return AnswerRead(kind="none")
    top = hits[0]
    lead = top.score - (hits[1].score if len(hits) > 1 else 0.0)
    if lead >= TIE_MARGIN and (
        top.score >= ANSWER_THRESHOLD or (top.score >= CLARIFY_THRESHOLD and lead >= CLEAR_MARGIN)
    ):
        return AnswerRead(kind="answer", article=to_read(article=top.article))
    if top.score >= CLARIFY_THRESHOLD:
        return AnswerRead(kind="clarify", candidates=[to_hit(hit=hit) for hit in hits])
    return AnswerRead(kind="none")
