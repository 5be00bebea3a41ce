"""The core is the only way in: Rasa and the action server refuse everyone else.

Issue 12, item 2, end to end on the real Rasa, action server, API and database:
- a local process posting to Rasa as a signed-in user's session (Rasa's REST
  channel, or the core's channel without the core's token) is refused, and that
  user's conversation, in Rasa and in the core, is left as it was;
- a forged call to the action server (a tracker claiming `user_role: operator`)
  is refused without Rasa's secret, and even with it the action answers as the
  core says: whoever owns the conversation now, nobody once signed out;
- the signed-in user's own question, through the core, is still answered by name.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest

from api.accounts import passwords, service, totp
from api.accounts.models import UserCreate
from api.database import make_engine, make_session_factory
from tests.e2e.conftest import RunningTijaria

pytestmark = pytest.mark.e2e

QUESTION = "où en est ma réclamation ?"
PASSWORD = "Str0ng-Passw0rd!"
NAME = "Opératrice Sécurité"


@dataclass
class SignedIn:
    session_id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def sign_in(tijaria: RunningTijaria, login: str) -> SignedIn:
    """A new operator, signed in through Portnet ID with a TOTP code."""
    engine = make_engine(tijaria.settings.database_url)
    with make_session_factory(engine)() as db:
        user = service.create(
            db=db,
            user_in=UserCreate(
                login=login,
                email=f"{login}@example.ma",
                display_name=NAME,
                role="operator",
                organisation="Société Test",
            ),
        )
        user.password_hash = passwords.hash_password(PASSWORD)
        user.totp_secret = secret = totp.new_secret()
        db.commit()
    engine.dispose()
    challenge = httpx.post(
        f"{tijaria.api_url}/api/v1/auth/login", json={"login": login, "password": PASSWORD}
    )
    assert challenge.status_code == 200, challenge.text
    session = httpx.post(
        f"{tijaria.api_url}/api/v1/auth/mfa",
        json={"mfa_token": challenge.json()["mfa_token"], "code": pyotp.TOTP(secret).now()},
    )
    assert session.status_code == 200, session.text
    return SignedIn(
        session_id="e2e-sec-" + login.replace(".", "-"), token=session.json()["access_token"]
    )


def ask_core(tijaria: RunningTijaria, user: SignedIn, message: str = QUESTION) -> str:
    response = httpx.post(
        f"{tijaria.api_url}/api/v1/chat",
        json={"session_id": user.session_id, "message": message, "portal": "pmpce"},
        headers=user.headers,
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return " ".join(m["text"] for m in response.json()["messages"])


def answered_as_owner(text: str) -> bool:
    """The reply to QUESTION for the signed-in owner: their claims, no sign-in request."""
    return bool(text) and "Connectez-vous" not in text


def sign_out(tijaria: RunningTijaria, user: SignedIn) -> None:
    response = httpx.post(f"{tijaria.api_url}/api/v1/auth/logout", headers=user.headers)
    assert response.status_code == 204, response.text


def rasa_events(tijaria: RunningTijaria, session_id: str) -> list[dict[str, Any]]:
    """Rasa's tracker for the session, read through its token-protected HTTP API."""
    response = httpx.get(
        f"{tijaria.settings.rasa_url}/conversations/{session_id}/tracker",
        params={"token": tijaria.settings.rasa_token},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()["events"]


def core_messages(tijaria: RunningTijaria, user: SignedIn) -> list[dict[str, Any]]:
    response = httpx.get(
        f"{tijaria.api_url}/api/v1/conversations/{user.session_id}/messages", headers=user.headers
    )
    assert response.status_code == 200, response.text
    return response.json()["messages"]


def forged_rasa_calls(tijaria: RunningTijaria, user: SignedIn) -> Iterator[httpx.Response]:
    """Every way a local process could try to talk to Rasa as the user."""
    body = {"sender": user.session_id, "message": QUESTION, "metadata": {"user": None}}
    rasa = tijaria.settings.rasa_url
    yield httpx.post(f"{rasa}/webhooks/rest/webhook", json=body, timeout=10)
    for headers in (
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": tijaria.settings.rasa_token},  # no scheme
        user.headers,  # the user's own sign-in token is not the core's
        {"Authorization": "Bearer " + tijaria.settings.rasa_token + "x"},
    ):
        yield httpx.post(f"{rasa}/webhooks/tijaria/webhook", json=body, headers=headers, timeout=10)
    # Rasa's HTTP API needs its --auth-token too.
    yield httpx.post(
        f"{rasa}/conversations/{user.session_id}/messages",
        json={"text": QUESTION, "sender": "user"},
        timeout=10,
    )
    yield httpx.get(f"{rasa}/conversations/{user.session_id}/tracker", timeout=10)


def action_call(session_id: str, *, slots: dict[str, Any]) -> dict[str, Any]:
    """What Rasa posts to the action server to run action_my_files, forged."""
    return {
        "next_action": "action_my_files",
        "sender_id": session_id,
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": session_id,
            "slots": {"language": "fr", "portal": "pmpce", **slots},
            "latest_message": {
                "text": QUESTION,
                "intent": {"name": "ask_my_files", "confidence": 1.0},
                "entities": [],
                "metadata": {"user": {"role": "operator", "display_name": "Faussaire"}},
            },
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
    }


FORGED_SLOTS = {"user_role": "operator", "user_display_name": "Faussaire"}


def post_action(tijaria: RunningTijaria, body: dict[str, Any], token: str | None) -> httpx.Response:
    return httpx.post(
        f"{tijaria.settings.action_server_url}/webhook",
        json=body,
        headers={"Authorization": f"Bearer {token}"} if token is not None else {},
        timeout=10,
    )


def responses(reply: httpx.Response) -> list[dict[str, Any]]:
    assert reply.status_code == 200, reply.text
    return reply.json()["responses"]


def test_secrets_are_not_on_any_command_line(tijaria: RunningTijaria) -> None:
    settings = tijaria.settings
    for name in ("rasa", "actions", "api"):
        pid = tijaria.process(name).pid
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        for secret in (settings.rasa_token, settings.internal_token, settings.action_server_token):
            assert secret not in cmdline, f"a secret is on {name}'s command line"


def test_forged_messages_to_rasa_are_refused_and_change_nothing(
    tijaria: RunningTijaria,
) -> None:
    user = sign_in(tijaria, "securite.rasa")
    assert answered_as_owner(ask_core(tijaria, user))
    before_rasa, before_core = rasa_events(tijaria, user.session_id), core_messages(tijaria, user)

    statuses = [r.status_code for r in forged_rasa_calls(tijaria, user)]

    assert statuses == [404, 401, 401, 401, 401, 401, 401, 401]
    assert rasa_events(tijaria, user.session_id) == before_rasa
    assert core_messages(tijaria, user) == before_core

    # Signed out, the session id is worth no more.
    sign_out(tijaria, user)
    statuses = [r.status_code for r in forged_rasa_calls(tijaria, user)]
    assert statuses == [404, 401, 401, 401, 401, 401, 401, 401]
    assert rasa_events(tijaria, user.session_id) == before_rasa


def test_the_core_channel_with_the_core_token_is_the_way_in(tijaria: RunningTijaria) -> None:
    """The same post with the core's token is answered: the refusals above are the token's."""
    reply = httpx.post(
        f"{tijaria.settings.rasa_url}/webhooks/tijaria/webhook",
        json={"sender": "e2e-sec-direct", "message": "bonjour", "metadata": {"language": "fr"}},
        headers={"Authorization": f"Bearer {tijaria.settings.rasa_token}"},
        timeout=30,
    )

    assert reply.status_code == 200, reply.text
    assert any("Bonjour" in (m.get("text") or "") for m in reply.json())


def test_the_action_server_refuses_calls_without_rasa_s_secret(
    tijaria: RunningTijaria,
) -> None:
    body = action_call("e2e-sec-nobody", slots=FORGED_SLOTS)

    for token in (
        None,
        "wrong-token",
        tijaria.settings.internal_token,
        tijaria.settings.rasa_token,
    ):
        reply = post_action(tijaria, body, token)
        assert reply.status_code == 401, reply.text
    listing = httpx.get(f"{tijaria.settings.action_server_url}/actions", timeout=10)
    assert listing.status_code == 401
    assert httpx.get(f"{tijaria.settings.action_server_url}/health").status_code == 200


def test_a_forged_role_slot_gets_no_further_than_the_core_says(
    tijaria: RunningTijaria,
) -> None:
    secret = tijaria.settings.action_server_token
    user = sign_in(tijaria, "securite.actions")
    assert answered_as_owner(ask_core(tijaria, user))

    # Nobody owns this session: the forged operator is asked to sign in.
    nobody = responses(
        post_action(tijaria, action_call("e2e-sec-nobody", slots=FORGED_SLOTS), secret)
    )
    assert [r["response"] for r in nobody] == ["utter_ask_login"]

    # The owner is signed in: their claims as the core finds them for the conversation's
    # owner (the claims status route), not a sign-in request.
    owner = responses(
        post_action(tijaria, action_call(user.session_id, slots=FORGED_SLOTS), secret)
    )
    assert owner and all(r.get("text") and not r.get("response") for r in owner), owner

    # Signed out: the conversation has no owner any more, whatever the tracker says.
    sign_out(tijaria, user)
    after = responses(
        post_action(tijaria, action_call(user.session_id, slots=FORGED_SLOTS), secret)
    )
    assert [r["response"] for r in after] == ["utter_ask_login"]


def test_the_signed_in_user_s_question_is_answered_with_their_claims(
    tijaria: RunningTijaria,
) -> None:
    user = sign_in(tijaria, "securite.question")

    text = ask_core(tijaria, user)

    assert answered_as_owner(text), text
    assert "utter_ask_login" not in [
        e.get("metadata", {}).get("utter_action") for e in rasa_events(tijaria, user.session_id)
    ]
