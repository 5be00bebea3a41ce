"""Shapes of the knowledge API. Articles live in knowledge/articles, not in the database."""

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from api.config import get_settings
from api.conversations.models import SourceRead
from api.i18n import ReplyLang
from api.portals.catalog import PortalCode
from api.request_models import RequestModel


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


class AnswerRequest(RequestModel):
    # The user's message, so at most TIJARIA_MAX_MESSAGE_CHARS; longer is cut, not refused
    # (the action server relays it and cannot rephrase it).
    question: str = Field(min_length=1)
    portal: PortalCode | None = None
    lang: ReplyLang = "fr"

    @field_validator("question")
    @classmethod
    def _at_most_a_message(cls, value: str) -> str:
        return value[: get_settings().max_message_chars]


class AnswerRead(BaseModel):
    """What the assistant should do with a question: answer it, ask which topic, or admit it can't."""

    kind: Literal["answer", "clarify", "none"]
    article: ArticleRead | None = None
    candidates: list[SearchHit] = Field(default_factory=list)
