"""Anonymous conversations cannot be taken over (issue 12, item 7).

A signed-in user may go on with an anonymous conversation only with the proof that they
started it: the conversation key the core handed to their browser (a cookie, or the
X-Conversation-Key header / `conversation_key` query parameter). Everyone else gets 404,
and the conversation stays its starter's.
"""

import re

import pytest
from fastapi.testclient import TestClient

from api.chat.models import SESSION_ID
from tests.api.accounts_helpers import SignedIn, sign_in

QUESTION = "où en est ma réclamation ?"
# Spelled out, not imported: clients (the widget) depend on these names.
CONVERSATION_KEY_COOKIE = "tijaria_key"
CONVERSATION_KEY_HEADER = "X-Conversation-Key"


def another_browser(client: TestClient) -> TestClient:
    """A second client on the same core, with a cookie jar of its own."""
    return TestClient(client.app)


def chat(
    client: TestClient,
    session_id: str,
    who: SignedIn | None = None,
    key: str | None = None,
    message: str = QUESTION,
) -> tuple[int, dict]:  # type: ignore[type-arg]
    headers = dict(who.headers) if who else {}
    if key:
        headers[CONVERSATION_KEY_HEADER] = key
    response = client.post(
        "/api/v1/chat", json={"session_id": session_id, "message": message}, headers=headers
    )
    return response.status_code, response.json()


def transcript(client: TestClient, session_id: str, who: SignedIn | None = None) -> list[str]:
    response = client.get(
        f"/api/v1/conversations/{session_id}/messages", headers=who.headers if who else {}
    )
    assert response.status_code == 200, response.text
    return [m["text"] for m in response.json()["messages"] if m["sender"] == "user"]


@pytest.mark.parametrize("session_id", ["1", "abc123", "tj-k3y5mq0x2b9c7w1z8v4n"])
def test_a_signed_in_user_cannot_take_over_someone_s_anonymous_conversation(
    client: TestClient, session_id: str
) -> None:
    owner = another_browser(client)
    assert chat(owner, session_id, message="ma question à moi")[0] == 200
    mallory = sign_in(client, "mallory")

    status, body = chat(client, session_id, mallory, message="à moi maintenant")

    assert (status, body["error"]["code"]) == (404, "conversation_not_found")
    # The owner still has it, untouched, and goes on with it.
    assert transcript(owner, session_id) == ["ma question à moi"]
    assert chat(owner, session_id, message="encore moi")[0] == 200
    assert transcript(owner, session_id) == ["ma question à moi", "encore moi"]


def test_nor_over_the_websocket(client: TestClient) -> None:
    owner = another_browser(client)
    assert chat(owner, "1")[0] == 200
    mallory = sign_in(client, "mallory")

    with client.websocket_connect(
        f"/api/v1/chat/ws?session_id=1&access_token={mallory.token}"
    ) as ws:
        ws.send_json({"message": "à moi maintenant"})
        frame = ws.receive_json()

    assert frame["error"]["code"] == "conversation_not_found"
    assert transcript(owner, "1") == [QUESTION]


def test_a_wrong_key_is_no_proof(client: TestClient) -> None:
    owner = another_browser(client)
    assert chat(owner, "s-owner")[0] == 200
    mallory = sign_in(client, "mallory")

    status, _ = chat(client, "s-owner", mallory, key="x" * 43)

    assert status == 404
    assert transcript(owner, "s-owner") == [QUESTION]


def test_the_browser_that_started_it_keeps_it_when_signing_in(client: TestClient) -> None:
    """The widget's flow: a question asked anonymously, sign-in, the question again."""
    first = client.post("/api/v1/chat", json={"session_id": "s-a", "message": QUESTION})
    key = first.headers[CONVERSATION_KEY_HEADER]
    assert client.cookies.get(CONVERSATION_KEY_COOKIE) == key
    assert "httponly" in first.headers["set-cookie"].lower()
    user = sign_in(client, "op.a")

    assert chat(client, "s-a", user)[0] == 200

    assert transcript(client, "s-a", user) == [QUESTION, QUESTION]
    assert client.get("/api/v1/conversations/s-a/messages").status_code == 404
    # A later request with the key sets no new one.
    assert (
        CONVERSATION_KEY_HEADER
        not in client.post(
            "/api/v1/chat", json={"session_id": "s-a", "message": "merci"}, headers=user.headers
        ).headers
    )


def test_a_client_without_cookies_proves_it_with_the_header(client: TestClient) -> None:
    first = client.post("/api/v1/chat", json={"session_id": "s-api", "message": QUESTION})
    key = first.headers[CONVERSATION_KEY_HEADER]
    client.cookies.clear()
    user = sign_in(client, "op.api")

    assert chat(client, "s-api", user)[0] == 404
    assert chat(client, "s-api", user, key=key)[0] == 200
    assert transcript(client, "s-api", user) == [QUESTION, QUESTION]


def test_over_the_websocket_with_the_key_in_the_query(client: TestClient) -> None:
    key = "k" * 43
    with client.websocket_connect(f"/api/v1/chat/ws?session_id=s-ws&conversation_key={key}") as ws:
        ws.send_json({"message": QUESTION})
        assert "error" not in ws.receive_json()
    user = sign_in(client, "op.ws")
    query = f"session_id=s-ws&access_token={user.token}"

    with client.websocket_connect(f"/api/v1/chat/ws?{query}&conversation_key={'z' * 43}") as ws:
        ws.send_json({"message": QUESTION})
        assert ws.receive_json()["error"]["code"] == "conversation_not_found"
    with client.websocket_connect(f"/api/v1/chat/ws?{query}&conversation_key={key}") as ws:
        ws.send_json({"message": QUESTION})
        assert "error" not in ws.receive_json()

    assert transcript(client, "s-ws", user) == [QUESTION, QUESTION]


def test_a_websocket_without_a_key_is_handed_one_in_the_handshake(client: TestClient) -> None:
    """Browsers keep a cookie set by the handshake's response: the widget's first message
    usually goes over the socket (tests/widget/test_signin_browser.py shows it in chromium)."""
    client.cookies.clear()
    with client.websocket_connect("/api/v1/chat/ws?session_id=s-hs") as ws:
        headers: dict[bytes, bytes] = dict(ws.extra_headers or [])
    cookie = headers[b"set-cookie"].decode()
    assert re.match(rf"{CONVERSATION_KEY_COOKIE}=[A-Za-z0-9_-]{{20,}};", cookie)
    assert "httponly" in cookie.lower() and "path=/api/v1" in cookie.lower()

    client.cookies.set(CONVERSATION_KEY_COOKIE, "c" * 43)
    with client.websocket_connect("/api/v1/chat/ws?session_id=s-hs") as ws:
        assert b"set-cookie" not in dict(ws.extra_headers or [])


def test_server_chosen_session_ids_are_unguessable_and_come_with_their_key(
    client: TestClient,
) -> None:
    made = [client.post("/api/v1/conversations", json={"portal": "douane"}) for _ in range(3)]
    assert [m.status_code for m in made] == [201] * 3
    ids = [m.json()["session_id"] for m in made]
    assert len(set(ids)) == 3
    for session_id in ids:
        assert SESSION_ID.match(session_id)
        # 128 random bits: 22 characters of base64 after the prefix.
        assert len(session_id.removeprefix("tj-")) >= 22
    # The browser's key (handed with the first one, a cookie since): the same for each.
    assert {m.json()["conversation_key"] for m in made} == {client.cookies[CONVERSATION_KEY_COOKIE]}

    stranger = sign_in(another_browser(client), "stranger")
    assert chat(another_browser(client), ids[0], stranger)[0] == 404
    user = sign_in(client, "op.new")
    assert chat(client, ids[0], user)[0] == 200
