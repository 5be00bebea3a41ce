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
    # Only a PORTNET agent can settle this topic: a person is offered with the answer.
    agent_only: bool = False


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
    # What Rasa's NLU made of the message, when an action asks whether to perform a dialogue
    # act (goodbye, "talk to a human"…) or answer from the guides instead.
    intent: str | None = Field(default=None, max_length=64)
    intent_confidence: float | None = Field(default=None, ge=0, le=1)
    # Turns in a row without an answer so far (the action's slot); the core says what's next.
    unanswered_turns: int = Field(default=0, ge=0, le=100)
    session_id: str | None = Field(default=None, max_length=128)

    @field_validator("question")
    @classmethod
    def _at_most_a_message(cls, value: str) -> str:
        return value[: get_settings().max_message_chars]


class AnswerRead(BaseModel):
    """What the assistant should do with a message: answer it (with « Voir aussi » and the
    other parts of a multi-part question), ask which topic, admit it can't, or perform the
    dialogue act the NLU found (`act`)."""

    kind: Literal["answer", "clarify", "none", "act"]
    article: ArticleRead | None = None
    candidates: list[SearchHit] = Field(default_factory=list)
    # The articles answering the other parts of a multi-part question, after `article`.
    more: list[ArticleRead] = Field(default_factory=list)
    # Close alternatives to the answer, offered as « Voir aussi » buttons.
    see_also: list[SearchHit] = Field(default_factory=list)
    # kind "act": the act to perform; with an answer: an act the user may still mean
    # ("talk to a human"), offered as a button so that the user confirms it.
    act: str | None = None
    # With an answer: perform `act` after it (not a button), as for "how do I reach an agent?".
    then_act: bool = False
    # The no-answer rule: the new count of turns without an answer, and whether to offer a
    # human agent now.
    unanswered_turns: int = 0
    offer_human: bool = False
