"""The e-mail outbox: every e-mail the core sends, with whether and when it left."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, as_utc, utcnow


def new_id() -> str:
    return uuid.uuid4().hex


class OutboxEmail(Base):
    """One e-mail. Without SMTP it stays here (and in the log) for a person trying TijarIA
    locally; with SMTP, `sent_at` says it left, `error` why it did not, and
    `next_attempt_at` when it will be tried again (none: sent, or given up).

    The body holds one-time links until it is delivered, then it is emptied: treat this
    table as you would the mail server.
    """

    __tablename__ = "outbox_emails"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    to: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(String(500))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)


class OutboxEmailRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    to: str
    subject: str
    body: str
    created_at: datetime
    sent_at: datetime | None = None
    error: str | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = None


class OutboxEmailSummary(BaseModel):
    """What PORTNET agents and staff see of an e-mail: never its body, whose link is the
    recipient's alone."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    to: str
    subject: str
    created_at: datetime
    sent_at: datetime | None = None
    error: str | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = None

    @field_validator("created_at", "sent_at", "next_attempt_at")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        # The JSON says these times are UTC, whichever database they came from.
        return as_utc(value)
