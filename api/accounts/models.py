"""Accounts: users of Portnet ID and of the RNOCE private space, their sessions,
one-time links and login throttling; tables and API shapes side by side."""

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.database import Base, utcnow

# Portnet ID signs users in to PMPCE, Douane, MIC and Banques; the RNOCE
# subscription platform has its own private space, logged in by e-mail.
Realm = Literal["portnet", "rnoce"]
Role = Literal["operator", "administration", "agent", "staff"]
ROLES: tuple[Role, ...] = ("operator", "administration", "agent", "staff")
TokenPurpose = Literal["session", "mfa"]
LinkPurpose = Literal["confirm_email", "reset_password"]


def new_id() -> str:
    return uuid.uuid4().hex


class User(Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("realm", "login"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    realm: Mapped[str] = mapped_column(String(16))
    # Lower-cased: the Portnet ID identifier, or the e-mail in the RNOCE space.
    login: Mapped[str] = mapped_column(String(254))
    email: Mapped[str] = mapped_column(String(254), index=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    # Operators: the company and its profile (Importateur, Exportateur, …).
    organisation: Mapped[str | None] = mapped_column(String(200))
    ice: Mapped[str | None] = mapped_column(String(15))
    profile: Mapped[str | None] = mapped_column(String(64))
    # Administration users: douane, mic or banques.
    administration: Mapped[str | None] = mapped_column(String(16))
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(32))
    # None until the user chooses one (RNOCE sign-up sends a link for that).
    password_hash: Mapped[str | None] = mapped_column(String(200))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # A secret being enrolled ("Réinitialiser MFA"): replaces totp_secret once a code proves it.
    totp_pending_secret: Mapped[str | None] = mapped_column(String(64))
    # The last 30-second step whose code was accepted: a code works once only.
    totp_last_step: Mapped[int | None] = mapped_column()
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    is_active: Mapped[bool] = mapped_column(default=True)
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def mfa_enrolled(self) -> bool:
        return self.totp_secret is not None


class AccessToken(Base):
    """An opaque bearer token; only its SHA-256 is stored, so a database leak yields no sessions."""

    __tablename__ = "access_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # "mfa": password checked, waiting for the TOTP code; "session": signed in.
    purpose: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OneTimeLink(Base):
    """A link sent by e-mail (confirm the address and choose a password, or reset it)."""

    __tablename__ = "one_time_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginThrottle(Base):
    """Failed sign-ins per login name (known or not, so lockout reveals nothing) and per client."""

    __tablename__ = "login_throttle"
    __table_args__ = (Index("ix_login_throttle_locked_until", "locked_until"),)

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    first_failure_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# ---------------------------------------------------------------- API shapes


class UserCreate(BaseModel):
    realm: Realm = "portnet"
    login: str = Field(min_length=1, max_length=254)
    email: str = Field(min_length=3, max_length=254)
    display_name: str = Field(min_length=1, max_length=200)
    role: Role = "operator"
    organisation: str | None = None
    ice: str | None = None
    profile: str | None = None
    administration: str | None = None
    address: str | None = None
    phone: str | None = None
    password: str | None = None
    is_demo: bool = False


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    realm: Realm
    login: str
    email: str
    display_name: str
    role: Role
    organisation: str | None = None
    profile: str | None = None
    administration: str | None = None
    mfa_enrolled: bool = False


class LoginRequest(BaseModel):
    login: str = Field(min_length=1, max_length=254, description="identifier or e-mail")
    password: str = Field(min_length=1, max_length=256)


class Enrolment(BaseModel):
    """What an authenticator app needs: scan the QR code, or type the secret."""

    secret: str
    provisioning_uri: str
    qr_code: str = Field(description="a PNG image as a data: URI")


class LoginChallenge(BaseModel):
    """Password accepted: the TOTP step comes next, with `mfa_token`."""

    mfa_token: str
    mfa: Literal["verify", "enrol"]
    expires_at: datetime
    enrolment: Enrolment | None = None


class MfaRequest(BaseModel):
    mfa_token: str = Field(min_length=1, max_length=128)
    code: str = Field(min_length=1, max_length=16)


class SessionRead(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    user: UserRead


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)
    confirmation: str = Field(min_length=1, max_length=256)


class MfaResetRequest(BaseModel):
    password: str = Field(min_length=1, max_length=256)


class MfaConfirmRequest(BaseModel):
    code: str = Field(min_length=1, max_length=16)
