"""Accounts: users, sign-in with TOTP, sessions, one-time links and lockout.

Every function takes the database session and keyword arguments only.

Transactions: a function a route calls (`begin_login`, `finish_login`, `sign_out`,
`change_password`, `start_mfa_reset`, `confirm_mfa_reset`) is one unit of work and
commits it; the building blocks other services compose (`create`, `start_login`,
`issue_link`, `consume_link`, `issue_session`…) only flush, and their caller commits.
A refused attempt is the exception: `_guard` rolls back what the attempt did and
commits the failure alone, since it must count although the request ends in an error.
"""

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from api.accounts import passwords, totp
from api.accounts.models import (
    AccessToken,
    Enrolment,
    LinkPurpose,
    LoginChallenge,
    LoginThrottle,
    OneTimeLink,
    SessionRead,
    TokenPurpose,
    User,
    UserCreate,
    UserRead,
)
from api.accounts.texts import MissingRules
from api.config import Settings
from api.database import as_utc, utcnow
from api.errors import ApiError, NotFound, Unauthorized


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_login(login: str) -> str:
    return login.strip().lower()


# ---------------------------------------------------------------- users


def get(*, db: Session, user_id: str) -> User | None:
    return db.get(User, user_id)


def get_or_raise(*, db: Session, user_id: str) -> User:
    user = get(db=db, user_id=user_id)
    if user is None:
        raise NotFound("not_found")
    return user


def get_by_login(*, db: Session, realm: str, login: str) -> User | None:
    """A Portnet ID user signs in with the identifier or the e-mail address."""
    login = normalize_login(login)
    return db.scalar(
        select(User)
        .where(User.realm == realm, or_(User.login == login, User.email == login))
        .order_by((User.login == login).desc())
        .limit(1)
    )


def create(*, db: Session, user_in: UserCreate) -> User:
    if get_by_login(db=db, realm=user_in.realm, login=user_in.login) is not None:
        raise ApiError("email_already_used", status_code=409)
    fields = user_in.model_dump(exclude={"password", "login", "email"})
    user = User(
        login=normalize_login(user_in.login),
        email=normalize_login(user_in.email),
        password_hash=passwords.hash_password(user_in.password) if user_in.password else None,
        **fields,
    )
    db.add(user)
    db.flush()
    return user


def to_read(user: User) -> UserRead:
    return UserRead.model_validate(user)


def set_password(*, db: Session, user: User, password: str) -> None:
    user.password_hash = passwords.hash_password(password)
    revoke_all(db=db, user=user)


# ---------------------------------------------------------------- tokens


def issue_token(
    *, db: Session, user: User, purpose: TokenPurpose, ttl: timedelta
) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(32)
    expires_at = utcnow() + ttl
    db.add(
        AccessToken(
            token_hash=_digest(token), user_id=user.id, purpose=purpose, expires_at=expires_at
        )
    )
    db.flush()
    return token, expires_at


def _live_token(*, db: Session, token: str, purpose: TokenPurpose) -> AccessToken | None:
    row = db.get(AccessToken, _digest(token))
    if row is None or row.purpose != purpose or row.revoked_at is not None:
        return None
    if as_utc(row.expires_at) <= utcnow():
        return None
    return row


def user_for_token(*, db: Session, token: str, purpose: TokenPurpose = "session") -> User | None:
    """The active user a live token belongs to, else None (expired, revoked, unknown)."""
    row = _live_token(db=db, token=token, purpose=purpose)
    if row is None:
        return None
    user = db.get(User, row.user_id)
    return user if user is not None and user.is_active else None


def revoke_token(*, db: Session, token: str) -> bool:
    """Ends a token; True if this call ended it. A conditional update: of two requests
    racing with the same token, one only gets True."""
    ended = db.execute(
        update(AccessToken)
        .where(AccessToken.token_hash == _digest(token), AccessToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return ended.rowcount == 1  # type: ignore[attr-defined]


def sign_out(*, db: Session, token: str) -> None:
    revoke_token(db=db, token=token)
    db.commit()


def revoke_all(*, db: Session, user: User, keep_token: str | None = None) -> None:
    """Every session of the user ends (password changed), except the one making the change."""
    statement = update(AccessToken).where(
        AccessToken.user_id == user.id, AccessToken.revoked_at.is_(None)
    )
    if keep_token:
        statement = statement.where(AccessToken.token_hash != _digest(keep_token))
    db.execute(statement.values(revoked_at=utcnow()))


def is_signed_in(*, db: Session, user: User) -> bool:
    """The user is active and holds a live session token somewhere (not signed out,
    not expired, not revoked by a password change)."""
    if not user.is_active:
        return False
    expires = db.scalars(
        select(AccessToken.expires_at).where(
            AccessToken.user_id == user.id,
            AccessToken.purpose == "session",
            AccessToken.revoked_at.is_(None),
        )
    )
    now = utcnow()
    return any(as_utc(moment) > now for moment in expires)


# ---------------------------------------------------------------- lockout


def throttle_keys(*, realm: str, login: str, user: User | None, client: str | None) -> list[str]:
    """The counters one attempt counts under: the account's (whatever name it was
    addressed by: identifier or e-mail), or the name typed when no account has it (so a
    lockout says nothing of which names exist); then the client address's."""
    keys = [f"account:{user.id}" if user is not None else f"login:{realm}:{normalize_login(login)}"]
    if client:
        keys.append(f"client:{client}")
    return keys


def account_keys(*, user: User, client: str | None) -> list[str]:
    return throttle_keys(realm=user.realm, login=user.login, user=user, client=client)


def _limit_for(key: str, settings: Settings) -> int:
    return (
        settings.login_client_max_failures
        if key.startswith("client:")
        else settings.login_max_failures
    )


def ensure_not_locked(*, db: Session, keys: list[str], settings: Settings) -> None:
    now = utcnow()
    for row in db.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys))):
        locked_until = as_utc(row.locked_until)
        if locked_until is not None and locked_until > now:
            minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
            raise ApiError("too_many_attempts", status_code=429, minutes=minutes)


def _counter(
    *, db: Session, key: str, now: datetime, window: timedelta
) -> tuple[LoginThrottle, datetime]:
    """The row counting under `key`, locked for this transaction and started afresh when
    its window is over; and when the current window began.

    Insert-if-missing then SELECT … FOR UPDATE: two requests counting at once under the
    same key neither collide on the insert nor lose one of the two counts (on SQLite the
    insert already holds the database's write lock)."""
    dialect = db.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        db.execute(
            insert(LoginThrottle)
            .values(key=key, failures=0)
            .on_conflict_do_nothing(index_elements=["key"])
        )
    elif db.get(LoginThrottle, key) is None:
        db.add(LoginThrottle(key=key, failures=0))
        db.flush()
    row = db.scalars(
        select(LoginThrottle)
        .where(LoginThrottle.key == key)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    first = as_utc(row.first_failure_at)
    if first is None or now - first > window:
        row.failures, row.first_failure_at, row.locked_until, first = 0, now, None, now
    return row, first


def record_failure(*, db: Session, keys: list[str], settings: Settings) -> None:
    """Counts one failure under each key and commits (only call it in a clean transaction)."""
    now = utcnow()
    window = timedelta(minutes=settings.login_failure_window_minutes)
    for key in keys:
        row, _ = _counter(db=db, key=key, now=now, window=window)
        row.failures += 1
        if row.failures >= _limit_for(key, settings):
            row.locked_until = now + timedelta(minutes=settings.lockout_minutes)
            row.failures, row.first_failure_at = 0, None
    db.commit()


def _guard(
    *,
    db: Session,
    settings: Settings,
    keys: list[str],
    passed: Callable[[], bool],
    refusal: ApiError,
) -> None:
    """The lockout around every check of a secret (password or code), in one place: refused
    while a key is locked; a failed check rolls back what the attempt did, counts one
    failure under every key (committed), and raises `refusal`."""
    ensure_not_locked(db=db, keys=keys, settings=settings)
    if not passed():
        db.rollback()
        record_failure(db=db, keys=keys, settings=settings)
        raise refusal


def count_request(*, db: Session, key: str, limit: int, window: timedelta) -> None:
    """Counts one request under `key` (a quota, not a failure); past `limit` within
    `window`, raises 429 `too_many_requests` saying when the window ends. Commits the
    count alone, at once: it stands whatever becomes of the request (call it first)."""
    now = utcnow()
    row, first = _counter(db=db, key=key, now=now, window=window)
    if row.failures >= limit:
        db.rollback()
        minutes = max(1, int((first + window - now).total_seconds() // 60) + 1)
        raise ApiError("too_many_requests", status_code=429, minutes=minutes)
    row.failures += 1
    db.commit()


def clear_failures(*, db: Session, key: str) -> None:
    db.execute(delete(LoginThrottle).where(LoginThrottle.key == key))


# ---------------------------------------------------------------- Portnet ID sign-in


def _enrolment(*, user: User) -> Enrolment:
    secret = user.totp_pending_secret
    assert secret is not None
    uri = totp.provisioning_uri(secret=secret, account=user.email or user.login)
    return Enrolment(secret=secret, provisioning_uri=uri, qr_code=totp.qr_code_data_uri(uri))


def start_login(
    *, db: Session, settings: Settings, realm: str, login: str, password: str, client: str | None
) -> User:
    """Checks the password; one error for an unknown login and a wrong password alike."""
    user = get_by_login(db=db, realm=realm, login=login)
    hash_ = user.password_hash if user is not None and user.is_active else None
    _guard(
        db=db,
        settings=settings,
        keys=throttle_keys(realm=realm, login=login, user=user, client=client),
        passed=lambda: passwords.verify_password(password, hash_),
        refusal=Unauthorized("invalid_credentials"),
    )
    assert user is not None and user.password_hash is not None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def challenge(*, db: Session, settings: Settings, user: User) -> LoginChallenge:
    """After the password: verify a code, or enrol an authenticator first."""
    mfa_token, expires_at = issue_token(
        db=db, user=user, purpose="mfa", ttl=timedelta(minutes=settings.mfa_ttl_minutes)
    )
    if user.totp_secret is not None:
        return LoginChallenge(mfa_token=mfa_token, mfa="verify", expires_at=expires_at)
    if user.totp_pending_secret is None:
        user.totp_pending_secret = totp.new_secret()
    return LoginChallenge(
        mfa_token=mfa_token, mfa="enrol", expires_at=expires_at, enrolment=_enrolment(user=user)
    )


def begin_login(
    *, db: Session, settings: Settings, realm: str, login: str, password: str, client: str | None
) -> LoginChallenge:
    """`POST /auth/login`: the password, then the TOTP challenge. Commits."""
    user = start_login(
        db=db, settings=settings, realm=realm, login=login, password=password, client=client
    )
    challenge_ = challenge(db=db, settings=settings, user=user)
    db.commit()
    return challenge_


def _accept_code(*, db: Session, user: User, code: str, at: float | None = None) -> bool:
    """Checks a code against the active secret, or the one being enrolled, once only."""
    if user.totp_secret is None:
        return _confirm_pending(db=db, user=user, code=code, at=at)
    step = totp.matching_step(
        secret=user.totp_secret, code=code, last_used_step=user.totp_last_step, at=at
    )
    if step is None:
        return False
    # "A code works once" holds under concurrency: the step is taken by a conditional
    # update, not read then written, so of requests racing with one code, one wins (the
    # others' update matches no row once the winner's is in; PostgreSQL re-checks the
    # condition after waiting for the winner's row lock, SQLite runs writers one by one).
    taken = db.execute(
        update(User)
        .where(
            User.id == user.id,
            User.totp_secret == user.totp_secret,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def _confirm_pending(*, db: Session, user: User, code: str, at: float | None = None) -> bool:
    pending = user.totp_pending_secret
    if pending is None:
        return False
    step = totp.matching_step(secret=pending, code=code, last_used_step=None, at=at)
    if step is None:
        return False
    # Conditional like _accept_code: one confirmation per pending secret.
    confirmed = db.execute(
        update(User)
        .where(User.id == user.id, User.totp_pending_secret == pending)
        .values(totp_secret=pending, totp_pending_secret=None, totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if confirmed.rowcount != 1:  # type: ignore[attr-defined]
        return False
    set_committed_value(user, "totp_secret", pending)
    set_committed_value(user, "totp_pending_secret", None)
    set_committed_value(user, "totp_last_step", step)
    return True


def issue_session(*, db: Session, settings: Settings, user: User) -> SessionRead:
    token, expires_at = issue_token(
        db=db, user=user, purpose="session", ttl=timedelta(minutes=settings.session_ttl_minutes)
    )
    return SessionRead(access_token=token, expires_at=expires_at, user=to_read(user))


def finish_login(
    *,
    db: Session,
    settings: Settings,
    mfa_token: str,
    code: str,
    client: str | None,
    at: float | None = None,
) -> SessionRead:
    """`POST /auth/mfa`: the code ends the sign-in with a session. Commits."""
    user = user_for_token(db=db, token=mfa_token, purpose="mfa")
    if user is None:
        raise Unauthorized("mfa_session_expired")
    keys = account_keys(user=user, client=client)
    # The MFA token is used up first, conditionally (one request per token): a wrong code
    # rolls that back with the rest of the attempt, so the token stays usable.
    if not revoke_token(db=db, token=mfa_token):
        raise Unauthorized("mfa_session_expired")
    _guard(
        db=db,
        settings=settings,
        keys=keys,
        passed=lambda: _accept_code(db=db, user=user, code=code, at=at),
        refusal=Unauthorized("invalid_code"),
    )
    clear_failures(db=db, key=keys[0])
    session = issue_session(db=db, settings=settings, user=user)
    db.commit()
    return session


# ---------------------------------------------------------------- profile


def change_password(
    *,
    db: Session,
    settings: Settings,
    user: User,
    current_password: str,
    new_password: str,
    confirmation: str,
    keep_token: str | None,
    client: str | None,
) -> None:
    """Commits."""
    _guard(
        db=db,
        settings=settings,
        keys=account_keys(user=user, client=client),
        passed=lambda: passwords.verify_password(current_password, user.password_hash),
        refusal=ApiError("wrong_password", status_code=422),
    )
    check_new_password(realm=user.realm, password=new_password, confirmation=confirmation)
    if passwords.verify_password(new_password, user.password_hash):
        raise ApiError("same_password", status_code=422)
    user.password_hash = passwords.hash_password(new_password)
    revoke_all(db=db, user=user, keep_token=keep_token)
    db.commit()


def check_new_password(*, realm: str, password: str, confirmation: str) -> None:
    if realm == "rnoce":
        if not passwords.is_valid_rnoce_password(password):
            raise ApiError("weak_rnoce_password", status_code=422)
    else:
        missing = passwords.missing_portnet_rules(password)
        if missing:
            raise ApiError("weak_password", status_code=422, missing=MissingRules(missing))
        if passwords.is_common_password(password):
            raise ApiError("common_password", status_code=422)
    if password != confirmation:
        raise ApiError("password_mismatch", status_code=422)


def start_mfa_reset(
    *, db: Session, settings: Settings, user: User, password: str, client: str | None
) -> Enrolment:
    """ "Réinitialiser MFA": after the password again, a new secret to enrol. Commits.

    The current secret keeps working until a code from the new one confirms it.
    """
    _guard(
        db=db,
        settings=settings,
        keys=account_keys(user=user, client=client),
        passed=lambda: passwords.verify_password(password, user.password_hash),
        refusal=ApiError("wrong_password", status_code=422),
    )
    user.totp_pending_secret = totp.new_secret()
    enrolment = _enrolment(user=user)
    db.commit()
    return enrolment


def confirm_mfa_reset(
    *, db: Session, settings: Settings, user: User, code: str, client: str | None
) -> None:
    """Commits."""
    if user.totp_pending_secret is None:
        raise ApiError("no_pending_mfa", status_code=409)
    _guard(
        db=db,
        settings=settings,
        keys=account_keys(user=user, client=client),
        passed=lambda: _confirm_pending(db=db, user=user, code=code),
        refusal=ApiError("invalid_code", status_code=422),
    )
    db.commit()


# ---------------------------------------------------------------- one-time links


def issue_link(*, db: Session, user: User, purpose: LinkPurpose, ttl: timedelta) -> str:
    """A new link replaces the user's earlier unused ones for the same purpose."""
    now = utcnow()
    db.execute(
        update(OneTimeLink)
        .where(
            OneTimeLink.user_id == user.id,
            OneTimeLink.purpose == purpose,
            OneTimeLink.used_at.is_(None),
        )
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    db.add(
        OneTimeLink(
            token_hash=_digest(token), user_id=user.id, purpose=purpose, expires_at=now + ttl
        )
    )
    db.flush()
    return token


def peek_link(*, db: Session, token: str, purpose: LinkPurpose) -> User:
    """The user a link is for, if it can still be used (raises link_invalid / link_expired)."""
    row = db.get(OneTimeLink, _digest(token))
    if row is None or row.purpose != purpose or row.used_at is not None:
        raise ApiError("link_invalid", status_code=410)
    if as_utc(row.expires_at) <= utcnow():
        raise ApiError("link_expired", status_code=410)
    return get_or_raise(db=db, user_id=row.user_id)


def consume_link(*, db: Session, token: str, purpose: LinkPurpose) -> User:
    user = peek_link(db=db, token=token, purpose=purpose)
    # Conditional update: of two requests racing with the same link, one wins.
    used = db.execute(
        update(OneTimeLink)
        .where(OneTimeLink.token_hash == _digest(token), OneTimeLink.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if used.rowcount != 1:  # type: ignore[attr-defined]
        raise ApiError("link_invalid", status_code=410)
    return user


def find_link(*, db: Session, token: str) -> OneTimeLink | None:
    """The stored link a token is for, whatever its state (the RNOCE form asks what it is for)."""
    return db.get(OneTimeLink, _digest(token))
