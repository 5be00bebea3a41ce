"""The RNOCE private space's API shapes (its users are `accounts.User` rows, realm "rnoce")."""

import re
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field

from api.accounts.models import LinkPurpose
from api.i18n import ReplyLang

_PHONE_CHARS = re.compile(r"^\+?[0-9][0-9 .\-]*$")
PHONE_MIN_DIGITS, PHONE_MAX_DIGITS = 8, 15


def _phone(value: str) -> str:
    """8 to 15 digits, an optional leading "+", spaces (dots, dashes) between them."""
    value = " ".join(value.split())
    digits = sum(c.isdigit() for c in value)
    if not _PHONE_CHARS.match(value) or not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS:
        raise ValueError("8 to 15 digits, spaces and a leading + allowed")
    return value


def _lower(value: str) -> str:
    return value.strip().lower()


Phone = Annotated[str, Field(max_length=32), AfterValidator(_phone)]
Email = Annotated[EmailStr, Field(max_length=254), AfterValidator(_lower)]


class _Form(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    # The language of error messages; else the Accept-Language header's.
    lang: ReplyLang | None = None


class SignUp(_Form):
    """« Nouvelle inscription »: the e-mail becomes the login."""

    raison_sociale: str = Field(min_length=1, max_length=200)
    adresse: str = Field(min_length=1, max_length=300)
    email: Email
    telephone: Phone


class SignUpResult(BaseModel):
    message: str
    email: str
    # False when SMTP is configured and did not take the e-mail: the account exists,
    # and « Mot de passe oublié ? » sends a new link.
    email_sent: bool
    link_expires_at: datetime


class SetPassword(_Form):
    """Create the password (the sign-up e-mail's link) or reset it (« Mot de passe oublié ? »)."""

    token: str = Field(min_length=1, max_length=200)
    # No minimum here: a short one gets the RNOCE rule's own message.
    password: str = Field(max_length=256)
    confirmation: str = Field(max_length=256)


class LinkCheck(_Form):
    token: str = Field(min_length=1, max_length=200)


class LinkInfo(BaseModel):
    """What a still usable link is for: the form shows it before asking for the password."""

    purpose: LinkPurpose
    email: str
    expires_at: datetime


class RnoceLogin(_Form):
    """« Authentification à l'espace privé »: e-mail and password (no second factor in RNOCE)."""

    email: str = Field(max_length=254)
    password: str = Field(max_length=256)


class ForgotPassword(_Form):
    email: Email


class Notice(BaseModel):
    message: str
