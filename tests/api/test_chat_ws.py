from fastapi.testclient import TestClient

from tests.api.conftest import ScriptedRasa


def test_websocket_carries_the_same_chat_objects(client: TestClient) -> None:
    with client.websocket_connect("/api/v1/chat/ws?session_id=ws-1") as ws:
        ws.send_json({"message": "hello", "portal": "banques"})
        reply = ws.receive_json()
        ws.send_json({"session_id": "ws-1", "message": "bonjour"})
        second = ws.receive_json()

    assert reply["session_id"] == "ws-1" and reply["lang"] == "en"
    assert reply["messages"][0]["text"] == "Hello!"
    assert reply["handoff"] == {"state": "none"}
    assert second["lang"] == "fr"
    transcript = client.get("/api/v1/conversations/ws-1/messages").json()
    assert len(transcript["messages"]) == 4


def test_websocket_errors_are_frames_and_the_socket_stays_open(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    with client.websocket_connect("/api/v1/chat/ws?session_id=ws-2") as ws:
        ws.send_text("{not json")
        malformed = ws.receive_json()
        ws.send_json({"message": "", "lang": "en"})
        empty = ws.receive_json()
        ws.send_json({"session_id": "someone-else", "message": "bonjour"})
        foreign = ws.receive_json()
        ws.send_json({"message": "hello", "portal": "nope"})
        portal = ws.receive_json()
        ws.send_json({"message": "bonjour"})
        fine = ws.receive_json()

    assert malformed["error"]["code"] == "malformed_json"
    assert empty["error"] == {
        "code": "empty_message",
        "message": "Your message is empty. Type your question, then send it.",
    }
    assert foreign["error"]["code"] == "invalid_session_id"
    assert (
        portal["error"]["code"] == "unknown_portal"
        and "Unknown portal" in portal["error"]["message"]
    )
    assert fine["messages"][0]["text"] == "Bonjour !"
    assert len(rasa.received) == 1


def test_websocket_with_a_bad_session_id_is_refused(client: TestClient) -> None:
    with client.websocket_connect("/api/v1/chat/ws?session_id=bad%20id") as ws:
        frame = ws.receive_json()

    assert frame["error"]["code"] == "invalid_session_id"
