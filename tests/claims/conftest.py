"""Claims tests: the API client (SQLite and PostgreSQL) and helpers to file claims as a
signed-in user, with uploads made in that user's conversation."""

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.api.accounts_helpers import SignedIn, sign_in
from tests.api.conftest import client, rasa, settings  # noqa: F401 - fixtures
from tests.image_samples import make_jpeg, make_png
from tests.pdf_samples import make_pdf

PDF = make_pdf()
PNG = make_png()
JPEG = make_jpeg()


@dataclass
class Person:
    signed: SignedIn
    session_id: str

    @property
    def headers(self) -> dict[str, str]:
        return self.signed.headers


def person(client: TestClient, login: str, *, role: str = "operator") -> Person:
    """A signed-in user with a conversation of their own (one chat turn)."""
    signed = sign_in(client, login, role=role)
    session_id = f"s-{login.replace('.', '-')}"
    turn = client.post(
        "/api/v1/chat",
        json={"session_id": session_id, "message": "bonjour", "portal": "douane"},
        headers=signed.headers,
    )
    assert turn.status_code == 200, turn.text
    return Person(signed=signed, session_id=session_id)


def upload(
    client: TestClient, who: Person, content: bytes = PDF, name: str = "piece.pdf"
) -> httpx.Response:
    return client.post(
        "/api/v1/uploads",
        data={"session_id": who.session_id},
        files={"file": (name, content, "application/octet-stream")},
        headers=who.headers,
    )


def upload_id(
    client: TestClient, who: Person, content: bytes = PDF, name: str = "piece.pdf"
) -> str:
    response = upload(client, who, content, name)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def claim_body(**changes: Any) -> dict[str, Any]:
    return {
        "kind": "reclamation",
        "portal": "douane",
        "service": "consultation_manifestes",
        "object": "Manifeste introuvable",
        "details": "Le manifeste de l'escale du 3 novembre n'apparaît pas dans la recherche.",
        **changes,
    }


def file_claim(client: TestClient, who: Person, **changes: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/claims",
        json=claim_body(session_id=who.session_id, **changes),
        headers=who.headers,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


@pytest.fixture
def owner(client: TestClient) -> Person:
    return person(client, "owner.one")


@pytest.fixture
def other(client: TestClient) -> Person:
    return person(client, "other.user")


@pytest.fixture
def agent(client: TestClient) -> Person:
    return person(client, "agent.one", role="agent")
