"""The sign-up form's rules: the e-mail is the login (lower-cased), a Moroccan-style phone."""

import pytest
from pydantic import ValidationError

from api.rnoce.models import ForgotPassword, SignUp

FORM = {"raison_sociale": "Société Démo", "adresse": "Rabat", "email": "contact@societe-demo.ma"}


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("0522000000", "0522000000"),
        ("05 22 00 00 00", "05 22 00 00 00"),
        ("  06  61 00 00 00 ", "06 61 00 00 00"),
        ("+212 5 22 00 00 00", "+212 5 22 00 00 00"),
        ("+212522000000", "+212522000000"),
        ("0522-00-00-00", "0522-00-00-00"),
        ("00212522000000", "00212522000000"),
    ],
)
def test_phone_accepted(typed: str, kept: str) -> None:
    assert SignUp(**FORM, telephone=typed).telephone == kept


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "0522",
        "1234567",
        "0" * 16,
        "05 22 ab 00 00",
        "++212522000000",
        "0522+000000",
        "+ 212522000000",
        "(0522) 000000",
    ],
)
def test_phone_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        SignUp(**FORM, telephone=typed)
    assert refused.value.errors()[0]["loc"] == ("telephone",)


@pytest.mark.parametrize(
    ("typed", "login"),
    [
        ("Contact@Societe-Demo.MA", "contact@societe-demo.ma"),
        ("  contact@societe-demo.ma  ", "contact@societe-demo.ma"),
    ],
)
def test_email_is_lower_cased(typed: str, login: str) -> None:
    assert SignUp(**{**FORM, "email": typed}, telephone="0522000000").email == login
    assert ForgotPassword(email=typed).email == login


@pytest.mark.parametrize(
    "typed",
    [
        "contact",
        "contact@",
        "@societe.ma",
        "contact@societe",
        "a b@societe.ma",
        "x" * 250 + "@s.ma",
    ],
)
def test_email_refused(typed: str) -> None:
    with pytest.raises(ValidationError):
        ForgotPassword(email=typed)
