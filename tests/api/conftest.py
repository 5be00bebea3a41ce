"""The core in-process, with Rasa's REST channel played by a scripted stand-in.

API tests check what the core does around Rasa; the end-to-end tests in tests/e2e
use the real Rasa server.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.config import Settings
from api.conversations.models import Message
from api.main import create_app
from api.rasa_client import RasaClient

GREETINGS = {"fr": "Bonjour !", "ar": "مرحبا!", "en": "Hello!"}


@dataclass
class ScriptedRasa:
    """Answers like Rasa's REST webhook and records what the core sent it."""

    received: list[dict[str, Any]] = field(default_factory=list)
    # Filled by the test client fixture: user messages already in the database when asked.
    stored_before_forward: list[list[str]] = field(default_factory=list)
    fail_with: Exception | None = None
    reply: Callable[[dict[str, Any]], list[dict[str, Any]]] | None = None
    snapshot: Callable[[], list[str]] = list

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/status":
            return httpx.Response(200, json={"model_file": "models/test.tar.gz"})
        body = json.loads(request.content)
        self.received.append(body)
        self.stored_before_forward.append(self.snapshot())
        if self.fail_with is not None:
            raise self.fail_with
        if self.reply is not None:
            return httpx.Response(200, json=self.reply(body))
        lang = body["metadata"]["language"]
        return httpx.Response(200, json=[{"recipient_id": body["sender"], "text": GREETINGS[lang]}])


@pytest.fixture
def rasa() -> ScriptedRasa:
    return ScriptedRasa()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        internal_token="internal-test-token",
        rasa_token="rasa-test-token",
        # Nothing listens there: the action server counts as unreachable.
        action_server_port=1,
        rasa_timeout_seconds=2.0,
    )


@pytest.fixture
def client(settings: Settings, rasa: ScriptedRasa) -> Iterator[TestClient]:
    app = create_app(
        settings,
        rasa=RasaClient(settings.rasa_url, transport=httpx.MockTransport(rasa.handle)),
    )

    def user_texts() -> list[str]:
        with app.state.session_factory() as db:
            return list(db.scalars(select(Message.text).where(Message.sender == "user")))

    rasa.snapshot = user_texts
    with TestClient(app) as test_client:
        yield test_client
