"""Shapes of the knowledge API. Articles live in knowledge/articles, not in the database."""

from typing import Literal

from pydantic import BaseModel, Field

from api.conversations.models import SourceRead
from api.i18n import ReplyLang
from api.portals.catalog import PortalCode


class ArticleRead(BaseModel):
    id: str
    lang: str
    title: str
    portals: list[str]
    body: str
    source: SourceRead


class SearchHit(BaseModel):
    id: str
    lang: str
    title: str
    portals: list[str]
    source: SourceRead
    score: float
    snippet: str


class SearchResults(BaseModel):
    query: str
    portal: PortalCode | None
    lang: ReplyLang
    results: list[SearchHit]


class AnswerRequest(BaseModel):
    question: str = Field(min_length=1, max_length=2000)
    portal: PortalCode | None = None
    lang: ReplyLang = "fr"


class AnswerRead(BaseModel):
    """What the assistant should do with a question: answer it, ask which topic, or admit it can't."""

    kind: Literal["answer", "clarify", "none"]
    article: ArticleRead | None = None
    candidates: list[SearchHit] = Field(default_factory=list)
