from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.deps import InternalCaller, SettingsDep
from api.errors import ApiError, NotFound, error_responses
from api.i18n import ReplyLang
from api.knowledge import service
from api.knowledge.models import AnswerRead, AnswerRequest, ArticleRead, SearchResults
from api.portals.catalog import PortalCode
from knowledge.retriever import Retriever


def current_retriever() -> Retriever:
    return service.get_retriever()


RetrieverDep = Annotated[Retriever, Depends(current_retriever)]

router = APIRouter(prefix="/knowledge", tags=["knowledge"])
internal_router = APIRouter(prefix="/internal/knowledge", tags=["internal"])


@router.get("/search", response_model=SearchResults)
def search_articles(
    retriever: RetrieverDep,
    settings: SettingsDep,
    q: Annotated[str, Query(min_length=1, description="at most TIJARIA_MAX_MESSAGE_CHARS")],
    portal: PortalCode | None = None,
    lang: ReplyLang = "fr",
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> SearchResults:
    if len(q) > settings.max_message_chars:
        raise ApiError("message_too_long", status_code=422, limit=settings.max_message_chars)
    results = service.search(retriever=retriever, query=q, portal=portal, lang=lang, limit=limit)
    return SearchResults(query=q, portal=portal, lang=lang, results=results)


@router.get("/articles/{article_id}", response_model=ArticleRead, responses=error_responses(404))
def read_article(article_id: str, retriever: RetrieverDep, lang: ReplyLang = "fr") -> ArticleRead:
    article = service.get_article(retriever=retriever, article_id=article_id, lang=lang)
    if article is None:
        raise NotFound("not_found")
    return article


@internal_router.post("/answer", response_model=AnswerRead, responses=error_responses(401))
def answer_question(
    body: AnswerRequest, retriever: RetrieverDep, settings: SettingsDep, _caller: InternalCaller
) -> AnswerRead:
    return service.answer(
        retriever=retriever,
        question=body.question,
        portal=body.portal,
        lang=body.lang,
        intent=body.intent,
        intent_confidence=body.intent_confidence,
        unanswered_turns=body.unanswered_turns,
        turns_before_human=settings.unanswered_turns_before_human,
    )
