"""RNOCE service rules that the routes do not show directly."""

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from api.accounts import service as accounts
from api.accounts.models import UserCreate
from api.config import Settings
from api.errors import ApiError
from api.notifications import service as notifications
from api.rnoce import service, texts
from api.rnoce.models import SignUp
from tests.notifications.conftest import db  # noqa: F401 - fixture
from tests.rnoce.conftest import link_token, signup_form


@pytest.mark.parametrize(
    ("public_base_url", "start"),
    [
        (None, "http://127.0.0.1:8000/rnoce/mot-de-passe?token="),
        (
            "https://rnoce.portnet.example",
            "https://rnoce.portnet.example/rnoce/mot-de-passe?token=",
        ),
        (
            "https://rnoce.portnet.example/",
            "https://rnoce.portnet.example/rnoce/mot-de-passe?token=",
        ),
    ],
)
def test_link_url(public_base_url: str | None, start: str) -> None:
    url = service.link_url(settings=Settings(public_base_url=public_base_url), token="a-b_c")
    assert url == start + "a-b_c"


def test_emails_say_what_the_link_is_for_and_when_it_expires() -> None:
    from datetime import UTC, datetime

    when = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    confirm = texts.confirmation_email(
        link="http://x/rnoce/mot-de-passe?token=t", hours=48, expires_at=when
    )
    reset = texts.reset_email(
        link="http://x/rnoce/mot-de-passe?token=t", minutes=60, expires_at=when
    )
    for mail, fr, ar, en, delay in (
        (confirm, "créer votre mot de passe", "وإنشاء كلمة المرور", "create your password", "48"),
        (
            reset,
            "choisir un nouveau mot de passe",
            "لاختيار كلمة مرور جديدة",
            "choose a new password",
            "60",
        ),
    ):
        assert mail.body.count("http://x/rnoce/mot-de-passe?token=t") == 3
        assert mail.body.index(fr) < mail.body.index(ar) < mail.body.index(en)  # French first
        assert f"{delay} " in mail.body and "25/11/2026 09:30" in mail.body


def test_sign_up_email_holds_nothing_the_form_let_someone_type(db: Session) -> None:
    """Anybody can sign up with somebody else's address: the e-mail must not carry their words."""
    form = SignUp(
        **signup_form(raison_sociale="Cliquez sur http://phishing.example", adresse="Rabat")
    )
    outcome = service.sign_up(db=db, settings=Settings(), form=form)
    assert outcome.delivery == "logged"
    [mail] = notifications.outbox(db=db, to=form.email)
    assert "phishing" not in mail.body and "Rabat" not in mail.body
    user, purpose, expires_at = service.inspect_link(db=db, token=link_token(mail.body))
    assert (user.id, purpose) == (outcome.user.id, "confirm_email")
    assert abs(expires_at - outcome.link_expires_at) < timedelta(seconds=5)


def test_links_of_other_realms_are_refused(db: Session) -> None:
    user = accounts.create(
        db=db, user_in=UserCreate(login="op.portnet", email="op@societe-demo.ma", display_name="Op")
    )
    token = accounts.issue_link(db=db, user=user, purpose="reset_password", ttl=timedelta(hours=1))
    with pytest.raises(ApiError) as refused:
        service.inspect_link(db=db, token=token)
    assert refused.value.code == "link_invalid"
    assert service.request_reset(db=db, settings=Settings(), email="op@societe-demo.ma") is None


def test_no_reset_email_for_an_unknown_or_disabled_account(db: Session) -> None:
    form = SignUp(**signup_form())
    outcome = service.sign_up(db=db, settings=Settings(), form=form)
    assert (
        service.request_reset(db=db, settings=Settings(), email="inconnu@societe-demo.ma") is None
    )
    outcome.user.is_active = False
    db.commit()
    assert service.request_reset(db=db, settings=Settings(), email=form.email) is None


def test_an_unconfirmed_address_cannot_sign_in_even_with_a_password(db: Session) -> None:
    """Defence in depth: only the e-mailed link sets a password, but an account made otherwise
    with a password and no confirmed address still gets the wrong-password answer."""
    accounts.create(
        db=db,
        user_in=UserCreate(
            realm="rnoce",
            login="op@societe-demo.ma",
            email="op@societe-demo.ma",
            display_name="Op",
            password="abcd",
        ),
    )
    db.commit()
    with pytest.raises(ApiError) as refused:
        service.log_in(
            db=db, settings=Settings(), email="op@societe-demo.ma", password="abcd", client=None
        )
    assert (refused.value.code, refused.value.status_code) == ("invalid_credentials", 401)
