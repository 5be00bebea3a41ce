"""Drafts of procedures (démarches): the table, and the shapes the API and the Rasa
actions read. A draft is a stored row, so a user can stop and resume days later from
another device (DESIGN.md, "Procedures")."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import JSON, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, utcnow
from api.i18n import ReplyLang
from api.portals.catalog import DEFAULT_PORTAL, PortalCode
from api.request_models import RequestModel
from api.timestamps import UtcDateTime

DraftStatus = Literal["draft", "submitted", "cancelled"]
# What a turn of the engine did, for the caller (the Rasa form, the public API):
# asking: the next question is in `messages` (after an accepted answer, or a prompt);
# refused: the answer broke a rule (the refusal, then the question again);
# done: confirmed, `reference` set; cancelled; login_required: sign in first;
# digression: the text is a question about something else (answer it, then prompt);
# human: the user asks for a person (the draft is kept); none: nothing to resume.
TurnStatus = Literal[
    "asking", "refused", "done", "cancelled", "login_required", "digression", "human", "none"
]
# What one message of a turn is, so a caller can utter the refusal alone and let its own
# form ask the question again (the Rasa form does).
MessageKind = Literal["question", "refusal", "summary", "info"]


def new_id() -> str:
    return uuid.uuid4().hex


class Draft(Base):
    __tablename__ = "procedure_drafts"
    __table_args__ = (Index("ix_procedure_drafts_owner_kind", "owner_user_id", "kind", "status"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(32))
    owner_user_id: Mapped[str] = mapped_column(String(64))
    # The last conversation the draft was worked on in (uploads are checked against it).
    session_id: Mapped[str | None] = mapped_column(String(64))
    portal: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(8))
    # The answers by field name; keys starting with "_" are the engine's own bookkeeping.
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Where the draft is: the step and field asked now (step_index == number of steps and
    # field None: the summary is shown).
    step_index: Mapped[int] = mapped_column(Integer, default=0)
    field: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    reference: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class DraftRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: str
    portal: str
    lang: str
    session_id: str | None = None
    data: dict[str, Any]
    step_index: int
    field: str | None = None
    status: DraftStatus
    reference: str | None = None
    created_at: UtcDateTime
    updated_at: UtcDateTime


class DraftList(BaseModel):
    drafts: list[DraftRead]


class TurnButton(BaseModel):
    title: str
    payload: str


class TurnMessage(BaseModel):
    text: str
    buttons: list[TurnButton] = Field(default_factory=list)
    # The contract's form card (DESIGN.md, "Public chat contract").
    form: dict[str, Any] | None = None
    kind: MessageKind = "info"


class BotTurn(BaseModel):
    status: TurnStatus
    messages: list[TurnMessage] = Field(default_factory=list)
    draft_id: str | None = None
    reference: str | None = None


class ProcedureStart(RequestModel):
    kind: str = Field(min_length=1, max_length=32)
    portal: PortalCode = DEFAULT_PORTAL
    lang: ReplyLang = "fr"
    # The conversation the files of the draft are attached in (POST /uploads).
    session_id: str | None = Field(default=None, max_length=64)


class AnswerIn(RequestModel):
    """One field (`field`, `value`), a whole step (`values`, as a form card sends them),
    or files already uploaded (`attachments`, upload ids). Without `field`, `value`
    answers the field asked now."""

    field: str | None = Field(default=None, max_length=64)
    value: str | None = Field(default=None, max_length=8000)
    values: dict[str, Any] | None = None
    attachments: list[str] | None = Field(default=None, max_length=20)


class InternalStart(RequestModel):
    session_id: str = Field(min_length=1, max_length=64)
    intent: str | None = Field(default=None, max_length=64)
    text: str | None = Field(default=None, max_length=8000)


class FormAnswer(RequestModel):
    id: str = Field(max_length=200)
    values: dict[str, Any] = Field(default_factory=dict)


class InternalAnswer(RequestModel):
    session_id: str = Field(min_length=1, max_length=64)
    text: str | None = Field(default=None, max_length=8000)
    intent: str | None = Field(default=None, max_length=64)
    confidence: float = 0.0
    form: FormAnswer | None = None
    attachments: list[str] | None = Field(default=None, max_length=20)
