"""RNOCE private space: sign-up, the e-mailed links that create or reset the password, sign-in.

Users, links, sessions and lockout are the accounts service's; this module adds the
RNOCE rules (guide RNOCE, section II) and the e-mails. Every function takes the
database session and keyword arguments only; each one a route calls is one unit of
work and commits it (routes never commit).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.accounts import service as accounts
from api.accounts.models import LinkPurpose, OneTimeLink, SessionRead, User, UserCreate
from api.config import Settings
from api.database import as_utc, utcnow
from api.errors import ApiError, Unauthorized
from api.notifications import service as notifications
from api.notifications.service import Delivery
from api.rnoce import texts
from api.rnoce.models import SignUp

REALM = "rnoce"
# The page the e-mailed links open (api/rnoce/pages.py).
PASSWORD_PAGE = "/rnoce/mot-de-passe"
# « Mot de passe oublié ? » sends at most one e-mail per account in this time, so the
# form cannot be used to flood somebody's mailbox.
RESET_COOLDOWN = timedelta(seconds=60)
_PURPOSES: tuple[LinkPurpose, ...] = ("confirm_email", "reset_password")


@dataclass(frozen=True)
class SignUpOutcome:
    user: User
    delivery: Delivery
    link_expires_at: datetime


def link_url(*, settings: Settings, token: str) -> str:
    base = (settings.public_base_url or settings.public_url).rstrip("/")
    return f"{base}{PASSWORD_PAGE}?{urlencode({'token': token})}"


def get_user(*, db: Session, email: str) -> User | None:
    return accounts.get_by_login(db=db, realm=REALM, login=email)


def sign_up(
    *, db: Session, settings: Settings, form: SignUp, client: str | None = None
) -> SignUpOutcome:
    """Creates the account without a password, and e-mails the link that creates it.

    An e-mail already used (whatever its case) is refused, as the guide says. One client
    address gets `signups_per_client_hour` tries (429 `too_many_requests` past that).
    """
    if client:
        accounts.count_request(
            db=db,
            key=f"signup:client:{client}",
            limit=settings.signups_per_client_hour,
            window=timedelta(hours=1),
        )
    email = accounts.normalize_login(form.email)
    user_in = UserCreate(
        realm=REALM,
        login=email,
        email=email,
        display_name=form.raison_sociale,
        role="operator",
        organisation=form.raison_sociale,
        address=form.adresse,
        phone=form.telephone,
    )
    try:
        user = accounts.create(db=db, user_in=user_in)
    except IntegrityError:  # the same e-mail signed up at the same moment
        db.rollback()
        raise ApiError("email_already_used", status_code=409) from None
    ttl = timedelta(hours=settings.confirm_link_ttl_hours)
    token = accounts.issue_link(db=db, user=user, purpose="confirm_email", ttl=ttl)
    expires_at = utcnow() + ttl
    mail = texts.confirmation_email(
        link=link_url(settings=settings, token=token),
        hours=settings.confirm_link_ttl_hours,
        expires_at=expires_at,
    )
    outbox = notifications.record(db=db, to=user.email, subject=mail.subject, body=mail.body)
    # The account, the link and the e-mail together: an e-mail never describes an account
    # that was not saved. Then it is delivered (a refusal is kept for a later try).
    db.commit()
    delivery = notifications.deliver(db=db, settings=settings, email=outbox)
    return SignUpOutcome(user=user, delivery=delivery, link_expires_at=expires_at)


def inspect_link(*, db: Session, token: str) -> tuple[User, LinkPurpose, datetime]:
    """The RNOCE user a link is for, what it is for and when it expires; raises link_invalid
    (unknown, used, replaced) or link_expired."""
    row = accounts.find_link(db=db, token=token)
    if row is None or row.purpose not in _PURPOSES:
        raise ApiError("link_invalid", status_code=410)
    purpose: LinkPurpose = row.purpose
    user = accounts.peek_link(db=db, token=token, purpose=purpose)
    if user.realm != REALM or not user.is_active:
        raise ApiError("link_invalid", status_code=410)
    return user, purpose, as_utc(row.expires_at)


def set_password(*, db: Session, token: str, password: str, confirmation: str) -> User:
    """Creates or resets the password with an e-mailed link, which then stops working.

    The link came by e-mail, so the address is confirmed too. Every open session ends,
    and a lockout on the account is lifted (the guide's way out of one is this link).
    """
    user, purpose, _ = inspect_link(db=db, token=token)
    # Checked before the link is used up, so a refused password leaves it usable.
    accounts.check_new_password(realm=REALM, password=password, confirmation=confirmation)
    accounts.consume_link(db=db, token=token, purpose=purpose)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    accounts.set_password(db=db, user=user, password=password)
    accounts.clear_failures(db=db, key=accounts.account_keys(user=user, client=None)[0])
    db.commit()
    return user


def log_in(
    *, db: Session, settings: Settings, email: str, password: str, client: str | None
) -> SessionRead:
    """E-mail and password. An account whose address is not confirmed has no password yet,
    so it gets the same answer as a wrong password."""
    user = accounts.start_login(
        db=db, settings=settings, realm=REALM, login=email, password=password, client=client
    )
    if user.email_confirmed_at is None:
        db.rollback()
        raise Unauthorized("invalid_credentials")
    accounts.clear_failures(db=db, key=accounts.account_keys(user=user, client=client)[0])
    session = accounts.issue_session(db=db, settings=settings, user=user)
    db.commit()
    return session


def _recently_sent(*, db: Session, user: User) -> bool:
    since = utcnow() - RESET_COOLDOWN
    return (
        db.scalar(
            select(OneTimeLink.token_hash)
            .where(
                OneTimeLink.user_id == user.id,
                OneTimeLink.purpose == "reset_password",
                OneTimeLink.created_at > since,
            )
            .limit(1)
        )
        is not None
    )


def request_reset(*, db: Session, settings: Settings, email: str) -> str | None:
    """« Mot de passe oublié ? »: records a reset e-mail for an existing account and returns
    its outbox id, for delivery after the response (so its timing says nothing); None when
    there is no such account, or one was sent a moment ago."""
    user = get_user(db=db, email=email)
    if user is None or not user.is_active or _recently_sent(db=db, user=user):
        return None
    ttl = timedelta(minutes=settings.reset_link_ttl_minutes)
    token = accounts.issue_link(db=db, user=user, purpose="reset_password", ttl=ttl)
    mail = texts.reset_email(
        link=link_url(settings=settings, token=token),
        minutes=settings.reset_link_ttl_minutes,
        expires_at=utcnow() + ttl,
    )
    outbox = notifications.record(db=db, to=user.email, subject=mail.subject, body=mail.body)
    db.commit()
    return outbox.id
