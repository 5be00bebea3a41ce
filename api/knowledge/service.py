"""Questions to articles. The retriever is loaded once per process and shared."""

import os
from functools import lru_cache

from api.conversations.models import SourceRead
from api.knowledge import routing
from api.knowledge.models import AnswerRead, ArticleRead, SearchHit
from api.portal_files.chat import names_a_file
from knowledge.corpus import Article
from knowledge.embedder import DEFAULT_MODEL, load_embedder
from knowledge.questions import parts
from knowledge.retriever import Hit, Retriever, load_or_build
from knowledge.text import tokens

# Calibrated with bench/retrieval.py on the dev questions and 39 off-topic questions
# (asked on 3 portals): 85 % of off-topic get "none", 98 % of dev questions "answer".
ANSWER_THRESHOLD = 0.85
CLARIFY_THRESHOLD = 0.65
# A top hit this far ahead of the next one is answered even below ANSWER_THRESHOLD.
CLEAR_MARGIN = 0.10
# Two hits closer than this are a tie; tied and below ANSWER_THRESHOLD, the user chooses.
TIE_MARGIN = 0.02
# Between CLARIFY_THRESHOLD and ANSWER_THRESHOLD, a top hit at least this high is answered
# (with « Voir aussi ») rather than asked about: users prefer reading the likeliest answer.
LOW_ANSWER = 0.75
# Alternatives this close to the answer are offered as « Voir aussi » buttons.
SEE_ALSO_MARGIN = 0.12
MAX_SEE_ALSO = 2
# Multi-part questions: a clause's own best article is added when it is this sure.
PART_THRESHOLD = 0.85
PART_MARGIN = 0.03
MAX_PARTS = 3

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
        # getattr: an index pickled before the field existed has articles without it.
        agent_only=bool(getattr(article, "agent_only", False)),
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


def decide(hits: list[Hit]) -> tuple[str, list[Hit]]:
    """The guides' verdict on ranked hits: ("answer", [top, *see_also]), ("clarify",
    candidates) or ("none", [])."""
    if not hits or hits[0].score < CLARIFY_THRESHOLD:
        return "none", []
    top = hits[0]
    lead = top.score - (hits[1].score if len(hits) > 1 else 0.0)
    # Truly tied and low: reading the wrong article first costs more than one click.
    if lead < TIE_MARGIN and top.score < ANSWER_THRESHOLD:
        return "clarify", hits[:3]
    if top.score < ANSWER_THRESHOLD and lead < CLEAR_MARGIN and top.score < LOW_ANSWER:
        return "clarify", hits[:3]
    see_also = [
        hit
        for hit in hits[1:]
        if hit.score >= CLARIFY_THRESHOLD and top.score - hit.score <= SEE_ALSO_MARGIN
    ]
    return "answer", [top, *see_also[:MAX_SEE_ALSO]]


def other_parts(
    *, retriever: Retriever, question: str, portal: str | None, lang: str, hits: list[Hit]
) -> list[Hit]:
    """The articles answering the other clauses of a multi-part question. A clause's best
    article is added when the clause finds it clearly on its own, or when the whole question
    ranked it too (a clause like "et la règle pour le nouveau ?" needs the context)."""
    clauses = parts(question)
    if len(clauses) < 2:
        return []
    main = hits[0].article.id
    ranked = {hit.article.id for hit in hits}
    found: list[Hit] = []
    for clause in clauses:
        if not tokens(clause):
            continue
        clause_hits = retriever.search(clause, portal=portal, lang=lang, limit=2)
        best = clause_hits[0]
        lead = best.score - (clause_hits[1].score if len(clause_hits) > 1 else 0.0)
        clear = best.score >= PART_THRESHOLD and lead >= PART_MARGIN
        confirmed = best.article.id in ranked and best.score >= CLARIFY_THRESHOLD
        if (
            best.article.id != main
            and all(best.article.id != f.article.id for f in found)
            and (clear or confirmed)
        ):
            found.append(best)
    return found[: MAX_PARTS - 1]


def unanswered(*, turns: int, answered: bool, limit: int) -> tuple[int, bool]:
    """The no-answer rule: (new count of turns without an answer, offer a human agent now?).
    After `limit` turns in a row, offer a human and start counting again."""
    if answered:
        return 0, False
    turns += 1
    if turns >= limit:
        return 0, True
    return turns, False


def answer(
    *,
    retriever: Retriever,
    question: str,
    portal: str | None,
    lang: str,
    intent: str | None = None,
    intent_confidence: float | None = None,
    unanswered_turns: int = 0,
    turns_before_human: int = 2,
) -> AnswerRead:
    """Answer, clarify, admit there is no answer, or (with `intent`) perform the act."""
    if names_a_file(question):
        # « ما هي حالة شكايتي REC-9992-HDND؟ », « ma DFD 20263000000123 ? » ask for that file
        # whatever the NLU read (a reference is never a question for the guides).
        return AnswerRead(kind="act", act="ask_my_files", unanswered_turns=unanswered_turns)
    hits = retriever.search(question, portal=portal, lang=lang, limit=4)
    kind, chosen = decide(hits)
    then_act = False
    if intent is not None:
        strong = kind == "answer" and chosen[0].score >= ANSWER_THRESHOLD
        way = routing.route(
            intent=intent,
            confidence=intent_confidence,
            message=question,
            kind=kind,
            strong=strong,
        )
        if way == "act":
            # Declining an out-of-scope message is a turn without an answer; other acts
            # (greetings, thanks…) leave the count as it is.
            turns, offer = (
                unanswered(turns=unanswered_turns, answered=False, limit=turns_before_human)
                if intent == "out_of_scope"
                else (unanswered_turns, False)
            )
            return AnswerRead(kind="act", act=intent, unanswered_turns=turns, offer_human=offer)
        then_act = way == "answer_then_act"
    # An act performed after the answer is not offered again as a button.
    confirm = intent if intent in routing.CONFIRMABLE_ACTS and not then_act else None
    if kind == "answer":
        top, *see_also = chosen
        more = other_parts(
            retriever=retriever, question=question, portal=portal, lang=lang, hits=hits
        )
        more_ids = {hit.article.id for hit in more}
        return AnswerRead(
            kind="answer",
            article=to_read(article=top.article),
            more=[to_read(article=hit.article) for hit in more],
            see_also=[to_hit(hit=hit) for hit in see_also if hit.article.id not in more_ids],
            # A topic only an agent can settle: the agent is one click away, confirmed.
            act=(intent if then_act else "ask_human" if top.article.agent_only else confirm),
            then_act=then_act,
        )
    if kind == "clarify":
        return AnswerRead(
            kind="clarify",
            candidates=[to_hit(hit=hit) for hit in chosen],
            act=confirm,
            unanswered_turns=unanswered_turns,
        )
    turns, offer = unanswered(turns=unanswered_turns, answered=False, limit=turns_before_human)
    return AnswerRead(kind="none", unanswered_turns=turns, offer_human=offer)
