"""Files a user attaches in the widget (claims, subscription documents): table and shapes."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import DateTime, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, utcnow

PDF_CONTENT_TYPE = "application/pdf"
PNG_CONTENT_TYPE = "image/png"
JPEG_CONTENT_TYPE = "image/jpeg"
# What POST /uploads stores, each recognised by its content. A use that takes fewer (a
# PDF-only document) checks the stored content type against its own list (`accept`).
DOCUMENT_TYPES: tuple[str, ...] = (PDF_CONTENT_TYPE, PNG_CONTENT_TYPE, JPEG_CONTENT_TYPE)
PDF_ONLY: tuple[str, ...] = (PDF_CONTENT_TYPE,)
# 3 MB, as the portals' claim and subscription forms accept.
MAX_UPLOAD_BYTES = 3 * 1024 * 1024


def new_id() -> str:
    return uuid.uuid4().hex


class Upload(Base):
    """Stored in the database, not on a replica's disk: every API replica stays stateless."""

    __tablename__ = "uploads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    # The chat session the file was attached in (the conversation may not exist yet).
    session_id: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # Loaded only when asked for: listing uploads never reads the files.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UploadCreate(BaseModel):
    session_id: str
    filename: str
    content: bytes


class UploadRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    filename: str
    size: int
    content_type: str
