"""E-mail: recorded in the outbox first, then delivered over SMTP when `TIJARIA_SMTP_URL` is set.

`TIJARIA_SMTP_URL` is `smtp://user:password@host:port` (add `?starttls=1` to upgrade the
connection), or `smtps://…` for TLS from the start; user and password are optional and
URL-encoded. Unset, nothing leaves the machine: the e-mail stays in the outbox and is
written to the log at INFO, so a person trying TijarIA locally can click its link.

A failed delivery never loses the e-mail: its outbox row keeps the error, and the
request that sent it goes on (it can say the e-mail did not leave). `retry_due` tries it
again later with a doubling delay (the core runs it in the background while SMTP is
configured, and `python -m api.notifications retry` runs it once by hand). Once an e-mail
has left, its body is emptied: its one-time link is the recipient's, not the table's.
"""

import logging
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any, Literal
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from api.config import Settings
from api.database import utcnow
from api.errors import ApiError
from api.notifications import texts  # noqa: F401 - registers this module's error messages
from api.notifications.models import OutboxEmail

logger = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 10.0
_ERROR_CHARS = 500
# While one process sends a due e-mail, others leave it alone for this long.
_CLAIM_SECONDS = 5 * 60
DELIVERED_BODY = "(delivered)"

# "sent": the SMTP server took it; "logged": no SMTP configured, it is in the outbox and
# the log; "failed": SMTP is configured but did not take it (the row says why).
Delivery = Literal["sent", "logged", "failed"]


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    tls: bool
    starttls: bool
    username: str | None = None
    password: str | None = None


def parse_smtp_url(url: str) -> SmtpTarget:
    """smtp://[user[:password]@]host[:port][?starttls=1] or smtps://…; raises ValueError."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError("TIJARIA_SMTP_URL must start with smtp:// or smtps://")
    if not parts.hostname:
        raise ValueError("TIJARIA_SMTP_URL has no host")
    tls = parts.scheme == "smtps"
    flag = parse_qs(parts.query).get("starttls", ["0"])[0].lower()
    return SmtpTarget(
        host=parts.hostname,
        port=parts.port or (465 if tls else 25),
        tls=tls,
        starttls=not tls and flag in ("1", "true", "yes", "on"),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def build_message(*, settings: Settings, email: OutboxEmail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Date"] = format_datetime(email.created_at or utcnow())
    # A domain of our own: make_msgid's default asks DNS for this host's name.
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "tijaria.invalid"
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(email.body)
    return message


def _smtp_send(target: SmtpTarget, message: EmailMessage) -> None:
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if target.tls:
        smtp = smtplib.SMTP_SSL(
            target.host, target.port, timeout=SMTP_TIMEOUT_SECONDS, context=context
        )
    else:
        smtp = smtplib.SMTP(target.host, target.port, timeout=SMTP_TIMEOUT_SECONDS)
    with smtp:
        if target.starttls:
            smtp.starttls(context=context)
        if target.username:
            smtp.login(target.username, target.password or "")
        smtp.send_message(message)


def record(*, db: Session, to: str, subject: str, body: str) -> OutboxEmail:
    """Adds the e-mail to the outbox (flushed, not committed): the caller commits it in the
    same unit of work as what it describes, so an e-mail never tells of something unsaved."""
    email = OutboxEmail(to=to, subject=subject, body=body, created_at=utcnow())
    db.add(email)
    db.flush()
    return email


# An e-mail recorded for delivery after the commit is due this soon for the retry loop, which
# sends it if nobody delivers it at once (the procedures engine commits without delivering).
DUE_SOON = timedelta(seconds=60)
_PENDING_KEY = "outbox_pending"


def record_for_delivery(*, db: Session, to: str, subject: str, body: str) -> OutboxEmail:
    """`record`, and remembered in the unit of work for `take_pending_ids` once committed."""
    email = record(db=db, to=to, subject=subject, body=body)
    email.next_attempt_at = utcnow() + DUE_SOON
    db.info.setdefault(_PENDING_KEY, []).append(email.id)
    return email


def take_pending_ids(db: Session) -> list[str]:
    """The e-mails recorded for delivery in this unit of work, for the route to deliver once
    committed."""
    return list(db.info.pop(_PENDING_KEY, []))


def next_attempt(*, settings: Settings, attempts: int, now: datetime) -> datetime | None:
    """When to try again after `attempts` failures; None once they are all spent."""
    if attempts >= settings.mail_max_attempts:
        return None
    return now + timedelta(seconds=settings.mail_retry_base_seconds * 2 ** (attempts - 1))


def deliver(
    *, db: Session, settings: Settings, email: OutboxEmail, now: datetime | None = None
) -> Delivery:
    """Sends an outbox e-mail over SMTP, or logs it when no SMTP is configured."""
    if not settings.smtp_url:
        logger.info(
            "e-mail kept in the outbox (no TIJARIA_SMTP_URL) to %s — %s\n%s",
            email.to,
            email.subject,
            email.body,
        )
        return "logged"
    now = now or utcnow()
    email.attempts = (email.attempts or 0) + 1
    try:
        _smtp_send(parse_smtp_url(settings.smtp_url), build_message(settings=settings, email=email))
    except Exception as exc:  # noqa: BLE001 - any failure is recorded, none loses the e-mail
        # The class and message only: never the URL, which may hold the SMTP password.
        email.error = f"{type(exc).__name__}: {exc}"[:_ERROR_CHARS]
        email.next_attempt_at = next_attempt(settings=settings, attempts=email.attempts, now=now)
        db.commit()
        if email.next_attempt_at is None:
            logger.error(
                "e-mail %s given up after %d attempts: %s", email.id, email.attempts, email.error
            )
        else:
            logger.error(
                "e-mail %s could not be sent (attempt %d, next at %s): %s",
                email.id,
                email.attempts,
                email.next_attempt_at.isoformat(timespec="seconds"),
                email.error,
            )
        return "failed"
    email.sent_at, email.error, email.next_attempt_at = utcnow(), None, None
    email.body = DELIVERED_BODY
    db.commit()
    logger.info("e-mail %s sent", email.id)
    return "sent"


def send_email(*, db: Session, settings: Settings, to: str, subject: str, body: str) -> Delivery:
    """Records the e-mail in the outbox and commits it (with the caller's unit of work),
    then delivers it."""
    email = record(db=db, to=to, subject=subject, body=body)
    db.commit()
    return deliver(db=db, settings=settings, email=email)


def deliver_by_id(
    *, session_factory: Callable[[], Session], settings: Settings, email_id: str
) -> Delivery | None:
    """For a background task, after the response: opens its own database session."""
    with session_factory() as db:
        email = db.get(OutboxEmail, email_id)
        if email is None or email.sent_at is not None:
            return None
        return deliver(db=db, settings=settings, email=email)


def _claim(*, db: Session, email: OutboxEmail, now: datetime) -> bool:
    """Moves a due e-mail's next attempt out of reach of other processes; False if one of
    them got there first."""
    claimed: CursorResult[Any] = db.execute(  # type: ignore[assignment]
        update(OutboxEmail)
        .where(OutboxEmail.id == email.id, OutboxEmail.next_attempt_at == email.next_attempt_at)
        .values(next_attempt_at=now + timedelta(seconds=_CLAIM_SECONDS))
        .execution_options(synchronize_session=False)
    )
    db.commit()
    return claimed.rowcount == 1


def retry_due(
    *,
    session_factory: Callable[[], Session],
    settings: Settings,
    now: datetime | None = None,
    limit: int = 20,
) -> list[Delivery]:
    """Tries again the e-mails whose next attempt is due; what happened to each."""
    if not settings.smtp_url:
        return []
    now = now or utcnow()
    results: list[Delivery] = []
    with session_factory() as db:
        due = db.scalars(
            select(OutboxEmail)
            .where(OutboxEmail.sent_at.is_(None), OutboxEmail.next_attempt_at <= now)
            .order_by(OutboxEmail.next_attempt_at)
            .limit(limit)
        ).all()
        for email in due:
            if _claim(db=db, email=email, now=now):
                db.refresh(email)
                results.append(deliver(db=db, settings=settings, email=email, now=now))
    return results


def get(*, db: Session, email_id: str) -> OutboxEmail | None:
    return db.get(OutboxEmail, email_id)


def get_or_raise(*, db: Session, email_id: str) -> OutboxEmail:
    email = get(db=db, email_id=email_id)
    if email is None:
        raise ApiError("email_not_found", status_code=404)
    return email


def outbox(
    *, db: Session, to: str | None = None, undelivered: bool = False, limit: int = 50
) -> list[OutboxEmail]:
    """The latest e-mails first, for one recipient or all, or only those not yet sent."""
    statement = (
        select(OutboxEmail).order_by(OutboxEmail.created_at.desc(), OutboxEmail.id).limit(limit)
    )
    if to is not None:
        statement = statement.where(OutboxEmail.to == to)
    if undelivered:
        statement = statement.where(OutboxEmail.sent_at.is_(None))
    return list(db.scalars(statement))
