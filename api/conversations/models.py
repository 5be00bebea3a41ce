"""Conversations and their messages: tables and the shapes the API returns."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.database import Base, as_utc, utcnow
from api.portals.catalog import DEFAULT_PORTAL, PortalCode
from api.request_models import RequestModel
from api.timestamps import UtcDateTime

Sender = Literal["user", "bot", "agent", "system"]
# Who answers the conversation now (DESIGN.md, "The conversation orchestrator"): Rasa
# (`bot`), nobody yet (`queued` for a human agent), a human agent (`agent`), or nobody
# (`closed`). The chat gateway reads it before routing each message.
ConversationState = Literal["bot", "queued", "agent", "closed"]
CONVERSATION_STATES: tuple[ConversationState, ...] = ("bot", "queued", "agent", "closed")


def new_id() -> str:
    return uuid.uuid4().hex


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(String(64), unique=True)
    portal: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(8))
    user_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # SHA-256 of the conversation key of the browser (or client) that started it: the
    # proof a signed-in user must show to make an anonymous conversation theirs.
    owner_key_hash: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(8), default="bot", server_default="bot")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    messages: Mapped[list["Message"]] = relationship(
        back_populates="conversation", order_by="Message.seq"
    )


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        # A client retrying the same message (reconnect, double submit) must not
        # create a second copy of it.
        UniqueConstraint("conversation_id", "client_message_id"),
        Index("ix_messages_conversation_seq", "conversation_id", "seq"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    # Monotonic order inside a conversation; timestamps can tie.
    seq: Mapped[int] = mapped_column()
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    sender: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    # The language the text is in; for user messages, as detected (may be "darija").
    lang: Mapped[str] = mapped_column(String(8))
    portal: Mapped[str] = mapped_column(String(16))
    client_message_id: Mapped[str | None] = mapped_column(String(64))
    # For a user message: the id of the user message a bot reply answers.
    reply_to: Mapped[str | None] = mapped_column(String(32))
    buttons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # True when the reply was produced without Rasa (degraded mode).
    degraded: Mapped[bool] = mapped_column(default=False)
    # An inline form card (the contract's `form` extension) shown with the message.
    form: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    # For an agent's message: the name the user sees.
    author_name: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When the user's socket acknowledged it (`{"type": "ack", "id"}`, cumulative): shown
    # to the agent as « delivered »; never part of the public chat contract's payload.
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


def message_payload(message: Message) -> dict[str, Any]:
    """A stored message as the public chat contract shows it (DESIGN.md): the one shape of
    a turn's replies, of what is pushed to a socket and of what a reconnect catches up.
    `form` and `agent` only when the message has them."""
    payload: dict[str, Any] = {
        "id": message.id,
        "text": message.text,
        "buttons": list(message.buttons or []),
        "sources": list(message.sources or []),
        "sender": message.sender,
        "created_at": as_utc(message.created_at).isoformat().replace("+00:00", "Z"),
    }
    if message.form:
        payload["form"] = message.form
    if message.author_name and message.sender == "agent":
        payload["agent"] = {"name": message.author_name}
    return payload


def as_said(payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A transcript as the user saw it: a clicked button's payload (« /handoff_confirm… »)
    shows the title of that button, as the widget showed it (history.js does the same)."""
    titles: dict[str, str] = {}
    said: list[dict[str, Any]] = []
    for payload in payloads:
        if payload["sender"] == "user" and payload["text"] in titles:
            payload = {**payload, "text": titles[payload["text"]]}
        for button in payload["buttons"]:
            if isinstance(button, dict) and button.get("payload") and button.get("title"):
                titles[str(button["payload"])] = str(button["title"])
        said.append(payload)
    return said


class ButtonRead(BaseModel):
    title: str
    payload: str


class SourceRead(BaseModel):
    title: str
    guide: str
    section: str
    url: str = ""


class FormChoice(BaseModel):
    model_config = ConfigDict(extra="allow")

    value: str
    label: str


class FormField(BaseModel):
    """One field of a form card; `type` is text, email, tel, date, number, select, file or
    checkbox (a client shows an unknown type as text)."""

    model_config = ConfigDict(extra="allow")

    name: str
    label: str = ""
    type: str = "text"
    required: bool = False
    choices: list[FormChoice] = Field(default_factory=list)
    value: Any = None
    error: str | None = None
    help: str | None = None


class FormCard(BaseModel):
    """The contract's `form` extension: a step of a procedure shown as an inline form; the
    client answers it with one message whose `metadata.form` is `{"id", "values"}`."""

    model_config = ConfigDict(extra="allow")

    id: str
    title: str = ""
    fields: list[FormField] = Field(default_factory=list)
    submit_label: str = ""


class AgentRead(BaseModel):
    """The human agent who wrote a message, as the user sees them: a name only."""

    name: str


class MessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    sender: Sender
    text: str
    lang: str
    portal: str
    buttons: list[ButtonRead] = Field(default_factory=list)
    sources: list[SourceRead] = Field(default_factory=list)
    reply_to: str | None = None
    degraded: bool = False
    created_at: UtcDateTime
    # The contract's additive extensions (null: the message has none).
    form: FormCard | None = None
    agent: AgentRead | None = None

    @model_validator(mode="before")
    @classmethod
    def _agent_from_author(cls, data: Any) -> Any:
        # A stored agent message keeps its author's name; the contract shows it as `agent`.
        if isinstance(data, Message):
            name = data.author_name if data.sender == "agent" else None
            return {
                **{key: getattr(data, key) for key in _MESSAGE_READ_COLUMNS},
                "agent": {"name": name} if name else None,
            }
        return data


_MESSAGE_READ_COLUMNS = (
    "id",
    "sender",
    "text",
    "lang",
    "portal",
    "buttons",
    "sources",
    "reply_to",
    "degraded",
    "created_at",
    "form",
)


class TranscriptRead(BaseModel):
    session_id: str
    portal: str
    lang: str
    messages: list[MessageRead]


class ConversationUser(BaseModel):
    """Who a conversation belongs to, as the assistant may know it: never a token."""

    role: str
    realm: str
    display_name: str
    organisation: str | None = None


class IdentityRead(BaseModel):
    """For the action server: who is talking in this conversation now (None: anonymous)."""

    session_id: str
    user: ConversationUser | None = None


class ConversationCreate(RequestModel):
    portal: PortalCode = DEFAULT_PORTAL


class ConversationCreated(BaseModel):
    """A session id the server chose (unguessable), and the conversation key that proves
    the conversation is the caller's: send it as `X-Conversation-Key` (the WebSocket's
    `conversation_key` query parameter) to keep the conversation when signing in."""

    session_id: str
    conversation_key: str
