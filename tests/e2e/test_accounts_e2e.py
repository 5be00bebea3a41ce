"""Personal questions through the real Rasa, action server, API and database:
anonymous users are asked to sign in; signed-in users are known by name, in the
conversation they started anonymously."""

import secrets

import httpx
import pyotp
import pytest

from api.accounts.seed import DEMO_PASSWORD, seed
from api.database import make_engine, make_session_factory
from tests.e2e.conftest import RunningTijaria

pytestmark = pytest.mark.e2e

SESSION = "e2e-personal"
# This client's conversation key, as a browser keeps the core's cookie: the proof that the
# anonymous conversation it then signs in during is its own (api/deps.py).
KEY = {"X-Conversation-Key": secrets.token_urlsafe(32)}


@pytest.fixture(scope="module")
def operator_token(tijaria: RunningTijaria) -> str:
    """The seeded demo operator, signed in through Portnet ID with a TOTP code."""
    engine = make_engine(tijaria.settings.database_url)
    with make_session_factory(engine)() as db:
        created = {s.user.login: s.user.totp_secret for s in seed(db=db)}
        db.commit()
    engine.dispose()
    challenge = httpx.post(
        f"{tijaria.api_url}/api/v1/auth/login",
        json={"login": "demo.operateur", "password": DEMO_PASSWORD},
    ).json()
    session = httpx.post(
        f"{tijaria.api_url}/api/v1/auth/mfa",
        json={
            "mfa_token": challenge["mfa_token"],
            "code": pyotp.TOTP(created["demo.operateur"]).now(),
        },
    )
    assert session.status_code == 200, session.text
    return session.json()["access_token"]


def ask(
    tijaria: RunningTijaria, message: str, token: str | None = None, lang: str | None = None
) -> dict:
    response = httpx.post(
        f"{tijaria.api_url}/api/v1/chat",
        json={"session_id": SESSION, "message": message, "portal": "pmpce", "lang": lang},
        headers={**KEY, "Authorization": f"Bearer {token}"} if token else KEY,
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_anonymous_user_is_asked_to_sign_in(tijaria: RunningTijaria) -> None:
    reply = ask(tijaria, "où en est ma réclamation ?")

    [message] = reply["messages"]
    assert "Connectez-vous" in message["text"]
    assert message["buttons"] == [{"title": "Se connecter", "payload": "/request_login"}]


def test_after_signing_in_the_same_conversation_knows_the_user(
    tijaria: RunningTijaria, operator_token: str
) -> None:
    reply = ask(tijaria, "où en est ma réclamation ?", token=operator_token)

    # The operator's claims as the core finds them for the conversation's owner.
    text = " ".join(m["text"] for m in reply["messages"])
    assert text and "Connectez-vous" not in text, text
    assert all(b["payload"] != "/request_login" for m in reply["messages"] for b in m["buttons"])
    history = httpx.get(
        f"{tijaria.api_url}/api/v1/conversations/{SESSION}/messages",
        headers={"Authorization": f"Bearer {operator_token}"},
    ).json()["messages"]
    assert [m["sender"] for m in history] == ["user", "bot", "user", "bot"]


def test_the_sign_in_payload_from_another_client_gets_directions(
    tijaria: RunningTijaria, operator_token: str
) -> None:
    reply = ask(tijaria, "/request_login", token=operator_token)

    assert "Se connecter" in reply["messages"][0]["text"]


def test_an_english_question_about_my_claim(tijaria: RunningTijaria, operator_token: str) -> None:
    reply = ask(tijaria, "what is the status of my claim?", token=operator_token)

    assert reply["lang"] == "en"
    text = " ".join(m["text"] for m in reply["messages"])
    assert text and "sign in" not in text.lower(), text
