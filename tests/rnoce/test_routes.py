"""The RNOCE private space API (guide RNOCE, section II), on SQLite and PostgreSQL."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from api.accounts import service as accounts
from api.accounts.models import OneTimeLink, UserCreate
from api.database import utcnow
from api.notifications.models import OutboxEmail
from tests.notifications.conftest import SmtpSink
from tests.rnoce.conftest import PASSWORD, link_token, login, outbox_of, signup_form

EMAIL = "contact@societe-demo.ma"
INVALID_CREDENTIALS = {
    "error": {"code": "invalid_credentials", "message": "Identifiant ou mot de passe incorrect."}
}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_sign_up_create_password_log_in_and_out(
    client: TestClient, last_link: Callable[[str], str]
) -> None:
    response = client.post("/api/v1/rnoce/signup", json=signup_form(EMAIL))
    assert response.status_code == 201
    result = response.json()
    assert result["email"] == EMAIL and result["email_sent"] is True
    assert EMAIL in result["message"] and "48 heures" in result["message"]

    [mail] = outbox_of(client.app, EMAIL)
    assert "créez votre mot de passe" in mail.subject
    assert "/rnoce/mot-de-passe?token=" in mail.body and "48" in mail.body
    token = link_token(mail.body)

    check = client.post("/api/v1/rnoce/links/check", json={"token": token})
    assert check.status_code == 200
    assert check.json()["purpose"] == "confirm_email" and check.json()["email"] == EMAIL

    # No password yet: signing in fails like a wrong password.
    assert login(client, EMAIL).json() == INVALID_CREDENTIALS

    done = client.post(
        "/api/v1/rnoce/password",
        json={"token": token, "password": PASSWORD, "confirmation": PASSWORD},
    )
    assert done.status_code == 200 and "mot de passe est enregistré" in done.json()["message"]

    session = login(client, EMAIL.upper())
    assert session.status_code == 200
    user = session.json()["user"]
    assert (user["realm"], user["role"], user["login"], user["organisation"]) == (
        "rnoce",
        "operator",
        EMAIL,
        "Société Démo Négoce SARL",
    )
    token = session.json()["access_token"]
    assert client.get("/api/v1/auth/me", headers=bearer(token)).json()["email"] == EMAIL

    assert client.post("/api/v1/auth/logout", headers=bearer(token)).status_code == 204
    after = client.get("/api/v1/auth/me", headers=bearer(token))
    assert after.status_code == 401 and after.json()["error"]["code"] == "invalid_token"


# Table-driven, one database per table: each case is a request against the same account.
ALREADY_USED = [
    # (e-mail typed again, body lang, headers, message)
    ("CONTACT@Societe-Demo.MA", None, {"Accept-Language": "fr"}, "Cet e-mail est déjà utilisé"),
    ("  contact@societe-demo.ma ", "ar", {}, "هذا البريد الإلكتروني مستعمل من قبل"),
    (
        "Contact@societe-demo.ma",
        None,
        {"Accept-Language": "ar,fr;q=0.5"},
        "هذا البريد الإلكتروني مستعمل من قبل",
    ),
    ("contact@SOCIETE-DEMO.ma", "en", {"Accept-Language": "fr"}, "This e-mail is already used"),
]

FIELD_ERRORS = [
    # (field, value, code, lang, message)
    ("email", "contact@societe", "rnoce_invalid_email", "fr", "Adresse e-mail invalide"),
    ("email", "pas-une-adresse", "rnoce_invalid_email", "ar", "البريد الإلكتروني غير صالح"),
    ("telephone", "0612", "rnoce_invalid_phone", "fr", "8 à 15 chiffres"),
    ("telephone", "06 12 ab 34 56", "rnoce_invalid_phone", "en", "8 to 15 digits"),
    ("telephone", "+212 6 12 34 56 78 90 12 34", "rnoce_invalid_phone", "fr", "8 à 15 chiffres"),
    ("raison_sociale", "   ", "rnoce_invalid_raison_sociale", "fr", "raison sociale"),
    ("raison_sociale", "S" * 201, "rnoce_invalid_raison_sociale", "fr", "200 caractères"),
    ("adresse", "", "rnoce_invalid_adresse", "en", "registered office"),
]

PASSWORD_RULES = [
    # (password, confirmation, code, lang, message)
    ("abc", "abc", "weak_rnoce_password", "fr", "au moins 4 caractères"),
    ("", "", "weak_rnoce_password", "fr", "au moins 4 caractères"),
    ("abc-123", "abc-123", "weak_rnoce_password", "en", "letters and digits only"),
    ("motdepasse é", "motdepasse é", "weak_rnoce_password", "ar", "4 أحرف على الأقل"),
    ("abcd1", "abcd2", "password_mismatch", "fr", "La confirmation ne correspond pas"),
]


def test_email_already_used(client: TestClient) -> None:
    assert client.post("/api/v1/rnoce/signup", json=signup_form(EMAIL)).status_code == 201
    for again, lang, headers, expected in ALREADY_USED:
        body = {
            **signup_form(again, raison_sociale="Autre Société"),
            **({"lang": lang} if lang else {}),
        }
        response = client.post("/api/v1/rnoce/signup", json=body, headers=headers)
        assert response.status_code == 409, again
        assert response.json()["error"]["code"] == "email_already_used"
        assert expected in response.json()["error"]["message"], (again, lang, headers)
    assert len(outbox_of(client.app, EMAIL)) == 1


def test_sign_ups_from_one_address_are_limited(client: TestClient) -> None:
    limit = client.app.state.settings.signups_per_client_hour
    for n in range(limit):
        response = client.post("/api/v1/rnoce/signup", json=signup_form(f"societe{n}@exemple.ma"))
        assert response.status_code == 201, response.json()
    response = client.post(
        "/api/v1/rnoce/signup",
        json={**signup_form("une-de-trop@exemple.ma"), "lang": "fr"},
    )
    assert response.status_code == 429
    assert response.json()["error"] == {
        "code": "too_many_requests",
        "message": "Trop de demandes depuis votre connexion. Réessayez dans 60 minutes.",
    }
    # Refused before anything happened: no account, no e-mail.
    assert outbox_of(client.app, "une-de-trop@exemple.ma") == []
    with client.app.state.session_factory() as db:
        assert accounts.get_by_login(db=db, realm="rnoce", login="une-de-trop@exemple.ma") is None


def test_sign_up_field_errors(client: TestClient) -> None:
    for field, value, code, lang, expected in FIELD_ERRORS:
        response = client.post(
            "/api/v1/rnoce/signup", json={**signup_form(EMAIL), field: value, "lang": lang}
        )
        assert response.status_code == 422, (field, value)
        assert response.json()["error"]["code"] == code, (field, value)
        assert expected in response.json()["error"]["message"], (field, value)
    assert outbox_of(client.app, EMAIL) == []


def test_password_rules(client: TestClient, last_link: Callable[[str], str]) -> None:
    client.post("/api/v1/rnoce/signup", json=signup_form(EMAIL))
    token = last_link(EMAIL)
    for password, confirmation, code, lang, expected in PASSWORD_RULES:
        body = {"token": token, "password": password, "confirmation": confirmation, "lang": lang}
        response = client.post("/api/v1/rnoce/password", json=body)
        assert response.status_code == 422, password
        assert response.json()["error"]["code"] == code, password
        assert expected in response.json()["error"]["message"], password
    # A refused password does not use the link up; 4 alphanumeric characters are enough.
    ok = {"token": token, "password": "ab12", "confirmation": "ab12"}
    assert client.post("/api/v1/rnoce/password", json=ok).status_code == 200
    assert login(client, EMAIL, "ab12").status_code == 200


def test_link_works_once(client: TestClient, last_link: Callable[[str], str]) -> None:
    client.post("/api/v1/rnoce/signup", json=signup_form(EMAIL))
    body = {"token": last_link(EMAIL), "password": PASSWORD, "confirmation": PASSWORD}
    assert client.post("/api/v1/rnoce/password", json=body).status_code == 200
    again = client.post(
        "/api/v1/rnoce/password", json={**body, "password": "autre1", "confirmation": "autre1"}
    )
    assert again.status_code == 410 and again.json()["error"]["code"] == "link_invalid"
    check = client.post("/api/v1/rnoce/links/check", json={"token": body["token"]})
    assert check.status_code == 410 and check.json()["error"]["code"] == "link_invalid"
    assert login(client, EMAIL).status_code == 200  # the first password stands


def test_expired_link(client: TestClient, last_link: Callable[[str], str]) -> None:
    client.post("/api/v1/rnoce/signup", json=signup_form(EMAIL))
    token = last_link(EMAIL)
    with client.app.state.session_factory() as db:
        db.execute(update(OneTimeLink).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.commit()
    check = client.post(
        "/api/v1/rnoce/links/check", json={"token": token}, headers={"Accept-Language": "ar"}
    )
    assert check.status_code == 410
    assert check.json()["error"] == {
        "code": "link_expired",
        "message": "انتهت صلاحية هذا الرابط. اطلب رابطًا جديدًا.",
    }
    body = {"token": token, "password": PASSWORD, "confirmation": PASSWORD}
    response = client.post("/api/v1/rnoce/password", json=body)
    assert response.status_code == 410 and response.json()["error"]["code"] == "link_expired"


@pytest.mark.parametrize("token", ["unknown-token", "x" * 200])
def test_unknown_link(client: TestClient, token: str) -> None:
    response = client.post("/api/v1/rnoce/links/check", json={"token": token})
    assert response.status_code == 410 and response.json()["error"]["code"] == "link_invalid"


def test_forgot_password_answers_the_same_for_unknown_and_known(
    client: TestClient, signed_up: Callable[..., str]
) -> None:
    signed_up(EMAIL)
    answers = [
        client.post("/api/v1/rnoce/forgot-password", json={"email": email, "lang": "ar"})
        for email in (EMAIL, "inconnu@societe-demo.ma")
    ]
    assert [a.status_code for a in answers] == [202, 202]
    assert answers[0].json() == answers[1].json()
    assert "60" in answers[0].json()["message"]
    assert outbox_of(client.app, "inconnu@societe-demo.ma") == []
    reset = outbox_of(client.app, EMAIL)[0]
    assert "réinitialisation" in reset.subject and "60 minutes" in reset.body


def test_reset_link_sets_a_new_password_and_ends_sessions(
    client: TestClient, signed_up: Callable[..., str], last_link: Callable[[str], str]
) -> None:
    signed_up(EMAIL)
    old_session = login(client, EMAIL).json()["access_token"]
    client.post("/api/v1/rnoce/forgot-password", json={"email": EMAIL.upper()})
    token = last_link(EMAIL)
    check = client.post("/api/v1/rnoce/links/check", json={"token": token})
    assert check.json()["purpose"] == "reset_password"

    body = {"token": token, "password": "Nouveau2027", "confirmation": "Nouveau2027"}
    assert client.post("/api/v1/rnoce/password", json=body).status_code == 200
    assert client.get("/api/v1/auth/me", headers=bearer(old_session)).status_code == 401
    assert login(client, EMAIL).json() == INVALID_CREDENTIALS
    assert login(client, EMAIL, "Nouveau2027").status_code == 200


def test_forgot_password_sends_one_email_a_minute(
    client: TestClient, signed_up: Callable[..., str]
) -> None:
    signed_up(EMAIL)
    first = client.post("/api/v1/rnoce/forgot-password", json={"email": EMAIL})
    second = client.post("/api/v1/rnoce/forgot-password", json={"email": EMAIL})
    assert first.json() == second.json()
    assert len(outbox_of(client.app, EMAIL)) == 2  # the sign-up e-mail and one reset e-mail


def test_lockout_reveals_nothing_and_the_reset_link_lifts_it(
    client: TestClient, signed_up: Callable[..., str], last_link: Callable[[str], str]
) -> None:
    signed_up(EMAIL)
    limit = client.app.state.settings.login_max_failures
    for _ in range(limit):
        unknown = login(client, "inconnu@societe-demo.ma", "mauvais")
        wrong = login(client, EMAIL, "mauvais")
        assert (
            (unknown.status_code, unknown.json())
            == (wrong.status_code, wrong.json())
            == (401, INVALID_CREDENTIALS)
        )
    for email in (EMAIL, "inconnu@societe-demo.ma"):
        locked = login(client, email, PASSWORD, **{"Accept-Language": "en"})
        assert locked.status_code == 429
        assert locked.json()["error"]["code"] == "too_many_attempts"
        assert "Too many sign-in attempts" in locked.json()["error"]["message"]

    client.post("/api/v1/rnoce/forgot-password", json={"email": EMAIL})
    body = {"token": last_link(EMAIL), "password": "Debloque1", "confirmation": "Debloque1"}
    assert client.post("/api/v1/rnoce/password", json=body).status_code == 200
    assert login(client, EMAIL, "Debloque1").status_code == 200


def test_realms_are_separate(client: TestClient) -> None:
    """A Portnet ID account with the same e-mail is another account: RNOCE ignores it."""
    with client.app.state.session_factory() as db:
        accounts.create(
            db=db,
            user_in=UserCreate(
                login="op.portnet", email=EMAIL, display_name="Op", password="Portnet-Demo-2026!"
            ),
        )
        db.commit()
    assert login(client, EMAIL, "Portnet-Demo-2026!").json() == INVALID_CREDENTIALS
    assert client.post("/api/v1/rnoce/signup", json=signup_form(EMAIL)).status_code == 201


def test_smtp_delivers_the_links(client: TestClient, smtp_server: SmtpSink) -> None:
    settings = client.app.state.settings
    settings.smtp_url, settings.public_base_url = smtp_server.url, "https://rnoce.portnet.example/"
    assert client.post("/api/v1/rnoce/signup", json=signup_form(EMAIL)).json()["email_sent"] is True

    [mail] = smtp_server.messages
    assert mail.envelope_to == [EMAIL] and mail.message["To"] == EMAIL
    assert (
        mail.message["Subject"]
        == "RNOCE : créez votre mot de passe | إنشاء كلمة المرور | Create your password"
    )
    assert "https://rnoce.portnet.example/rnoce/mot-de-passe?token=" in mail.text
    assert "مرحبًا" in mail.text and "48" in mail.text
    token = link_token(mail.text)
    page = client.get(f"/rnoce/mot-de-passe?token={token}")
    assert page.status_code == 200 and 'data-rnoce="password"' in page.text
    body = {"token": token, "password": PASSWORD, "confirmation": PASSWORD}
    assert client.post("/api/v1/rnoce/password", json=body).status_code == 200

    assert client.post("/api/v1/rnoce/forgot-password", json={"email": EMAIL}).status_code == 202
    assert len(smtp_server.messages) == 2
    assert "Password reset" in smtp_server.messages[1].message["Subject"]
    [reset, signup] = outbox_of(client.app, EMAIL)
    assert reset.sent_at is not None and signup.sent_at is not None


def test_smtp_down_still_answers_and_keeps_the_email(
    client: TestClient, dead_smtp_url: str
) -> None:
    client.app.state.settings.smtp_url = dead_smtp_url
    response = client.post("/api/v1/rnoce/signup", json=signup_form(EMAIL))
    assert response.status_code == 201
    assert response.json()["email_sent"] is False
    assert "Mot de passe oublié ?" in response.json()["message"]
    [mail] = outbox_of(client.app, EMAIL)
    assert mail.sent_at is None and mail.error and "/rnoce/mot-de-passe?token=" in mail.body
    # The account exists: the same e-mail is refused; « Mot de passe oublié ? » answers as usual.
    assert client.post("/api/v1/rnoce/signup", json=signup_form(EMAIL)).status_code == 409
    assert client.post("/api/v1/rnoce/forgot-password", json={"email": EMAIL}).status_code == 202
    with client.app.state.session_factory() as db:
        assert db.query(OutboxEmail).filter(OutboxEmail.error.is_not(None)).count() == 2
