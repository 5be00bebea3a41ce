"""The agents' socket catches a reconnecting console up: `?last_message_id=` (repeated, one
per conversation it shows) sends the messages stored after each, once and in order, then
`{"type": "queue"}` (refetch the queue)."""

from typing import Any

from fastapi.testclient import TestClient

from tests.handoff.conftest import Person, available, chat, queue


def _handoff_of(client: TestClient, agent: Person, session_id: str) -> dict[str, Any]:
    listed = client.get("/api/v1/agent/handoffs", headers=agent.headers)
    [item] = [h for h in listed.json()["items"] if h["session_id"] == session_id]
    return dict(item)


def _last_message_id(client: TestClient, agent: Person, handoff_id: str) -> str:
    detail = client.get(f"/api/v1/agent/handoffs/{handoff_id}", headers=agent.headers)
    return str(detail.json()["transcript"][-1]["id"])


def test_a_reconnecting_console_gets_what_it_missed_once_and_in_order(
    client: TestClient, samira: Person
) -> None:
    available(client, samira)
    queue(client, "u-catch-1")
    queue(client, "u-catch-2")
    first = _handoff_of(client, samira, "u-catch-1")
    second = _handoff_of(client, samira, "u-catch-2")
    cursors = {
        first["id"]: _last_message_id(client, samira, first["id"]),
        second["id"]: _last_message_id(client, samira, second["id"]),
    }

    # The console is closed while the users write.
    chat(client, "u-catch-1", "Il y a quelqu'un ?")
    chat(client, "u-catch-2", "Allô")
    chat(client, "u-catch-1", "Je patiente.")

    query = "&".join(f"last_message_id={m}" for m in cursors.values())
    with client.websocket_connect(
        f"/api/v1/agent/ws?token={samira.signed.token}&{query}"
    ) as console:
        assert console.receive_json() == {"type": "ready"}
        caught = [console.receive_json() for _ in range(3)]
        assert console.receive_json() == {"type": "queue"}
        assert [(e["type"], e["handoff_id"], e["message"]["text"]) for e in caught] == [
            ("message", first["id"], "Il y a quelqu'un ?"),
            ("message", first["id"], "Je patiente."),
            ("message", second["id"], "Allô"),
        ]
        assert {e["message"]["sender"] for e in caught} == {"user"}

        # Live again: the next message comes once, as a push.
        chat(client, "u-catch-2", "Toujours là")
        pushed = console.receive_json()
        assert (pushed["handoff_id"], pushed["message"]["text"]) == (second["id"], "Toujours là")


def test_a_console_with_nothing_missed_or_an_unknown_cursor_only_refetches(
    client: TestClient, samira: Person
) -> None:
    available(client, samira)
    queue(client, "u-catch-3")
    item = _handoff_of(client, samira, "u-catch-3")
    last = _last_message_id(client, samira, item["id"])

    for cursor in (last, "0" * 32, "not-an-id"):
        with client.websocket_connect(
            f"/api/v1/agent/ws?token={samira.signed.token}&last_message_id={cursor}"
        ) as console:
            assert console.receive_json() == {"type": "ready"}
            assert console.receive_json() == {"type": "queue"}
            chat(client, "u-catch-3", f"après {cursor}")
            pushed = console.receive_json()
            assert pushed["message"]["text"] == f"après {cursor}"


def test_a_message_of_a_conversation_without_handoff_is_no_cursor(
    client: TestClient, samira: Person
) -> None:
    available(client, samira)
    bot = chat(client, "u-catch-bot", "bonjour")
    chat(client, "u-catch-bot", "mot de passe")
    cursor = bot["messages"][0]["id"]

    with client.websocket_connect(
        f"/api/v1/agent/ws?token={samira.signed.token}&last_message_id={cursor}"
    ) as console:
        assert console.receive_json() == {"type": "ready"}
        # Nothing of a conversation agents never had.
        assert console.receive_json() == {"type": "queue"}
