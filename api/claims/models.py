"""Claims (« Nouvelle réclamation », « Mes réclamations »): tables and the API's shapes.

A claim moves new → assigned → answered → closed (api.claims.service.TRANSITIONS); each
change is a ClaimEvent (who, when, a note); owner and agents write ClaimMessages; files
are ClaimAttachments pointing at stored uploads."""

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.conversations.models import MessageRead
from api.database import Base, utcnow
from api.i18n import ReplyLang
from api.portals.catalog import DEFAULT_PORTAL, PortalCode
from api.request_models import RequestModel
from api.timestamps import UtcDateTime

ClaimStatus = Literal["new", "assigned", "answered", "closed"]
CLAIM_STATUSES: tuple[ClaimStatus, ...] = ("new", "assigned", "answered", "closed")
AuthorRole = Literal["owner", "agent"]

MAX_OBJECT_CHARS = 200
MAX_DETAILS_CHARS = 4000
MAX_MESSAGE_CHARS = 4000
MAX_NOTE_CHARS = 1000
MAX_ATTACHMENTS = 5
# Reference: REC-XXXX-XXXX, Crockford base32 (no I, L, O, U).
REFERENCE_PATTERN = r"^REC-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$"


def new_id() -> str:
    return uuid.uuid4().hex


class Claim(Base):
    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    portal: Mapped[str] = mapped_column(String(16), index=True)
    # A service of catalog.services_for(portal), or what the user typed when none fitted.
    service: Mapped[str] = mapped_column(String(200))
    object: Mapped[str] = mapped_column(String(MAX_OBJECT_CHARS))
    details: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    # The language the owner is written to in (e-mails).
    lang: Mapped[str] = mapped_column(String(8), default="fr")
    owner_user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # The conversation it was filed from (its transcript helps the agent), if any.
    session_id: Mapped[str | None] = mapped_column(String(64))
    assignee_user_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    events: Mapped[list["ClaimEvent"]] = relationship(
        order_by="ClaimEvent.seq", cascade="all, delete-orphan"
    )
    messages: Mapped[list["ClaimMessage"]] = relationship(
        order_by="ClaimMessage.seq", cascade="all, delete-orphan"
    )
    attachments: Mapped[list["ClaimAttachment"]] = relationship(
        order_by="ClaimAttachment.seq", cascade="all, delete-orphan"
    )


class ClaimEvent(Base):
    """One status change (the creation too): the status reached, who, when, a note."""

    __tablename__ = "claim_events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    actor_user_id: Mapped[str | None] = mapped_column(String(32))
    actor_name: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ClaimMessage(Base):
    __tablename__ = "claim_messages"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    author_user_id: Mapped[str | None] = mapped_column(String(32))
    author_role: Mapped[str] = mapped_column(String(8))
    author_name: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ClaimAttachment(Base):
    """A file of the claim; its bytes stay in the uploads table."""

    __tablename__ = "claim_attachments"
    __table_args__ = (UniqueConstraint("claim_id", "upload_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    upload_id: Mapped[str] = mapped_column(ForeignKey("uploads.id", ondelete="RESTRICT"))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    added_by_role: Mapped[str] = mapped_column(String(8), default="owner")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# ---------------------------------------------------------------- API shapes


class ClaimCreate(RequestModel):
    kind: str = Field(min_length=1, max_length=40)
    portal: PortalCode = DEFAULT_PORTAL
    service: str = Field(min_length=1, max_length=200)
    object: str = Field(min_length=1, max_length=MAX_OBJECT_CHARS)
    details: str = Field(min_length=1, max_length=MAX_DETAILS_CHARS)
    # Upload ids (POST /uploads); one more than allowed is still read, to be refused by name.
    attachment_ids: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        default_factory=list, max_length=MAX_ATTACHMENTS + 1
    )
    session_id: str | None = Field(default=None, max_length=64)
    lang: ReplyLang = "fr"


class ClaimMessageCreate(RequestModel):
    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)


class ClaimAttachmentCreate(RequestModel):
    upload_id: str = Field(min_length=1, max_length=64)


class ClaimAnswer(RequestModel):
    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)


class ClaimClose(RequestModel):
    note: str = Field(min_length=1, max_length=MAX_NOTE_CHARS)


class ClaimEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    status: ClaimStatus
    actor_name: str
    note: str | None = None
    at: UtcDateTime


class ClaimMessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    author_role: AuthorRole
    author_name: str
    text: str
    at: UtcDateTime


class ClaimAttachmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    filename: str
    content_type: str
    size: int
    created_at: UtcDateTime


class ClaimSummary(BaseModel):
    """A line of « Mes réclamations »: number, object, date, status."""

    model_config = ConfigDict(from_attributes=True)

    reference: str
    kind: str
    portal: str
    service: str
    object: str
    status: ClaimStatus
    created_at: UtcDateTime
    updated_at: UtcDateTime


class ClaimRead(ClaimSummary):
    """The detail the owner sees (no agent's account id, only the names they sign with)."""

    kind_label: str
    service_label: str
    details: str
    events: list[ClaimEventRead]
    messages: list[ClaimMessageRead]
    attachments: list[ClaimAttachmentRead]


class ClaimList(BaseModel):
    claims: list[ClaimSummary]


class QueueItem(ClaimSummary):
    owner_name: str
    assignee_name: str | None = None
    waiting_seconds: int


class ClaimQueue(BaseModel):
    claims: list[QueueItem]


class AgentClaimRead(ClaimRead):
    """What an agent sees: the claim, who filed it, who has it, and the conversation it was
    filed from."""

    owner_name: str
    owner_organisation: str | None = None
    assignee_name: str | None = None
    waiting_seconds: int
    session_id: str | None = None
    transcript: list[MessageRead] = Field(default_factory=list)


class StatusButton(BaseModel):
    title: str
    payload: str


class StatusMessage(BaseModel):
    text: str
    buttons: list[StatusButton] = Field(default_factory=list)


class ClaimStatusTurn(BaseModel):
    """For the action server (BotTurn-like): `done` (told), `none` (no such claim of theirs,
    or none at all), `login_required` (anonymous conversation)."""

    status: Literal["done", "none", "login_required"]
    messages: list[StatusMessage]
