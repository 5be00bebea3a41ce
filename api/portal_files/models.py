"""Portal files: the demo table (one row per file, whatever its kind), what a source answers
(FileRecord) and the API's shapes."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import JSON, DateTime, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, utcnow
from api.portal_files.catalog import FileKind
from api.timestamps import UtcDateTime

MAX_REFERENCE_CHARS = 40
DetailValue = str | int | float | None


def new_id() -> str:
    return uuid.uuid4().hex


class PortalFile(Base):
    """A file of the demo portals. Who sees it: the operator of `owner_ice`, the bank named in
    `bank` (import titles: its domiciliations), the administration in `administration`."""

    __tablename__ = "portal_files"
    __table_args__ = (UniqueConstraint("kind", "reference"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    reference: Mapped[str] = mapped_column(String(MAX_REFERENCE_CHARS), index=True)
    status: Mapped[str] = mapped_column(String(40), index=True)
    owner_ice: Mapped[str | None] = mapped_column(String(15), index=True)
    owner_name: Mapped[str] = mapped_column(String(200))
    bank: Mapped[str | None] = mapped_column(String(200))
    administration: Mapped[str | None] = mapped_column(String(16))
    # The kind's columns (catalog.KINDS[kind].columns), by key.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


# ---------------------------------------------------------------- what a source answers


class FileRecord(BaseModel):
    """One file as a source (demo table or portal system) gives it; strict, so a malformed
    answer of a portal is refused rather than shown."""

    model_config = ConfigDict(from_attributes=True, extra="ignore")

    kind: FileKind
    reference: str = Field(min_length=1, max_length=MAX_REFERENCE_CHARS)
    status: str = Field(min_length=1, max_length=40)
    owner_ice: str | None = None
    owner_name: str = ""
    bank: str | None = None
    administration: str | None = None
    details: dict[str, DetailValue] = Field(default_factory=dict)
    created_at: UtcDateTime
    updated_at: UtcDateTime


class FileFilters(BaseModel):
    """The search filters of the guides' pages; a source applies those its kind has."""

    reference: str | None = None
    status: str | None = None
    category: str | None = None
    tariff_code: str | None = None
    modification_status: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    imo: str | None = None
    voyage: str | None = None
    notice: str | None = None
    call: str | None = None
    port: str | None = None
    regime: str | None = None
    arrival_from: str | None = None  # YYYY-MM-DD
    arrival_to: str | None = None


# ---------------------------------------------------------------- API shapes


class FileCitation(BaseModel):
    """Where the meaning of a status comes from, like a knowledge answer's source."""

    title: str
    guide: str
    section: str


class FileColumn(BaseModel):
    key: str
    label: str
    value: DetailValue


class PortalFileRead(BaseModel):
    kind: FileKind
    kind_label: str
    portal: str
    page: str
    url: str
    reference: str
    status: str
    status_label: str
    status_meaning: str
    next_step: str
    source: FileCitation
    owner_name: str
    columns: list[FileColumn]
    created_at: UtcDateTime
    updated_at: UtcDateTime


class PortalFileList(BaseModel):
    files: list[PortalFileRead]


class LookupButton(BaseModel):
    title: str
    payload: str


class LookupSource(BaseModel):
    """Where the status's meaning comes from, as the chat contract's `sources` carry it."""

    title: str
    guide: str
    section: str
    url: str = ""


class LookupMessage(BaseModel):
    text: str
    buttons: list[LookupButton] = Field(default_factory=list)
    sources: list[LookupSource] = Field(default_factory=list)


class FileLookupTurn(BaseModel):
    """For the action server (like ClaimStatusTurn): `done` (one file told), `choose` (several
    files match: buttons), `none` (no reference, or no file of theirs), `login_required`,
    `unavailable` (the portal does not answer)."""

    status: Literal["done", "choose", "none", "login_required", "unavailable"]
    messages: list[LookupMessage]


# ---------------------------------------------------------------- staff (demo files)


class FileStatusChange(BaseModel):
    """A new status for a demo file: one of its kind's (catalog.KINDS[kind].statuses)."""

    status: str = Field(min_length=1, max_length=40)


class StatusChoice(BaseModel):
    value: str
    label: str


class StaffFileRead(BaseModel):
    """A demo file as the console lists it, with the statuses it may be set to."""

    kind: FileKind
    kind_label: str
    reference: str
    owner_name: str
    owner_ice: str | None
    status: str
    status_label: str
    statuses: list[StatusChoice]
    updated_at: UtcDateTime


class StaffFileList(BaseModel):
    files: list[StaffFileRead]
