"""The chat gateway routes by the conversation's state (HTTP and WebSocket here; voice in
tests/voice/test_voice_api.py), carries Rasa's form cards onto the messages, and passes a
request's form answer and upload ids on to Rasa."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.conversations import service as conversations
from api.conversations.models import Conversation, Message
from tests.api.conftest import ScriptedRasa

FORM = {
    "id": "claim-details",
    "title": "Détails de la réclamation",
    "fields": [
        {"name": "object", "label": "Objet", "type": "text", "required": True},
        {
            "name": "kind",
            "label": "Type",
            "type": "select",
            "choices": [{"value": "claim", "label": "Réclamation"}],
            "value": "claim",
        },
    ],
    "submit_label": "Envoyer",
}


def chat(client: TestClient, session_id: str, message: str, **extra: Any) -> Any:
    return client.post(
        "/api/v1/chat", json={"session_id": session_id, "message": message, "lang": "fr", **extra}
    )


def set_state(client: TestClient, session_id: str, state: str) -> None:
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        conversation = conversations.get(db=db, session_id=session_id)
        assert conversation is not None
        conversations.set_state(db=db, conversation=conversation, state=state)  # type: ignore[arg-type]
        db.commit()


def stored(client: TestClient, session_id: str) -> tuple[str, list[tuple[str, str]]]:
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        conversation = db.scalar(select(Conversation).where(Conversation.session_id == session_id))
        assert conversation is not None
        messages = db.scalars(
            select(Message).where(Message.conversation_id == conversation.id).order_by(Message.seq)
        )
        return conversation.state, [(m.sender, m.text) for m in messages]


# ---------------------------------------------------------------- state routing


@pytest.mark.parametrize(("state", "handoff"), [("queued", "queued"), ("agent", "active")])
def test_over_http_a_conversation_with_a_human_agent_is_not_sent_to_rasa(
    client: TestClient, rasa: ScriptedRasa, state: str, handoff: str
) -> None:
    chat(client, "route-1", "bonjour")
    set_state(client, "route-1", state)

    response = chat(client, "route-1", "Je veux parler à quelqu'un")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["messages"] == [] and body["handoff"] == {"state": handoff}
    assert len(rasa.received) == 1  # the first turn only
    assert stored(client, "route-1") == (
        state,
        [("user", "bonjour"), ("bot", "Bonjour !"), ("user", "Je veux parler à quelqu'un")],
    )


def test_over_http_a_closed_conversation_goes_back_to_the_bot(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    chat(client, "route-2", "bonjour")
    set_state(client, "route-2", "closed")

    body = chat(client, "route-2", "encore une question").json()

    assert [m["text"] for m in body["messages"]] == ["Bonjour !"]
    assert body["handoff"] == {"state": "none"}
    assert len(rasa.received) == 2
    assert stored(client, "route-2")[0] == "bot"


def test_a_retry_in_agent_state_is_still_stored_once_and_not_answered(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    chat(client, "route-3", "bonjour")
    set_state(client, "route-3", "agent")

    first = chat(client, "route-3", "allô ?", metadata={"client_message_id": "c-1"}).json()
    again = chat(client, "route-3", "allô ?", metadata={"client_message_id": "c-1"}).json()

    assert first == again and first["messages"] == []
    assert [text for _, text in stored(client, "route-3")[1]].count("allô ?") == 1
    assert len(rasa.received) == 1


@pytest.mark.parametrize(
    ("state", "handoff", "answered"),
    [("queued", "queued", False), ("agent", "active", False), ("closed", "none", True)],
)
def test_over_the_websocket_the_same_routing(
    client: TestClient, rasa: ScriptedRasa, state: str, handoff: str, answered: bool
) -> None:
    with client.websocket_connect("/api/v1/chat/ws?session_id=route-4") as ws:
        ws.send_json({"message": "bonjour", "lang": "fr"})
        ws.receive_json()
        set_state(client, "route-4", state)
        # The socket is told at once who answers now (a frame with no message)…
        moved = ws.receive_json()
        ws.send_json({"message": "et maintenant ?", "lang": "fr"})
        reply = ws.receive_json()

    told = {"queued": "queued", "agent": "active", "closed": "closed"}[state]
    assert moved == {
        "session_id": "route-4",
        "lang": "fr",
        "messages": [],
        "handoff": {"state": told},
        "pushed": True,
    }
    # …and its next message is routed by that state.
    assert reply["handoff"] == {"state": handoff}
    assert bool(reply["messages"]) is answered
    assert len(rasa.received) == (2 if answered else 1)
    assert stored(client, "route-4")[1][-1] == (
        ("bot", "Bonjour !") if answered else ("user", "et maintenant ?")
    )


def test_the_replies_carry_sender_and_time(client: TestClient) -> None:
    [message] = chat(client, "route-5", "bonjour").json()["messages"]

    assert message["sender"] == "bot" and message["created_at"].endswith("Z")
    assert "form" not in message and "agent" not in message


# ---------------------------------------------------------------- form cards and metadata


def test_a_form_card_in_rasa_s_custom_json_goes_onto_the_text_before_it(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    rasa.reply = lambda body: [
        {"recipient_id": body["sender"], "text": "Décrivez votre réclamation."},
        {"recipient_id": body["sender"], "custom": {"form": FORM}},
    ]

    body = chat(client, "form-1", "je veux réclamer").json()
    transcript = client.get("/api/v1/conversations/form-1/messages").json()

    [message] = body["messages"]
    assert message["text"] == "Décrivez votre réclamation."
    assert message["form"]["id"] == "claim-details"
    assert [f["name"] for f in message["form"]["fields"]] == ["object", "kind"]
    assert message["form"]["fields"][1]["choices"] == [{"value": "claim", "label": "Réclamation"}]
    assert message["form"]["submit_label"] == "Envoyer"
    assert transcript["messages"][1]["form"] == message["form"]
    assert transcript["messages"][0]["form"] is None


def test_a_form_card_alone_is_a_message_and_a_malformed_one_is_dropped(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    rasa.reply = lambda body: [
        {"recipient_id": body["sender"], "custom": {"form": FORM}},
        {"recipient_id": body["sender"], "custom": {"form": {"title": "no id, no fields"}}},
        {"recipient_id": body["sender"], "text": "Ou répondez ici."},
    ]

    messages = chat(client, "form-2", "je veux réclamer").json()["messages"]

    assert [(m["text"], "form" in m) for m in messages] == [("", True), ("Ou répondez ici.", False)]


def test_the_answer_to_a_form_and_the_upload_ids_are_passed_to_rasa(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    answer = {"id": "claim-details", "values": {"object": "DFD bloquée", "kind": "claim"}}

    response = chat(
        client,
        "form-3",
        "Objet : DFD bloquée",
        metadata={
            "client_message_id": "c-9",
            "form": answer,
            "attachments": ["0123456789abcdef0123456789abcdef", 7],
            "anything": "else",
        },
    )

    assert response.status_code == 200, response.text
    metadata = rasa.received[0]["metadata"]
    assert metadata["form"] == answer
    assert metadata["attachments"] == ["0123456789abcdef0123456789abcdef"]
    assert "anything" not in metadata and "client_message_id" not in metadata


def test_without_form_nor_attachments_rasa_gets_neither(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    chat(client, "form-4", "bonjour", metadata={"form": "not an object"})

    assert "form" not in rasa.received[0]["metadata"]
    assert "attachments" not in rasa.received[0]["metadata"]
