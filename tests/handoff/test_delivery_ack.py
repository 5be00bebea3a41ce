"""Delivery acknowledged: the user's socket may send `{"type": "ack", "id": <message id>}`
(additive: nothing is answered, a client that never acks works as before); every message
up to that one that is not the user's own is stamped `delivered_at`, the consoles hear
`{"type": "delivered"}` and the transcript shows it."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.conversations.models import Message
from tests.handoff.conftest import Person, available, queue


def _accepted(client: TestClient, agent: Person, session_id: str) -> dict[str, Any]:
    available(client, agent)
    queue(client, session_id)
    listed = client.get("/api/v1/agent/handoffs", headers=agent.headers).json()["items"]
    [item] = [h for h in listed if h["session_id"] == session_id]
    accepted = client.post(f"/api/v1/agent/handoffs/{item['id']}/accept", headers=agent.headers)
    assert accepted.status_code == 200, accepted.text
    return dict(item)


def _say(client: TestClient, agent: Person, handoff_id: str, text: str) -> dict[str, Any]:
    sent = client.post(
        f"/api/v1/agent/handoffs/{handoff_id}/messages", json={"text": text}, headers=agent.headers
    )
    assert sent.status_code == 201, sent.text
    return dict(sent.json())


def _delivered(client: TestClient, agent: Person, handoff_id: str) -> dict[str, str | None]:
    detail = client.get(f"/api/v1/agent/handoffs/{handoff_id}", headers=agent.headers).json()
    return {m["text"]: m["delivered_at"] for m in detail["transcript"]}


def test_an_ack_stamps_every_message_up_to_it_and_tells_the_console(
    client: TestClient, samira: Person
) -> None:
    item = _accepted(client, samira, "u-ack")
    first = _say(client, samira, item["id"], "Bonjour")
    second = _say(client, samira, item["id"], "Que puis-je faire ?")
    third = _say(client, samira, item["id"], "Je regarde.")
    assert set(_delivered(client, samira, item["id"]).values()) == {None}

    with (
        client.websocket_connect(f"/api/v1/agent/ws?token={samira.signed.token}") as console,
        client.websocket_connect(
            f"/api/v1/chat/ws?session_id=u-ack&last_message_id={first['id']}"
        ) as widget,
    ):
        assert console.receive_json() == {"type": "ready"}
        missed = widget.receive_json()
        assert [m["id"] for m in missed["messages"]] == [second["id"], third["id"]]
        # The public payload is unchanged: no delivered_at in it.
        assert all("delivered_at" not in m for m in missed["messages"])

        widget.send_json({"type": "ack", "id": second["id"]})
        told = console.receive_json()
        assert told["type"] == "delivered"
        assert (told["handoff_id"], told["message_id"]) == (item["id"], second["id"])
        assert told["delivered_at"].endswith("Z")

        delivered = _delivered(client, samira, item["id"])
        assert delivered["Bonjour"] is not None  # cumulative: up to the acknowledged one
        assert delivered["Que puis-je faire ?"] == told["delivered_at"]
        assert delivered["Je regarde."] is None
        # The user's own messages are never « delivered » to themselves.
        assert delivered['/handoff_confirm{"reason":"asked"}'] is None

        # Acked again (a client retrying): nothing new, nothing told. The socket still
        # answers turns as before.
        widget.send_json({"type": "ack", "id": second["id"]})
        widget.send_json({"message": "Merci"})
        answer = widget.receive_json()
        assert answer["handoff"]["state"] == "active"
        heard = console.receive_json()
        assert (heard["type"], heard["message"]["text"]) == ("message", "Merci")

        widget.send_json({"type": "ack", "id": third["id"]})
        assert console.receive_json()["message_id"] == third["id"]


def test_a_bad_ack_is_refused_and_another_conversations_message_stamps_nothing(
    client: TestClient, samira: Person
) -> None:
    item = _accepted(client, samira, "u-ack-bad")
    mine = _say(client, samira, item["id"], "Bonjour")
    other = _accepted(client, samira, "u-ack-other")
    theirs = _say(client, samira, other["id"], "Bonjour à l'autre")

    with client.websocket_connect("/api/v1/chat/ws?session_id=u-ack-bad") as widget:
        widget.send_json({"type": "ack"})
        assert widget.receive_json()["error"]["code"] == "invalid_request"
        widget.send_json({"type": "ack", "id": "../../etc"})
        assert widget.receive_json()["error"]["code"] == "invalid_request"
        widget.send_json({"type": "ack", "id": theirs["id"]})
        widget.send_json({"type": "ack", "id": "0" * 32})
        # The socket goes on: the next turn is answered.
        widget.send_json({"message": "Toujours là ?"})
        assert widget.receive_json()["handoff"]["state"] == "active"

    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        stamped = db.scalars(select(Message.id).where(Message.delivered_at.is_not(None))).all()
    assert stamped == []
    assert mine["id"] != theirs["id"]
