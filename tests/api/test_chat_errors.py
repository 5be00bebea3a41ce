"""Bad input: a 4xx JSON error in the user's language, never a 5xx, nothing stored."""

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import ScriptedRasa


@pytest.mark.parametrize(
    ("body", "status", "code", "words"),
    [
        ({"session_id": "s-1", "message": ""}, 422, "empty_message", "vide"),
        ({"session_id": "s-1", "message": "   \n "}, 422, "empty_message", "vide"),
        ({"session_id": "s-1"}, 422, "empty_message", "vide"),
        ({"session_id": "s-1", "message": "a" * 2001}, 422, "message_too_long", "2000"),
        (
            {"session_id": "s-1", "message": "Please help me with my account. " * 70},
            422,
            "message_too_long",
            "longer than 2000",
        ),
        ({"session_id": "s-1", "message": "مرحبا " * 400}, 422, "message_too_long", "2000 حرف"),
        ({"session_id": "bad id!", "message": "bonjour"}, 422, "invalid_session_id", "Identifiant"),
        (
            {"session_id": "x" * 65, "message": "hello"},
            422,
            "invalid_session_id",
            "Invalid session",
        ),
        ({"session_id": "", "message": "bonjour"}, 422, "invalid_session_id", "Identifiant"),
        ({"message": "bonjour"}, 422, "invalid_session_id", "Identifiant"),
        (
            {"session_id": "s-1", "message": "hello", "portal": "amazon"},
            422,
            "unknown_portal",
            "Unknown portal",
        ),
        (
            {"session_id": "s-1", "message": "مرحبا", "portal": "x"},
            422,
            "unknown_portal",
            "بوابة غير معروفة",
        ),
        ({"session_id": "s-1", "message": "bonjour", "lang": "de"}, 422, "invalid_lang", "Langue"),
        ({"session_id": 5, "message": "bonjour"}, 422, "invalid_session_id", "Identifiant"),
        ({"session_id": "s-1", "message": ["a"]}, 422, "invalid_request", "message"),
        (
            {"session_id": "s-1", "message": "hi", "metadata": "x"},
            422,
            "invalid_request",
            "metadata",
        ),
    ],
)
def test_bad_chat_body_is_a_localized_4xx(
    client: TestClient, rasa: ScriptedRasa, body: dict, status: int, code: str, words: str
) -> None:
    response = client.post("/api/v1/chat", json=body)

    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    assert words in error["message"]
    assert rasa.received == []


@pytest.mark.parametrize(
    "raw", ['{"session_id": "s-1", "message": ', "not json", "[1, 2]", '"text"', ""]
)
def test_malformed_json_is_a_4xx(client: TestClient, raw: str) -> None:
    response = client.post(
        "/api/v1/chat",
        content=raw,
        headers={"Content-Type": "application/json", "Accept-Language": "ar"},
    )

    assert 400 <= response.status_code < 500
    assert response.json()["error"]["code"] in {"malformed_json", "invalid_request"}
    assert response.json()["error"]["message"]


def test_accept_language_chooses_the_error_language_when_the_body_says_nothing(
    client: TestClient,
) -> None:
    response = client.post(
        "/api/v1/chat",
        content="oops",
        headers={"Content-Type": "application/json", "Accept-Language": "en-GB,en"},
    )

    assert response.json()["error"]["message"] == "The request body is not valid JSON."


def test_unknown_route_is_a_json_404(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
