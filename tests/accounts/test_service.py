"""One test group per function of api.accounts.service, on SQLite and PostgreSQL."""

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from api.accounts import service, totp
from api.accounts.models import AccessToken, OneTimeLink, User, UserCreate
from api.config import Settings
from api.database import utcnow
from api.errors import ApiError
from tests.accounts.conftest import PASSWORD


def enrol(db: Session, user: User) -> str:
    user.totp_secret = totp.new_secret()
    db.commit()
    return user.totp_secret


def error_code(excinfo: pytest.ExceptionInfo[ApiError]) -> tuple[str, int]:
    return excinfo.value.code, excinfo.value.status_code


# ---------------------------------------------------------------- create / get_by_login


def test_create_normalizes_login_and_refuses_a_duplicate(db: Session, user: User) -> None:
    assert user.login == "op.test"
    assert user.password_hash and user.password_hash.startswith("$argon2id$")
    with pytest.raises(ApiError) as excinfo:
        service.create(
            db=db, user_in=UserCreate(login="OP.TEST", email="x@example.ma", display_name="X")
        )
    assert error_code(excinfo) == ("email_already_used", 409)


def test_get_by_login_accepts_identifier_or_email(db: Session, user: User) -> None:
    assert service.get_by_login(db=db, realm="portnet", login=" OP.test ") is user
    assert service.get_by_login(db=db, realm="portnet", login="Op.Test@Example.ma") is user
    assert service.get_by_login(db=db, realm="rnoce", login="op.test") is None


# ---------------------------------------------------------------- start_login / lockout


def test_start_login_gives_one_error_for_unknown_login_and_wrong_password(
    db: Session, settings: Settings, user: User
) -> None:
    codes = []
    for login, password in [("op.test", "wrong"), ("nobody", PASSWORD)]:
        with pytest.raises(ApiError) as excinfo:
            service.start_login(
                db=db,
                settings=settings,
                realm="portnet",
                login=login,
                password=password,
                client=None,
            )
        codes.append(error_code(excinfo))
    assert codes == [("invalid_credentials", 401)] * 2


@pytest.mark.parametrize("login", ["op.test", "nobody.at.all"])
def test_repeated_failures_lock_the_login_even_an_unknown_one(
    db: Session, settings: Settings, user: User, login: str
) -> None:
    for _ in range(settings.login_max_failures):
        with pytest.raises(ApiError):
            service.start_login(
                db=db,
                settings=settings,
                realm="portnet",
                login=login,
                password="wrong",
                client=None,
            )
    with pytest.raises(ApiError) as excinfo:
        service.start_login(
            db=db, settings=settings, realm="portnet", login=login, password=PASSWORD, client=None
        )
    assert error_code(excinfo) == ("too_many_attempts", 429)
    assert excinfo.value.params["minutes"] == settings.lockout_minutes


def test_lockout_ends_after_its_time(db: Session, settings: Settings, user: User) -> None:
    for _ in range(settings.login_max_failures):
        with pytest.raises(ApiError):
            service.start_login(
                db=db,
                settings=settings,
                realm="portnet",
                login="op.test",
                password="x",
                client=None,
            )
    from api.accounts.models import LoginThrottle

    db.execute(update(LoginThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))
    db.commit()
    assert (
        service.start_login(
            db=db,
            settings=settings,
            realm="portnet",
            login="op.test",
            password=PASSWORD,
            client=None,
        )
        is user
    )


def test_a_client_address_is_locked_across_logins(
    db: Session, settings: Settings, user: User
) -> None:
    tight = settings.model_copy(update={"login_client_max_failures": 2, "login_max_failures": 99})
    for login in ("a", "b"):
        with pytest.raises(ApiError):
            service.start_login(
                db=db, settings=tight, realm="portnet", login=login, password="x", client="10.0.0.9"
            )
    with pytest.raises(ApiError) as excinfo:
        service.start_login(
            db=db,
            settings=tight,
            realm="portnet",
            login="op.test",
            password=PASSWORD,
            client="10.0.0.9",
        )
    assert error_code(excinfo) == ("too_many_attempts", 429)


# ---------------------------------------------------------------- challenge / finish_login


def test_enrolled_user_is_asked_for_a_code(db: Session, settings: Settings, user: User) -> None:
    enrol(db, user)
    challenge = service.challenge(db=db, settings=settings, user=user)
    assert challenge.mfa == "verify" and challenge.enrolment is None


def test_user_without_mfa_enrols_then_signs_in(db: Session, settings: Settings, user: User) -> None:
    challenge = service.challenge(db=db, settings=settings, user=user)
    assert challenge.mfa == "enrol" and challenge.enrolment is not None
    assert challenge.enrolment.qr_code.startswith("data:image/png;base64,")
    code = pyotp.TOTP(challenge.enrolment.secret).now()

    session = service.finish_login(
        db=db, settings=settings, mfa_token=challenge.mfa_token, code=code, client=None
    )

    assert session.user.mfa_enrolled
    assert user.totp_secret == challenge.enrolment.secret and user.totp_pending_secret is None
    assert service.user_for_token(db=db, token=session.access_token) is user


def test_finish_login_refuses_a_wrong_code_then_a_replayed_one(
    db: Session, settings: Settings, user: User
) -> None:
    secret = enrol(db, user)
    first = service.challenge(db=db, settings=settings, user=user)
    db.commit()  # as begin_login does: a refused code rolls back the attempt, not the challenge
    with pytest.raises(ApiError) as excinfo:
        service.finish_login(
            db=db, settings=settings, mfa_token=first.mfa_token, code="000000", client=None
        )
    assert error_code(excinfo) == ("invalid_code", 401)

    code = pyotp.TOTP(secret).now()
    service.finish_login(
        db=db, settings=settings, mfa_token=first.mfa_token, code=code, client=None
    )
    again = service.challenge(db=db, settings=settings, user=user)
    with pytest.raises(ApiError) as excinfo:
        service.finish_login(
            db=db, settings=settings, mfa_token=again.mfa_token, code=code, client=None
        )
    assert error_code(excinfo) == ("invalid_code", 401)


def test_mfa_token_works_once_and_expires(db: Session, settings: Settings, user: User) -> None:
    secret = enrol(db, user)
    challenge = service.challenge(db=db, settings=settings, user=user)
    service.finish_login(
        db=db,
        settings=settings,
        mfa_token=challenge.mfa_token,
        code=pyotp.TOTP(secret).now(),
        client=None,
    )
    with pytest.raises(ApiError) as excinfo:
        service.finish_login(
            db=db, settings=settings, mfa_token=challenge.mfa_token, code="123456", client=None
        )
    assert error_code(excinfo) == ("mfa_session_expired", 401)

    late = service.challenge(db=db, settings=settings, user=user)
    db.execute(update(AccessToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    with pytest.raises(ApiError) as excinfo:
        service.finish_login(
            db=db, settings=settings, mfa_token=late.mfa_token, code="123456", client=None
        )
    assert error_code(excinfo) == ("mfa_session_expired", 401)


def test_a_session_token_is_not_an_mfa_token(db: Session, settings: Settings, user: User) -> None:
    session = service.issue_session(db=db, settings=settings, user=user)
    assert service.user_for_token(db=db, token=session.access_token, purpose="mfa") is None


# ---------------------------------------------------------------- tokens


def test_revoked_and_expired_tokens_stop_working(
    db: Session, settings: Settings, user: User
) -> None:
    revoked = service.issue_session(db=db, settings=settings, user=user).access_token
    expired = service.issue_session(db=db, settings=settings, user=user).access_token
    service.revoke_token(db=db, token=revoked)
    db.execute(
        update(AccessToken)
        .where(AccessToken.token_hash == service._digest(expired))
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    assert service.user_for_token(db=db, token=revoked) is None
    assert service.user_for_token(db=db, token=expired) is None
    assert service.user_for_token(db=db, token="never-issued") is None


def test_tokens_are_stored_hashed(db: Session, settings: Settings, user: User) -> None:
    token = service.issue_session(db=db, settings=settings, user=user).access_token
    stored = db.query(AccessToken.token_hash).all()
    assert all(token not in row.token_hash for row in stored)


def test_disabled_user_tokens_stop_working(db: Session, settings: Settings, user: User) -> None:
    token = service.issue_session(db=db, settings=settings, user=user).access_token
    user.is_active = False
    assert service.user_for_token(db=db, token=token) is None


# ---------------------------------------------------------------- change_password


@pytest.mark.parametrize(
    ("current", "new", "confirmation", "expected"),
    [
        ("wrong", "N3w-Passw0rd!", "N3w-Passw0rd!", "wrong_password"),
        (PASSWORD, "short1!", "short1!", "weak_password"),
        (PASSWORD, "N3w-Passw0rd!", "N3w-Passw0rd?", "password_mismatch"),
        (PASSWORD, PASSWORD, PASSWORD, "same_password"),
    ],
)
def test_change_password_refusals(
    db: Session,
    settings: Settings,
    user: User,
    current: str,
    new: str,
    confirmation: str,
    expected: str,
) -> None:
    with pytest.raises(ApiError) as excinfo:
        service.change_password(
            db=db,
            settings=settings,
            user=user,
            current_password=current,
            new_password=new,
            confirmation=confirmation,
            keep_token=None,
            client=None,
        )
    assert error_code(excinfo) == (expected, 422)


def test_change_password_keeps_this_session_and_ends_the_others(
    db: Session, settings: Settings, user: User
) -> None:
    mine = service.issue_session(db=db, settings=settings, user=user).access_token
    other = service.issue_session(db=db, settings=settings, user=user).access_token
    service.change_password(
        db=db,
        settings=settings,
        user=user,
        current_password=PASSWORD,
        new_password="N3w-Passw0rd!",
        confirmation="N3w-Passw0rd!",
        keep_token=mine,
        client=None,
    )
    assert service.user_for_token(db=db, token=mine) is user
    assert service.user_for_token(db=db, token=other) is None
    assert (
        service.start_login(
            db=db,
            settings=settings,
            realm="portnet",
            login="op.test",
            password="N3w-Passw0rd!",
            client=None,
        )
        is user
    )


def test_weak_password_error_lists_every_missing_rule(
    db: Session, settings: Settings, user: User
) -> None:
    with pytest.raises(ApiError) as excinfo:
        service.check_new_password(realm="portnet", password="abcdefgh", confirmation="abcdefgh")
    assert list(excinfo.value.params["missing"].rules) == ["upper", "digit", "special"]


# ---------------------------------------------------------------- MFA reset


def test_mfa_reset_needs_the_password_and_keeps_the_old_secret_until_confirmed(
    db: Session, settings: Settings, user: User
) -> None:
    old = enrol(db, user)
    with pytest.raises(ApiError) as excinfo:
        service.start_mfa_reset(db=db, settings=settings, user=user, password="wrong", client=None)
    assert error_code(excinfo) == ("wrong_password", 422)

    enrolment = service.start_mfa_reset(
        db=db, settings=settings, user=user, password=PASSWORD, client=None
    )
    assert user.totp_secret == old and user.totp_pending_secret == enrolment.secret
    with pytest.raises(ApiError):
        service.confirm_mfa_reset(
            db=db, settings=settings, user=user, code=pyotp.TOTP(old).now(), client=None
        )
    service.confirm_mfa_reset(
        db=db, settings=settings, user=user, code=pyotp.TOTP(enrolment.secret).now(), client=None
    )
    assert user.totp_secret == enrolment.secret and user.totp_pending_secret is None


def test_confirm_without_a_reset_in_progress(db: Session, settings: Settings, user: User) -> None:
    with pytest.raises(ApiError) as excinfo:
        service.confirm_mfa_reset(db=db, settings=settings, user=user, code="123456", client=None)
    assert error_code(excinfo) == ("no_pending_mfa", 409)


# ---------------------------------------------------------------- one-time links


def test_link_works_once(db: Session, user: User) -> None:
    token = service.issue_link(db=db, user=user, purpose="reset_password", ttl=timedelta(hours=1))
    assert service.consume_link(db=db, token=token, purpose="reset_password") is user
    with pytest.raises(ApiError) as excinfo:
        service.consume_link(db=db, token=token, purpose="reset_password")
    assert error_code(excinfo) == ("link_invalid", 410)


def test_expired_link_is_refused(db: Session, user: User) -> None:
    token = service.issue_link(db=db, user=user, purpose="confirm_email", ttl=timedelta(hours=1))
    db.execute(update(OneTimeLink).values(expires_at=utcnow() - timedelta(seconds=1)))
    with pytest.raises(ApiError) as excinfo:
        service.peek_link(db=db, token=token, purpose="confirm_email")
    assert error_code(excinfo) == ("link_expired", 410)


def test_a_new_link_replaces_the_previous_one(db: Session, user: User) -> None:
    first = service.issue_link(db=db, user=user, purpose="reset_password", ttl=timedelta(hours=1))
    second = service.issue_link(db=db, user=user, purpose="reset_password", ttl=timedelta(hours=1))
    with pytest.raises(ApiError):
        service.peek_link(db=db, token=first, purpose="reset_password")
    with pytest.raises(ApiError):
        service.peek_link(db=db, token=second, purpose="confirm_email")
    assert service.peek_link(db=db, token=second, purpose="reset_password") is user


def test_count_request_refuses_past_the_limit_until_the_window_ends(db: Session) -> None:
    from api.accounts.models import LoginThrottle

    window = timedelta(hours=1)
    for _ in range(3):
        service.count_request(db=db, key="signup:client:10.0.0.7", limit=3, window=window)
    with pytest.raises(ApiError) as excinfo:
        service.count_request(db=db, key="signup:client:10.0.0.7", limit=3, window=window)
    assert error_code(excinfo) == ("too_many_requests", 429)
    assert excinfo.value.params["minutes"] == 60
    # Another address has its own quota.
    service.count_request(db=db, key="signup:client:10.0.0.8", limit=3, window=window)
    # The hour is over: counting starts again.
    db.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key == "signup:client:10.0.0.7")
        .values(first_failure_at=utcnow() - window - timedelta(seconds=1))
    )
    db.commit()
    service.count_request(db=db, key="signup:client:10.0.0.7", limit=3, window=window)
