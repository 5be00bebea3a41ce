"""Text that is not Unicode, binary frames, and near-miss session ids: a 4xx (or an error
frame), never a 5xx, never a dropped socket, nothing stored (issue 12, item 5)."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from api.conversations.models import Message
from api.migrate import upgrade
from tests.api.conftest import ScriptedRasa
from tests.api.test_nulls import schema_name

# A lone UTF-16 surrogate somewhere in otherwise ordinary text.
LONE_SURROGATE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
BAD_TEXT = st.tuples(st.text(max_size=20), LONE_SURROGATE, st.text(max_size=20)).map("".join)
HYPOTHESIS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """SQLite only: what is tested here happens before any database is touched."""
    url = f"sqlite:///{tmp_path / 'tijaria.db'}"
    upgrade(url)
    yield url


def raw_json(body: Any) -> bytes:
    # json.dumps escapes a lone surrogate as "\ud800": what a client on the wire sends.
    return json.dumps(body).encode()


def stored_messages(client: TestClient) -> int:
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        return int(db.scalar(select(func.count()).select_from(Message)) or 0)


def test_the_issues_examples_are_a_localized_422(client: TestClient, rasa: ScriptedRasa) -> None:
    in_message = client.post(
        "/api/v1/chat",
        content=raw_json({"session_id": "s-1", "message": "bonjour \ud800"}),
        headers={"Content-Type": "application/json"},
    )
    in_client_id = client.post(
        "/api/v1/chat",
        content=raw_json(
            {
                "session_id": "s-1",
                "message": "hello",
                "lang": "en",
                "metadata": {"client_message_id": "id-\udfff"},
            }
        ),
        headers={"Content-Type": "application/json"},
    )

    assert in_message.status_code == 422
    assert in_message.json()["error"]["code"] == "invalid_text"
    assert in_message.json()["error"]["message"].startswith("Votre message contient")
    assert in_client_id.status_code == 422
    assert in_client_id.json()["error"]["message"].startswith("Your message contains")
    assert rasa.received == [] and stored_messages(client) == 0


def _chat_bodies_with(bad: str) -> list[dict[str, Any]]:
    """A chat body per text field (and metadata key) with the bad text in it."""
    base: dict[str, Any] = {"session_id": "s-1", "message": "bonjour"}
    return [
        {**base, "message": bad},
        {**base, "session_id": bad},
        {**base, "portal": bad},
        {**base, "lang": bad},
        {**base, "metadata": {"client_message_id": bad}},
        {**base, "metadata": {bad: "x"}},
        {**base, "metadata": {"form": {"id": "f", "values": {"name": [bad]}}}},
        {**base, bad: "an unknown field"},
    ]


@HYPOTHESIS
@given(bad=BAD_TEXT)
def test_every_chat_text_field_refuses_a_lone_surrogate(
    client: TestClient, rasa: ScriptedRasa, bad: str
) -> None:
    for body in _chat_bodies_with(bad):
        response = client.post(
            "/api/v1/chat", content=raw_json(body), headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 422, (body, response.text)
        assert response.json()["error"]["code"] == "invalid_text"
    assert rasa.received == []


def _json_operations(app: FastAPI) -> list[tuple[str, dict[str, Any]]]:
    """Every JSON request body of the API, as (path, a body with each property a string)."""
    spec = app.openapi()
    schemas = spec["components"]["schemas"]
    found = []
    for path, operations in spec["paths"].items():
        body = operations.get("post", {}).get("requestBody", {})
        schema = body.get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            continue
        properties = schemas[schema_name(schema)]["properties"]
        found.append((path, {name: "x" for name in properties}))
    return found


@HYPOTHESIS
@given(bad=BAD_TEXT)
def test_every_json_text_field_of_the_api_refuses_a_lone_surrogate(
    client: TestClient, bad: str
) -> None:
    operations = _json_operations(client.app)  # type: ignore[arg-type]
    assert len(operations) >= 10  # chat, accounts, RNOCE, internal routes
    for path, body in operations:
        for field in body:
            response = client.post(
                path,
                content=raw_json({**body, field: bad}),
                headers={"Content-Type": "application/json", "X-Internal-Token": "x"},
            )
            assert response.status_code == 422, (path, field, response.text)
            assert response.json()["error"]["code"] == "invalid_text"


def test_a_lone_surrogate_in_a_query_or_form_is_no_5xx(client: TestClient) -> None:
    # Query strings and multipart fields are decoded with replacement characters, so they
    # carry no surrogate; they must still not fail.
    search = client.get("/api/v1/knowledge/search?q=%ED%A0%80&lang=fr")
    upload = client.post(
        "/api/v1/uploads",
        data={"session_id": "s-\udc80".encode("utf-8", "surrogatepass")},
        files={"file": ("a.pdf", b"%PDF-", "application/pdf")},
    )

    assert search.status_code == 200
    assert upload.status_code == 422 and upload.json()["error"]["code"] == "invalid_session_id"


@HYPOTHESIS
@given(bad=BAD_TEXT)
def test_a_websocket_frame_with_a_lone_surrogate_gets_an_error_frame(
    client: TestClient, rasa: ScriptedRasa, bad: str
) -> None:
    client.app.state.rate_limits.reset()  # type: ignore[attr-defined]  # one app, many examples
    with client.websocket_connect("/api/v1/chat/ws?session_id=ws-bad") as ws:
        for body in _chat_bodies_with(bad)[:1] + _chat_bodies_with(bad)[2:]:
            ws.send_text(json.dumps(body | {"session_id": "ws-bad"}))
            assert ws.receive_json()["error"]["code"] == "invalid_text"
        ws.send_json({"message": "bonjour"})
        assert ws.receive_json()["messages"][0]["text"] == "Bonjour !"


def test_a_binary_frame_gets_an_error_frame_and_the_socket_stays_open(client: TestClient) -> None:
    with client.websocket_connect("/api/v1/chat/ws?session_id=ws-bin") as ws:
        ws.send_bytes(b'{"message": "bonjour"}')
        refused = ws.receive_json()
        ws.send_bytes(b"\x00\xff\xfe")
        again = ws.receive_json()
        ws.send_json({"message": "bonjour"})
        fine = ws.receive_json()

    assert refused["error"]["code"] == again["error"]["code"] == "binary_frame"
    assert refused["error"]["message"].startswith("Les messages se transmettent en texte")
    assert fine["messages"][0]["text"] == "Bonjour !"


def test_deeply_nested_json_is_a_4xx(client: TestClient) -> None:
    deep = (
        '{"session_id": "s-1", "message": "hi", "metadata": {"a": ' + "[" * 5000 + "]" * 5000 + "}}"
    )
    response = client.post(
        "/api/v1/chat", content=deep.encode(), headers={"Content-Type": "application/json"}
    )
    with client.websocket_connect("/api/v1/chat/ws?session_id=ws-deep") as ws:
        ws.send_text(deep.replace('"s-1"', '"ws-deep"'))
        frame = ws.receive_json()
        ws.send_json({"message": "bonjour"})
        fine = ws.receive_json()

    assert 400 <= response.status_code < 500
    assert "error" in frame and fine["messages"]


@pytest.mark.parametrize("session_id", ["abc\n", "abc\r\n", "\nabc", "ab c", "abc\x00"])
def test_a_session_id_with_a_newline_is_refused_everywhere(
    client: TestClient, session_id: str
) -> None:
    chat = client.post("/api/v1/chat", json={"session_id": session_id, "message": "bonjour"})
    upload = client.post(
        "/api/v1/uploads",
        data={"session_id": session_id},
        files={"file": ("a.pdf", b"%PDF-", "application/pdf")},
    )
    with client.websocket_connect(f"/api/v1/chat/ws?session_id={quote(session_id)}") as ws:
        frame = ws.receive_json()

    assert chat.status_code == 422 and chat.json()["error"]["code"] == "invalid_session_id"
    assert upload.status_code == 422 and upload.json()["error"]["code"] == "invalid_session_id"
    assert frame["error"]["code"] == "invalid_session_id"
    assert stored_messages(client) == 0
