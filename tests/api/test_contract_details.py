"""Smaller contract points of issue 12: times carry their zone, the message limit has one
home, metadata is bounded, a common password is refused."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.accounts import passwords
from api.migrate import upgrade
from tests.api.accounts_helpers import PASSWORD, sign_in

# RFC 3339 date-time, as OpenAPI's `date-time` format wants it: with a zone.
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'tijaria.db'}"
    upgrade(url)
    yield url


def test_times_in_answers_carry_their_zone(client: TestClient) -> None:
    client.post("/api/v1/chat", json={"session_id": "tz-1", "message": "bonjour"})
    transcript = client.get("/api/v1/conversations/tz-1/messages").json()
    history = client.get("/api/v1/widget/conversations?session_id=tz-1").json()

    stamps = [m["created_at"] for m in transcript["messages"]]
    stamps += [c[key] for c in history["conversations"] for key in ("created_at", "updated_at")]
    assert len(stamps) == 4
    assert all(RFC3339.match(stamp) for stamp in stamps), stamps


def test_the_search_question_is_bounded_by_the_message_limit(client: TestClient) -> None:
    too_long = client.get("/api/v1/knowledge/search", params={"q": "a" * 2001, "lang": "en"})
    fine = client.get("/api/v1/knowledge/search", params={"q": "mot de passe " * 150})
    answer = client.post(
        "/api/v1/internal/knowledge/answer",
        json={"question": "mot de passe oublié " * 200},
        headers={"X-Internal-Token": "internal-test-token"},
    )

    assert too_long.status_code == 422
    assert too_long.json()["error"]["code"] == "message_too_long"
    assert fine.status_code == 200
    assert answer.status_code == 200  # the action relays the user's words: cut, not refused


@pytest.mark.parametrize(
    ("metadata", "status"),
    [
        ({"client_message_id": "c-1", "attachments": ["a" * 32] * 5}, 200),
        ({"form": {"id": "claim", "values": {"pieces": [{"id": "x"}]}}}, 200),
        ({"blob": "x" * (20 * 1024)}, 422),
        ({"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}, 422),
    ],
)
def test_metadata_is_bounded_in_size_and_depth(
    client: TestClient, metadata: dict, status: int
) -> None:
    response = client.post(
        "/api/v1/chat", json={"session_id": "meta-1", "message": "bonjour", "metadata": metadata}
    )

    assert response.status_code == status, response.text
    if status == 422:
        assert response.json()["error"]["code"] == "metadata_too_large"
        assert "16 Ko" in response.json()["error"]["message"]


def test_a_huge_json_body_is_refused_before_it_is_read(client: TestClient) -> None:
    response = client.post(
        "/api/v1/chat",
        json={"session_id": "big-1", "message": "bonjour", "metadata": {"x": "y" * 10_000_000}},
    )

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


@pytest.mark.parametrize(
    ("password", "common"),
    [
        ("Password1!", True),
        ("P@ssw0rd2024!", True),
        ("Azerty123!", True),
        ("Welcome1!", True),
        ("Soleil2025!", True),
        ("Portnet-Demo-2026!", False),
        ("Tijaria#2026x", False),
        ("Xk9!mPq2zT", False),
    ],
)
def test_common_passwords_are_recognised(password: str, common: bool) -> None:
    assert passwords.is_common_password(password) is common


def test_a_new_portnet_password_from_a_breach_list_is_refused(client: TestClient) -> None:
    user = sign_in(client, "breach.user")
    refused = client.post(
        "/api/v1/auth/password",
        json={
            "current_password": PASSWORD,
            "new_password": "Password1!",
            "confirmation": "Password1!",
        },
        headers=user.headers,
    )
    accepted = client.post(
        "/api/v1/auth/password",
        json={
            "current_password": PASSWORD,
            "new_password": "Tijaria#2026x",
            "confirmation": "Tijaria#2026x",
        },
        headers=user.headers,
    )

    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "common_password"
    assert refused.json()["error"]["message"].startswith("Ce mot de passe figure parmi")
    assert accepted.status_code == 204, accepted.text
