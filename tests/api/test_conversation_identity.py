"""GET /api/v1/internal/conversations/{session_id}/identity: who is talking now.

The action server's only source for who is talking (never Rasa's slots): the
conversation's owner while they are signed in, else nobody.
"""

from fastapi.testclient import TestClient

from tests.api.accounts_helpers import sign_in

INTERNAL = {"X-Internal-Token": "internal-test-token"}


def identity(client: TestClient, session_id: str) -> dict:
    response = client.get(f"/api/v1/internal/conversations/{session_id}/identity", headers=INTERNAL)
    assert response.status_code == 200, response.text
    return response.json()


def chat(client: TestClient, session_id: str, headers: dict[str, str] | None = None) -> None:
    response = client.post(
        "/api/v1/chat",
        json={"session_id": session_id, "message": "bonjour"},
        headers=headers or {},
    )
    assert response.status_code == 200, response.text


def test_needs_the_internal_token(client: TestClient) -> None:
    for headers in ({}, {"X-Internal-Token": "wrong"}):
        response = client.get("/api/v1/internal/conversations/s/identity", headers=headers)

        assert response.status_code == 401
        assert response.json()["error"]["code"] == "invalid_internal_token"


def test_an_unknown_or_anonymous_conversation_has_nobody(client: TestClient) -> None:
    chat(client, "anonymous-session")

    assert identity(client, "never-seen") == {"session_id": "never-seen", "user": None}
    assert identity(client, "anonymous-session")["user"] is None


def test_a_signed_in_owner_is_named_then_nobody_once_signed_out(client: TestClient) -> None:
    owner = sign_in(client, "owner.one")
    chat(client, "owned-session", owner.headers)

    assert identity(client, "owned-session")["user"] == {
        "role": "operator",
        "realm": "portnet",
        "display_name": "Name of owner.one",
        "organisation": "Société Test",
    }

    assert client.post("/api/v1/auth/logout", headers=owner.headers).status_code == 204

    assert identity(client, "owned-session")["user"] is None


def test_another_user_signed_in_does_not_make_the_conversation_theirs(
    client: TestClient,
) -> None:
    owner = sign_in(client, "owner.two")
    chat(client, "owned-by-two", owner.headers)
    client.post("/api/v1/auth/logout", headers=owner.headers)
    sign_in(client, "someone.else")

    assert identity(client, "owned-by-two")["user"] is None
