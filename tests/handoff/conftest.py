"""Handoff tests: the core in-process with Rasa played by a stand-in (tests/api/conftest.py)
that also takes the tracker events the handoff sends (pause, resume), on SQLite and on
PostgreSQL when it answers; users and agents signed in through the real routes."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.accounts.models import User
from tests.api.accounts_helpers import SignedIn, sign_in
from tests.api.conftest import GREETINGS, ScriptedRasa, client, rasa, settings  # noqa: F401

QUESTION_REPLY = {
    "text": "**Mot de passe oublié**\n\nCliquez sur « Mot de passe oublié ».",
    "buttons": [],
}
SOURCE = {
    "title": "Mot de passe oublié",
    "guide": "Guide PMPCE",
    "section": "Connexion",
    "url": "https://example.ma/guide#mdp",
}


def scripted(body: dict[str, Any]) -> Any:
    """Rasa's answers: a tracker event is acknowledged; « mot de passe » is answered with
    an article (its source); anything else is greeted."""
    if "event" in body:
        return {"sender_id": "x", "events": [body]}
    if "mot de passe" in body["message"]:
        return [
            {"recipient_id": body["sender"], "text": QUESTION_REPLY["text"]},
            {"recipient_id": body["sender"], "custom": {"sources": [SOURCE]}},
        ]
    lang = body["metadata"]["language"]
    return [{"recipient_id": body["sender"], "text": GREETINGS[lang]}]


@pytest.fixture(autouse=True)
def _rasa_takes_tracker_events(rasa: ScriptedRasa) -> None:
    rasa.reply = scripted


def tracker_events(rasa: ScriptedRasa) -> list[str]:
    return [body["event"] for body in rasa.received if "event" in body]


def chat_turns(rasa: ScriptedRasa) -> list[str]:
    return [body["message"] for body in rasa.received if "message" in body]


@dataclass
class Person:
    signed: SignedIn
    user_id: str

    @property
    def headers(self) -> dict[str, str]:
        return self.signed.headers


def person(client: TestClient, login: str, *, role: str = "operator") -> Person:
    signed = sign_in(client, login, role=role)
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        user = db.scalar(select(User).where(User.login == login))
        assert user is not None
        return Person(signed=signed, user_id=user.id)


@pytest.fixture
def db(client: TestClient) -> Iterator[Session]:
    with client.app.state.session_factory() as session:  # type: ignore[attr-defined]
        yield session


@pytest.fixture
def samira(client: TestClient) -> Person:
    return person(client, "samira", role="agent")


@pytest.fixture
def karim(client: TestClient) -> Person:
    return person(client, "karim", role="agent")


def chat(client: TestClient, session_id: str, message: str, **extra: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/chat", json={"session_id": session_id, "message": message, **extra}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def available(client: TestClient, agent: Person) -> None:
    response = client.put(
        "/api/v1/agent/presence", json={"status": "available"}, headers=agent.headers
    )
    assert response.status_code == 200, response.text


def queue(client: TestClient, session_id: str, message: str = "bonjour") -> dict[str, Any]:
    """A conversation (one turn), then « Oui, attendre un agent »: queued."""
    chat(client, session_id, message)
    return chat(client, session_id, '/handoff_confirm{"reason":"asked"}')
