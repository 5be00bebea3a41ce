"""Server push on the chat WebSocket: what anyone stores for a conversation reaches its
sockets (pushed frames), a socket's own turn is not sent twice, a reconnecting client
gets what it missed (`last_message_id`, `GET …/messages?after=`), on both brokers."""

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.config import Settings
from api.conversations import service as conversations
from api.main import create_app
from api.push.broker import RedisBroker
from api.rasa_client import RasaClient
from tests.api.accounts_helpers import sign_in
from tests.api.conftest import ScriptedRasa
from tests.push.conftest import REDIS_URL, redis_reachable


def store(
    client: TestClient,
    session_id: str,
    text: str,
    *,
    sender: str = "agent",
    author_name: str | None = "Samira",
) -> str:
    """A message stored by someone else (an agent, the claims service) in its own session."""
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        conversation = conversations.get(db=db, session_id=session_id)
        assert conversation is not None
        message = conversations.add_message(
            db=db,
            conversation=conversation,
            sender=sender,
            text=text,
            lang="fr",
            author_name=author_name,
        )
        db.commit()
        return message.id


def turn(ws: Any, text: str) -> dict[str, Any]:
    ws.send_json({"message": text, "lang": "fr"})
    frame: dict[str, Any] = ws.receive_json()
    return frame


def test_a_socket_receives_what_another_session_stores_for_its_conversation(
    client: TestClient,
) -> None:
    with client.websocket_connect("/api/v1/chat/ws?session_id=push-1") as ws:
        reply = turn(ws, "bonjour")
        stored_id = store(client, "push-1", "Je regarde votre dossier.")
        pushed = ws.receive_json()

    assert "pushed" not in reply
    assert pushed["pushed"] is True and pushed["session_id"] == "push-1"
    assert pushed["lang"] == "fr" and pushed["handoff"] == {"state": "none"}
    [message] = pushed["messages"]
    assert message["id"] == stored_id and message["text"] == "Je regarde votre dossier."
    assert message["sender"] == "agent" and message["agent"] == {"name": "Samira"}
    assert message["created_at"].endswith("Z")


def test_a_socket_s_own_turn_comes_back_once_in_its_answer(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    with client.websocket_connect("/api/v1/chat/ws?session_id=push-2") as ws:
        first = turn(ws, "bonjour")
        # Had the first turn's messages been pushed to this socket too, they would come
        # before this answer.
        second = turn(ws, "merci")

    assert [m["text"] for m in first["messages"]] == ["Bonjour !"]
    assert "pushed" not in second and [m["sender"] for m in second["messages"]] == ["bot"]
    assert len(rasa.received) == 2


def test_another_socket_of_the_conversation_sees_the_turn_as_it_is_stored(
    client: TestClient,
) -> None:
    with (
        client.websocket_connect("/api/v1/chat/ws?session_id=push-3") as first,
        client.websocket_connect("/api/v1/chat/ws?session_id=push-3") as second,
    ):
        reply = turn(first, "bonjour")
        user_push, bot_push = second.receive_json(), second.receive_json()

    assert [(m["sender"], m["text"]) for m in user_push["messages"]] == [("user", "bonjour")]
    assert bot_push["messages"] == reply["messages"] and bot_push["pushed"] is True


def test_a_notification_reaches_the_signed_in_user_s_open_socket(client: TestClient) -> None:
    user = sign_in(client, "push.owner")
    url = f"/api/v1/chat/ws?session_id=push-4&access_token={user.token}"
    with client.websocket_connect(url) as ws:
        turn(ws, "bonjour")
        with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
            conversation = conversations.get(db=db, session_id="push-4")
            assert conversation is not None and conversation.user_id is not None
            conversations.notify_user(
                db=db,
                user_id=conversation.user_id,
                texts={"fr": "Votre réclamation a reçu une réponse.", "en": "Answered."},
            )
            db.commit()
        pushed = ws.receive_json()

    [message] = pushed["messages"]
    assert message["sender"] == "system"
    assert message["text"] == "Votre réclamation a reçu une réponse."
    assert "agent" not in message


def test_a_socket_stops_hearing_a_conversation_that_became_someone_else_s(
    client: TestClient,
) -> None:
    key = "browser-key-" + "k" * 20
    with client.websocket_connect(
        f"/api/v1/chat/ws?session_id=push-5&conversation_key={key}"
    ) as anonymous:
        turn(anonymous, "bonjour")
        # The browser that started it signs in: the conversation is the user's now.
        owner = sign_in(client, "push.claimer")
        claimed = client.post(
            "/api/v1/chat",
            json={"session_id": "push-5", "message": "me revoilà", "lang": "fr"},
            headers={**owner.headers, "X-Conversation-Key": key},
        )
        assert claimed.status_code == 200, claimed.text
        store(client, "push-5", "Réponse pour le titulaire seulement.")
        # Nothing was pushed to the anonymous socket: its next frame is its own answer.
        refused = turn(anonymous, "encore moi")

    assert refused["error"]["code"] == "conversation_not_found"


def test_a_socket_is_told_when_the_handoff_moves(client: TestClient) -> None:
    with client.websocket_connect("/api/v1/chat/ws?session_id=push-11") as ws:
        turn(ws, "bonjour")
        with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
            conversation = conversations.get(db=db, session_id="push-11")
            assert conversation is not None
            conversations.set_state(db=db, conversation=conversation, state="queued")
            db.commit()
        moved = ws.receive_json()

    assert moved["pushed"] is True and moved["messages"] == []
    assert moved["handoff"] == {"state": "queued"}


def test_a_socket_that_reconnects_with_its_last_message_id_gets_what_it_missed(
    client: TestClient,
) -> None:
    answer = client.post("/api/v1/chat", json={"session_id": "push-6", "message": "bonjour"})
    last_id = answer.json()["messages"][-1]["id"]
    missed = [store(client, "push-6", "Premier."), store(client, "push-6", "Second.")]

    with client.websocket_connect(
        f"/api/v1/chat/ws?session_id=push-6&last_message_id={last_id}"
    ) as ws:
        catch_up = ws.receive_json()
        reply = turn(ws, "merci")

    assert catch_up["pushed"] is True
    assert [m["id"] for m in catch_up["messages"]] == missed
    assert [m["text"] for m in catch_up["messages"]] == ["Premier.", "Second."]
    assert "pushed" not in reply


@pytest.mark.parametrize("last", ["unknown-id", "{latest}", "bad id!"])
def test_nothing_is_caught_up_for_an_unknown_or_the_latest_id(
    client: TestClient, last: str
) -> None:
    answer = client.post("/api/v1/chat", json={"session_id": "push-7", "message": "bonjour"})
    last = last.replace("{latest}", answer.json()["messages"][-1]["id"])

    with client.websocket_connect(
        "/api/v1/chat/ws", params={"session_id": "push-7", "last_message_id": last}
    ) as ws:
        first_frame = turn(ws, "merci")

    assert "pushed" not in first_frame and first_frame["messages"][0]["text"] == "Bonjour !"


def test_the_transcript_after_a_message_id(client: TestClient) -> None:
    answer = client.post("/api/v1/chat", json={"session_id": "push-8", "message": "bonjour"})
    last_id = answer.json()["messages"][-1]["id"]
    agent_id = store(client, "push-8", "Un conseiller vous répond.")
    client.post("/api/v1/chat", json={"session_id": "push-9", "message": "bonjour"})
    foreign_id = client.get("/api/v1/conversations/push-9/messages").json()["messages"][0]["id"]

    after = client.get(f"/api/v1/conversations/push-8/messages?after={last_id}")
    latest = client.get(f"/api/v1/conversations/push-8/messages?after={agent_id}")
    unknown = client.get("/api/v1/conversations/push-8/messages?after=nope")
    other_conversation = client.get(f"/api/v1/conversations/push-8/messages?after={foreign_id}")

    assert after.status_code == 200
    [message] = after.json()["messages"]
    assert message["id"] == agent_id and message["sender"] == "agent"
    assert message["agent"] == {"name": "Samira"}
    assert latest.json()["messages"] == []
    for refused in (unknown, other_conversation):
        assert refused.status_code == 404
        assert refused.json()["error"]["code"] == "message_not_found"


def test_the_transcript_after_a_message_id_of_someone_else_s_conversation_is_not_found(
    client: TestClient,
) -> None:
    owner = sign_in(client, "push.private")
    answer = client.post(
        "/api/v1/chat",
        json={"session_id": "push-10", "message": "bonjour"},
        headers=owner.headers,
    )
    last_id = answer.json()["messages"][-1]["id"]
    stranger = sign_in(client, "push.stranger")

    for headers in ({}, stranger.headers):
        response = client.get(
            f"/api/v1/conversations/push-10/messages?after={last_id}", headers=headers
        )
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "conversation_not_found"


# ---------------------------------------------------------------- across replicas (Redis)


@pytest.fixture
def redis_apps(settings: Settings, rasa: ScriptedRasa) -> Iterator[tuple[TestClient, TestClient]]:
    """Two API replicas on one database, sharing live traffic through Redis."""
    if not redis_reachable():
        pytest.skip("skipped: no Redis on 127.0.0.1:6379")
    shared = settings.model_copy(update={"redis_url": REDIS_URL})
    replicas = [
        create_app(
            shared, rasa=RasaClient(shared.rasa_url, transport=httpx.MockTransport(rasa.handle))
        )
        for _ in range(2)
    ]
    with TestClient(replicas[0]) as a, TestClient(replicas[1]) as b:
        yield a, b


def test_with_redis_a_message_stored_on_one_replica_reaches_a_socket_on_another(
    redis_apps: tuple[TestClient, TestClient],
) -> None:
    replica_a, replica_b = redis_apps
    assert isinstance(replica_a.app.state.broker, RedisBroker)  # type: ignore[attr-defined]
    # Redis is shared with other test runs: a channel of this test's own.
    session_id = f"push-redis-{uuid.uuid4().hex}"
    with replica_a.websocket_connect(f"/api/v1/chat/ws?session_id={session_id}") as ws:
        turn(ws, "bonjour")
        stored_id = store(replica_b, session_id, "Réponse depuis l'autre réplique.")
        pushed = ws.receive_json()

    assert pushed["pushed"] is True and [m["id"] for m in pushed["messages"]] == [stored_id]
