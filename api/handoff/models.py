"""Handoffs (a conversation waiting for, then served by, a human agent), the agents'
presence, and the tickets of the contact form: tables and the API's shapes.

A handoff moves queued → active → closed; accepting it is one conditional UPDATE (only
a queued handoff is taken), so two agents, even on two replicas, never both win."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, utcnow
from api.request_models import RequestModel
from api.timestamps import UtcDateTime

HandoffStateName = Literal["queued", "active", "closed"]
HANDOFF_STATES: tuple[HandoffStateName, ...] = ("queued", "active", "closed")
# Why the conversation went to a person: the user asked, two answers in a row found
# nothing, a procedure step was refused twice, or the topic is for agents only.
Reason = Literal["asked", "no_answer", "refused", "agent_only"]
REASONS: tuple[Reason, ...] = ("asked", "no_answer", "refused", "agent_only")
PresenceStatus = Literal["available", "away"]

MAX_REPLY_CHARS = 4000
MAX_RESOLUTION_CHARS = 1000
# Ticket reference: CT-XXXX-XXXX, Crockford base32 (no I, L, O, U), like claims' REC-….
TICKET_REFERENCE_PATTERN = r"^CT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$"


def new_id() -> str:
    return uuid.uuid4().hex


class Handoff(Base):
    __tablename__ = "handoffs"
    __table_args__ = (
        Index("ix_handoffs_state_queued_at", "state", "queued_at"),
        # One open handoff per conversation, even when two replicas take the same
        # confirmation at once (a double click).
        Index(
            "uq_handoffs_open_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=text("state IN ('queued', 'active')"),
            postgresql_where=text("state IN ('queued', 'active')"),
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[str] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(8), default="queued")
    portal: Mapped[str] = mapped_column(String(16), index=True)
    language: Mapped[str] = mapped_column(String(8))
    # The conversation's signed-in owner when it was queued, if any.
    user_id: Mapped[str | None] = mapped_column(String(32))
    user_name: Mapped[str | None] = mapped_column(String(200))
    agent_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    agent_name: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(16), default="asked")
    # What the bot tried: {"questions", "articles", "procedure"} (api.handoff.service.summary).
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolution: Mapped[str | None] = mapped_column(Text)
    # When the user last said they are typing (shown to the agent for a few seconds).
    user_typing_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AgentPresence(Base):
    """Whether an agent takes conversations now (one row per agent, upserted)."""

    __tablename__ = "agent_presence"

    agent_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    display_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="away")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When the agent last showed signs of life: a request to an agent route, or the
    # console's socket (refreshed while it is open). `available` without it for
    # TIJARIA_AGENT_AWAY_AFTER_SECONDS counts as away (api.handoff.service.live_status).
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=utcnow)


class Ticket(Base):
    """A contact form sent when no agent was there: the console lists them."""

    __tablename__ = "contact_tickets"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    request: Mapped[str] = mapped_column(Text)
    portal: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8))
    session_id: Mapped[str | None] = mapped_column(String(64))
    user_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )


# ---------------------------------------------------------------- API shapes


class ArticleShown(BaseModel):
    title: str
    url: str = ""


class ProcedureInProgress(BaseModel):
    name: str
    step: str | None = None
    answers: dict[str, Any] = Field(default_factory=dict)


class HandoffSummary(BaseModel):
    """What the bot tried before the handoff."""

    questions: list[str] = Field(default_factory=list)
    articles: list[ArticleShown] = Field(default_factory=list)
    procedure: ProcedureInProgress | None = None


class HandoffRead(BaseModel):
    id: str
    session_id: str
    state: HandoffStateName
    portal: str
    language: str
    user_name: str | None = None
    agent_id: str | None = None
    agent_name: str | None = None
    reason: Reason
    queued_at: UtcDateTime
    accepted_at: UtcDateTime | None = None
    closed_at: UtcDateTime | None = None
    # Queued: since it was queued; else how long the user waited for an agent.
    waiting_seconds: int
    # Queued only: 1 is next.
    position: int | None = None
    user_typing: bool = False
    resolution: str | None = None
    summary: HandoffSummary = Field(default_factory=HandoffSummary)


class HandoffDetail(HandoffRead):
    # Every message of the conversation, as the chat contract carries them.
    transcript: list[dict[str, Any]] = Field(default_factory=list)


class HandoffList(BaseModel):
    items: list[HandoffRead]


class AgentPresenceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    agent_id: str
    display_name: str
    status: PresenceStatus
    updated_at: UtcDateTime


class PresenceUpdate(RequestModel):
    status: PresenceStatus


class AgentMessageCreate(RequestModel):
    """A reply (`text`) or a knowledge article (`article_id`): one of them."""

    text: str | None = Field(default=None, max_length=MAX_REPLY_CHARS)
    article_id: str | None = Field(default=None, min_length=1, max_length=200)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        return value.strip() if value is not None and value.strip() else None

    @model_validator(mode="after")
    def _one_of(self) -> "AgentMessageCreate":
        if (self.text is None) == (self.article_id is None):
            raise PydanticCustomError(
                "handoff_text_or_article", "exactly one of text or article_id"
            )
        return self


class TransferCreate(RequestModel):
    agent_id: str = Field(min_length=1, max_length=32)


class CloseCreate(RequestModel):
    resolution: str = Field(min_length=1, max_length=MAX_RESOLUTION_CHARS)


class TicketRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    reference: str
    full_name: str
    email: str
    request: str
    portal: str
    language: str
    session_id: str | None = None
    created_at: UtcDateTime


class TicketList(BaseModel):
    items: list[TicketRead]


class OfferRequest(RequestModel):
    """From the action server: the user wants (or is offered) a person."""

    session_id: str = Field(min_length=1, max_length=64)
    reason: Reason = "asked"
