"""The Douane (BADR) account of a validated RNOCE operator and the operations on it (guide
RNOCE, section IV): modification of its data, cancellation, restoration. Tables and the
API's shapes side by side.

An operation is « en cours de traitement » (pending) until PORTNET staff validate it
(« validé ») or refuse it with a reason (« annulée »); a refused one can be corrected and
submitted again. Its documents are stored uploads."""

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.database import Base, utcnow
from api.request_models import RequestModel
from api.timestamps import UtcDateTime

AccountState = Literal["active", "cancelled"]
OperationKind = Literal["modification", "cancellation", "restoration"]
OPERATION_KINDS: tuple[OperationKind, ...] = ("modification", "cancellation", "restoration")
# « en cours de traitement », « validé », « annulée » (refused, with its reason).
OperationStatus = Literal["pending", "validated", "refused"]
OPERATION_STATUSES: tuple[OperationStatus, ...] = ("pending", "validated", "refused")
DocumentKind = Literal[
    "modele_j",
    "adii_decision",
    "judgement",
    "handwritten_request",
    "general_assembly_minutes",
]
# The account's fields a modification may change, in the order of the guide's form.
MODIFIABLE_FIELDS: tuple[str, ...] = (
    "entity_type",
    "operator_type",
    "ice",
    "rc_number",
    "identifiant_fiscal",
    "rc_centre",
    "raison_sociale",
)

MAX_TEXT_CHARS = 1000
# Loose bounds for the request bodies: the rules (api/douane_accounts/rules.py) say what
# is refused, field by field, in the caller's language.
_SHORT = 300
_UPLOAD_ID = 64


def new_id() -> str:
    return uuid.uuid4().hex


class DouaneAccount(Base):
    """An operator's company as registered at the Douane. Opened when its subscription is
    validated (service.open_account); one per RNOCE user."""

    __tablename__ = "douane_accounts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner_user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    entity_type: Mapped[str | None] = mapped_column(String(32))
    operator_type: Mapped[str] = mapped_column(String(32))
    ice: Mapped[str] = mapped_column(String(15), index=True)
    rc_number: Mapped[str] = mapped_column(String(40))
    identifiant_fiscal: Mapped[str] = mapped_column(String(40))
    rc_centre: Mapped[str] = mapped_column(String(100))
    raison_sociale: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    operations: Mapped[list["DouaneOperation"]] = relationship(
        order_by="DouaneOperation.created_at", cascade="all, delete-orphan"
    )


class DouaneOperation(Base):
    __tablename__ = "douane_operations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(
        ForeignKey("douane_accounts.id", ondelete="CASCADE"), index=True
    )
    owner_user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    # The language the owner is written to in (e-mails).
    lang: Mapped[str] = mapped_column(String(8), default="fr")
    # Modification: the new values of the fields that change, and what they were.
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    previous: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The declared date of the Modèle J (modification; restoration with a Modèle J).
    modele_j_date: Mapped[date | None] = mapped_column(Date)
    # Cancellation: « liquidation_judiciaire » or « radiation ».
    cancellation_reason: Mapped[str | None] = mapped_column(String(32))
    # The cancellation's comment, or the restoration's reason (« Motif »).
    comment: Mapped[str | None] = mapped_column(Text)
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    # 1, then one more at each resubmission after a refusal.
    submissions: Mapped[int] = mapped_column(Integer, default=1)
    decided_by_name: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    documents: Mapped[list["DouaneOperationDocument"]] = relationship(
        order_by="DouaneOperationDocument.created_at", cascade="all, delete-orphan"
    )


class DouaneOperationDocument(Base):
    """One document of an operation (its bytes stay in the uploads table); one of each kind."""

    __tablename__ = "douane_operation_documents"
    __table_args__ = (UniqueConstraint("operation_id", "kind"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    operation_id: Mapped[str] = mapped_column(
        ForeignKey("douane_operations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    upload_id: Mapped[str] = mapped_column(ForeignKey("uploads.id", ondelete="RESTRICT"))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# ---------------------------------------------------------------- API shapes
#
# Every field is optional here: a missing or wrong one is refused by its rule, all of them
# at once (422 `fields_refused`), in the caller's language.


class ModificationCreate(RequestModel):
    """« Actualiser vos données »: the fields that change (others may be sent unchanged), the
    Modèle J (under 3 months old: its date is declared) and, for a transitaire changing its
    raison sociale, the ADII's decision of change of name."""

    entity_type: str | None = Field(default=None, max_length=_SHORT)
    operator_type: str | None = Field(default=None, max_length=_SHORT)
    ice: str | None = Field(default=None, max_length=_SHORT)
    rc_number: str | None = Field(default=None, max_length=_SHORT)
    identifiant_fiscal: str | None = Field(default=None, max_length=_SHORT)
    rc_centre: str | None = Field(default=None, max_length=_SHORT)
    raison_sociale: str | None = Field(default=None, max_length=_SHORT)
    modele_j_upload_id: str | None = Field(default=None, max_length=_UPLOAD_ID)
    modele_j_date: str | None = Field(
        default=None, max_length=40, description="JJ/MM/AAAA or AAAA-MM-JJ"
    )
    adii_decision_upload_id: str | None = Field(default=None, max_length=_UPLOAD_ID)


class CancellationCreate(RequestModel):
    """« Annuler votre compte »: `reason` liquidation_judiciaire (with the court's final
    judgement or its publication in the official bulletin, PDF) or radiation (with the
    Modèle J / registre de commerce, PDF); a comment."""

    reason: str | None = Field(default=None, max_length=MAX_TEXT_CHARS * 2)
    judgement_upload_id: str | None = Field(default=None, max_length=_UPLOAD_ID)
    modele_j_upload_id: str | None = Field(default=None, max_length=_UPLOAD_ID)
    comment: str | None = Field(default=None, max_length=MAX_TEXT_CHARS * 2)


class RestorationCreate(RequestModel):
    """« Restaurer votre compte » (a cancelled one): the manager's handwritten request, the
    Modèle J under 3 months old (its date declared) or the general assembly's minutes, all
    PDF; the reason."""

    handwritten_request_upload_id: str | None = Field(default=None, max_length=_UPLOAD_ID)
    modele_j_upload_id: str | None = Field(default=None, max_length=_UPLOAD_ID)
    modele_j_date: str | None = Field(default=None, max_length=40)
    general_assembly_minutes_upload_id: str | None = Field(default=None, max_length=_UPLOAD_ID)
    reason: str | None = Field(default=None, max_length=MAX_TEXT_CHARS * 2)


class OperationResubmit(ModificationCreate, CancellationCreate, RestorationCreate):
    """The corrected request, whole, after a refusal: the fields of the operation's kind
    (a field of another kind is refused)."""


class OperationRefuse(RequestModel):
    reason: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)


class DocumentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: DocumentKind
    label: str
    filename: str
    content_type: str
    size: int
    created_at: UtcDateTime


class OperationSummary(BaseModel):
    id: str
    kind: OperationKind
    kind_label: str
    status: OperationStatus
    status_label: str
    refusal_reason: str | None = None
    submissions: int
    created_at: UtcDateTime
    updated_at: UtcDateTime
    decided_at: UtcDateTime | None = None


class OperationRead(OperationSummary):
    changes: dict[str, str] = Field(default_factory=dict)
    previous: dict[str, str] = Field(default_factory=dict)
    modele_j_date: date | None = None
    cancellation_reason: str | None = None
    cancellation_reason_label: str | None = None
    comment: str | None = None
    documents: list[DocumentRead] = Field(default_factory=list)


class OperationList(BaseModel):
    operations: list[OperationSummary]


class AccountRead(BaseModel):
    """« Mes demandes » for the Douane: the account as registered, and the latest
    operation of each kind with its status."""

    entity_type: str | None = None
    operator_type: str
    operator_type_label: str
    ice: str
    rc_number: str
    identifiant_fiscal: str
    rc_centre: str
    raison_sociale: str
    state: AccountState
    state_label: str
    created_at: UtcDateTime
    updated_at: UtcDateTime
    latest: dict[OperationKind, OperationSummary] = Field(default_factory=dict)


class StaffOperationRead(OperationRead):
    owner_name: str
    owner_email: str
    account: AccountRead


class StaffQueue(BaseModel):
    operations: list[StaffOperationRead]
