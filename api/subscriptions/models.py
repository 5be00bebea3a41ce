"""Operator subscriptions (RNOCE « Nouvelle souscription », « Mes demandes ») and the
BADR stand-in's known operators: tables and the API's shapes.

A request moves draft → processing → validated, or → incomplete (with the reasons) →
draft (« Rectifier vos données ») → processing again (api.subscriptions.service.TRANSITIONS).
Each step's answers are kept as JSON under the step's name (api.subscriptions.catalog)."""

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, utcnow
from api.i18n import ReplyLang
from api.request_models import RequestModel
from api.timestamps import UtcDateTime

SubscriptionStatus = Literal["draft", "processing", "incomplete", "validated"]
STATUSES: tuple[SubscriptionStatus, ...] = ("draft", "processing", "incomplete", "validated")
Organism = Literal["douane", "portnet"]
# ddmmyyyy, "1", then the sequence on 11 digits (« 11092023100000001138 » in the guide).
CODE_PATTERN = r"^\d{8}1\d{11}$"
MAX_REASONS = 20
MAX_REASON_CHARS = 500


def _douane_only() -> list[Organism]:
    return ["douane"]


def new_id() -> str:
    return uuid.uuid4().hex


class SubscriptionNumber(Base):
    """One row per request code handed out: its id is the code's sequence. The database
    numbers the rows, so two requests created at the same moment never share a code."""

    __tablename__ = "subscription_numbers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Subscription(Base):
    __tablename__ = "subscriptions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    path: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    owner_user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # What BADR answered at the check: registered operators get the form pre-filled.
    badr_registered: Mapped[bool] = mapped_column(Boolean, default=False)
    # {step name: {field: value}} (a repeated step: {"items": [{field: value}, …]}).
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    completed_steps: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Where the owner stopped: the draft resumes there (guide 2.3).
    current_step: Mapped[str] = mapped_column(String(32))
    rejection_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    lang: Mapped[str] = mapped_column(String(8), default="fr")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    validated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rejected_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewer_user_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class BadrOperator(Base):
    """An operator the local BADR stand-in knows (seeded with invented companies)."""

    __tablename__ = "badr_operators"

    ice: Mapped[str] = mapped_column(String(15), primary_key=True)
    if_number: Mapped[str] = mapped_column(String(10))
    rc: Mapped[str] = mapped_column(String(20))
    rc_centre: Mapped[str] = mapped_column(String(60))
    operator_type: Mapped[str] = mapped_column(String(32))
    # The company step's fields as BADR knows them (catalog.COMPANY names).
    company: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# ---------------------------------------------------------------- API shapes


class BadrCheck(RequestModel):
    """« Vérifier le compte auprès de la douane » (on the modification-only path: the old
    IF, ICE, RC and RC centre)."""

    email: str = Field(min_length=1, max_length=254)
    if_number: str = Field(min_length=1, max_length=20)
    ice: str = Field(min_length=1, max_length=40)
    rc: str = Field(min_length=1, max_length=40)
    operator_type: str = Field(min_length=1, max_length=40)
    rc_centre: str = Field(min_length=1, max_length=80)


class BadrCheckRead(BaseModel):
    registered: bool
    # Registered: the company data to pre-fill the form with; not registered: empty.
    company: dict[str, Any] = Field(default_factory=dict)


class SubscriptionCreate(BadrCheck):
    # « Veuillez sélectionner vos souscriptions »: DOUANE (checked by default), PORTNET.
    organisms: list[Organism] = Field(default_factory=_douane_only, min_length=1, max_length=2)
    # « uniquement une demande de création d'espace privé pour modification de vos données
    # auprès de la douane »: DOUANE only.
    modification_only: bool = False
    lang: ReplyLang = "fr"


class StepUpdate(RequestModel):
    """A step's answers: `values` for a step of fields, `items` for a repeated one
    (managers, GU users, contacts). `finish` asks to complete the step (refused until
    every required field is there); without it the answers are kept as a draft."""

    values: dict[str, Any] | None = None
    items: list[dict[str, Any]] | None = Field(default=None, max_length=20)
    finish: bool = True


class SubscriptionReject(RequestModel):
    reasons: list[Annotated[str, Field(min_length=1, max_length=MAX_REASON_CHARS)]] = Field(
        min_length=1, max_length=MAX_REASONS
    )


class StepRead(BaseModel):
    name: str
    title: str
    completed: bool


class DocumentRead(BaseModel):
    kind: str
    label: str
    upload_id: str
    filename: str
    size: int


class SubscriptionSummary(BaseModel):
    """A line of « Mes demandes »."""

    model_config = ConfigDict(from_attributes=True)

    code: str
    path: str
    status: SubscriptionStatus
    status_label: str
    organism_label: str
    current_step: str
    created_at: UtcDateTime
    submitted_at: UtcDateTime | None = None
    validated_at: UtcDateTime | None = None
    rejection_reasons: list[str] = Field(default_factory=list)


class SubscriptionRead(SubscriptionSummary):
    badr_registered: bool
    steps: list[StepRead]
    data: dict[str, Any]
    # What the owner can do next: resume, rectify, submit, subscribe_portnet.
    next_actions: list[str]
    portnet_offered: bool


class SubscriptionList(BaseModel):
    subscriptions: list[SubscriptionSummary]


class StaffSubscriptionRead(SubscriptionRead):
    owner_name: str
    owner_email: str
    documents: list[DocumentRead]


class StaffQueue(BaseModel):
    subscriptions: list[StaffSubscriptionRead]
