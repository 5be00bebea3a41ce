"""Portnet ID over HTTP: sign in with TOTP, sign out, password and MFA reset, localized errors."""

import pyotp
import pytest
from fastapi.testclient import TestClient

from tests.api.accounts_helpers import PASSWORD, create_user, sign_in
from tests.api.conftest import ScriptedRasa


def test_sign_in_with_password_then_code(client: TestClient) -> None:
    secret = create_user(client, "op.a")

    challenge = client.post("/api/v1/auth/login", json={"login": "OP.A", "password": PASSWORD})
    assert challenge.status_code == 200
    assert challenge.json()["mfa"] == "verify" and challenge.json()["enrolment"] is None
    session = client.post(
        "/api/v1/auth/mfa",
        json={"mfa_token": challenge.json()["mfa_token"], "code": pyotp.TOTP(secret).now()},
    )

    assert session.status_code == 200
    body = session.json()
    assert body["token_type"] == "bearer"
    assert body["user"]["login"] == "op.a" and body["user"]["role"] == "operator"
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["display_name"] == "Name of op.a"


def test_first_sign_in_enrols_with_a_qr_code(client: TestClient) -> None:
    create_user(client, "op.new", enrolled=False)

    challenge = client.post(
        "/api/v1/auth/login", json={"login": "op.new", "password": PASSWORD}
    ).json()

    assert challenge["mfa"] == "enrol"
    enrolment = challenge["enrolment"]
    assert enrolment["provisioning_uri"].startswith("otpauth://totp/PORTNET:")
    assert enrolment["qr_code"].startswith("data:image/png;base64,")
    session = client.post(
        "/api/v1/auth/mfa",
        json={"mfa_token": challenge["mfa_token"], "code": pyotp.TOTP(enrolment["secret"]).now()},
    )
    assert session.status_code == 200 and session.json()["user"]["mfa_enrolled"] is True


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "Identifiant ou mot de passe incorrect."),
        ("ar", "اسم المستخدم أو كلمة المرور غير صحيحة."),
    ],
)
def test_unknown_user_and_wrong_password_get_the_same_localized_error(
    client: TestClient, lang: str, expected: str
) -> None:
    create_user(client, "op.a")
    answers = [
        client.post(
            "/api/v1/auth/login",
            json={"login": login, "password": password},
            headers={"Accept-Language": lang},
        )
        for login, password in [("op.a", "wrong"), ("nobody", PASSWORD)]
    ]
    assert [a.status_code for a in answers] == [401, 401]
    assert [a.json() for a in answers] == [
        {"error": {"code": "invalid_credentials", "message": expected}}
    ] * 2


def test_lockout_after_repeated_failures(client: TestClient) -> None:
    create_user(client, "op.a")
    limit = client.app.state.settings.login_max_failures  # type: ignore[attr-defined]
    for _ in range(limit):
        assert (
            client.post("/api/v1/auth/login", json={"login": "op.a", "password": "x"}).status_code
            == 401
        )

    locked = client.post("/api/v1/auth/login", json={"login": "op.a", "password": PASSWORD})

    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "too_many_attempts"
    assert "15 minutes" in locked.json()["error"]["message"]


@pytest.mark.parametrize(
    ("locked_by", "tried_with"),
    [("op.a", "op.a@example.ma"), ("op.a@example.ma", "OP.A"), ("op.a", "op.a")],
)
def test_a_locked_account_is_locked_whatever_name_it_is_addressed_by(
    client: TestClient, locked_by: str, tried_with: str
) -> None:
    """Issue 12 item 4: with the identifier locked, the e-mail still told a right password
    from a wrong one. Failures count per account, whichever name was typed."""
    create_user(client, "op.a")
    limit = client.app.state.settings.login_max_failures  # type: ignore[attr-defined]
    for _ in range(limit):
        client.post("/api/v1/auth/login", json={"login": locked_by, "password": "x"})

    answers = [
        client.post("/api/v1/auth/login", json={"login": tried_with, "password": password})
        for password in ("wrong", PASSWORD)
    ]

    assert [(a.status_code, a.json()["error"]["code"]) for a in answers] == [
        (429, "too_many_attempts")
    ] * 2


def test_failures_under_both_names_add_up_to_one_lockout(client: TestClient) -> None:
    create_user(client, "op.a")
    limit = client.app.state.settings.login_max_failures  # type: ignore[attr-defined]
    names = ["op.a", "op.a@example.ma"]
    for attempt in range(limit):
        client.post("/api/v1/auth/login", json={"login": names[attempt % 2], "password": "x"})

    locked = client.post("/api/v1/auth/login", json={"login": "op.a", "password": PASSWORD})

    assert locked.status_code == 429


def test_wrong_and_replayed_codes_are_refused(client: TestClient) -> None:
    secret = create_user(client, "op.a")
    code = pyotp.TOTP(secret).now()
    first = client.post("/api/v1/auth/login", json={"login": "op.a", "password": PASSWORD}).json()
    wrong = client.post(
        "/api/v1/auth/mfa", json={"mfa_token": first["mfa_token"], "code": "000000"}
    )
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_code"
    assert (
        client.post(
            "/api/v1/auth/mfa", json={"mfa_token": first["mfa_token"], "code": code}
        ).status_code
        == 200
    )

    again = client.post("/api/v1/auth/login", json={"login": "op.a", "password": PASSWORD}).json()
    replay = client.post("/api/v1/auth/mfa", json={"mfa_token": again["mfa_token"], "code": code})
    assert replay.status_code == 401 and replay.json()["error"]["code"] == "invalid_code"


def test_logout_revokes_the_token(client: TestClient) -> None:
    user = sign_in(client, "op.a")
    assert client.post("/api/v1/auth/logout", headers=user.headers).status_code == 204

    after = client.get("/api/v1/auth/me", headers=user.headers)

    assert after.status_code == 401 and after.json()["error"]["code"] == "invalid_token"


@pytest.mark.parametrize("header", ["Bearer nonsense", "Basic abc", "Bearer "])
def test_bad_tokens_are_refused(client: TestClient, header: str) -> None:
    response = client.get("/api/v1/auth/me", headers={"Authorization": header})
    assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_token"


def test_me_without_a_token(client: TestClient) -> None:
    response = client.get("/api/v1/auth/me", headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert response.json()["error"] == {
        "code": "not_authenticated",
        "message": "Sign in to see this.",
    }


def test_change_password_names_what_is_missing(client: TestClient) -> None:
    user = sign_in(client, "op.a")

    weak = client.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "abcdefgh", "confirmation": "abcdefgh"},
        headers=user.headers,
    )

    assert weak.status_code == 422
    assert weak.json()["error"]["message"] == (
        "Mot de passe trop faible : il manque une lettre majuscule, un chiffre et un caractère "
        "spécial (par exemple ! ? @ # -)."
    )
    ok = client.post(
        "/api/v1/auth/password",
        json={
            "current_password": PASSWORD,
            "new_password": "N3w-Passw0rd!",
            "confirmation": "N3w-Passw0rd!",
        },
        headers=user.headers,
    )
    assert ok.status_code == 204
    assert (
        client.post(
            "/api/v1/auth/login", json={"login": "op.a", "password": "N3w-Passw0rd!"}
        ).status_code
        == 200
    )


def test_mfa_reset_after_reauthentication(client: TestClient) -> None:
    user = sign_in(client, "op.a")
    wrong = client.post("/api/v1/auth/mfa/reset", json={"password": "x"}, headers=user.headers)
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "wrong_password"

    enrolment = client.post(
        "/api/v1/auth/mfa/reset", json={"password": PASSWORD}, headers=user.headers
    ).json()
    confirm = client.post(
        "/api/v1/auth/mfa/reset/confirm",
        json={"code": pyotp.TOTP(enrolment["secret"]).now()},
        headers=user.headers,
    )

    assert confirm.status_code == 204
    challenge = client.post(
        "/api/v1/auth/login", json={"login": "op.a", "password": PASSWORD}
    ).json()
    old_code = client.post(
        "/api/v1/auth/mfa",
        json={"mfa_token": challenge["mfa_token"], "code": pyotp.TOTP(user.secret).now()},
    )
    assert old_code.status_code == 401


def test_chat_tells_rasa_who_is_talking_but_never_the_token(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    user = sign_in(client, "op.a")

    client.post(
        "/api/v1/chat", json={"session_id": "s-a", "message": "bonjour"}, headers=user.headers
    )

    metadata = rasa.received[-1]["metadata"]
    assert metadata["user"] == {
        "role": "operator",
        "realm": "portnet",
        "display_name": "Name of op.a",
        "organisation": "Société Test",
    }
    assert user.token not in str(rasa.received)


def test_signing_in_mid_conversation_keeps_it(client: TestClient, rasa: ScriptedRasa) -> None:
    client.post("/api/v1/chat", json={"session_id": "s-a", "message": "où en est ma réclamation ?"})
    user = sign_in(client, "op.a")

    client.post(
        "/api/v1/chat",
        json={"session_id": "s-a", "message": "où en est ma réclamation ?"},
        headers=user.headers,
    )

    transcript = client.get("/api/v1/conversations/s-a/messages", headers=user.headers).json()
    assert [m["sender"] for m in transcript["messages"]] == ["user", "bot", "user", "bot"]
    # Now the user's: nobody else, not even the anonymous holder of the session id, reads it.
    assert client.get("/api/v1/conversations/s-a/messages").status_code == 404


def test_chat_with_an_expired_token_asks_to_sign_in_again(client: TestClient) -> None:
    user = sign_in(client, "op.a")
    client.post("/api/v1/auth/logout", headers=user.headers)

    response = client.post(
        "/api/v1/chat", json={"session_id": "s-a", "message": "bonjour"}, headers=user.headers
    )

    assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_token"
