"""Rate limits of chat and uploads (issue 12, item 6): per session and per client address,
429 with Retry-After and a message in the user's language, refused before anything is
stored; shared through Redis by every replica."""

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.config import Settings
from api.conversations.models import Message
from api.main import create_app
from api.migrate import upgrade
from api.rasa_client import RasaClient
from api.rate_limits import RateLimits
from api.uploads.models import Upload
from tests.api.conftest import ScriptedRasa
from tests.pdf_samples import make_pdf


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'tijaria.db'}"
    upgrade(url)
    yield url


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        internal_token="internal-test-token",
        action_server_port=1,
        rasa_timeout_seconds=2.0,
        chat_per_session_minute=3,
        chat_per_client_minute=5,
        uploads_per_session_hour=2,
        uploads_per_client_hour=3,
    )


def say(
    client: TestClient, session_id: str, text: str = "bonjour", **extra: object
) -> httpx.Response:
    return client.post("/api/v1/chat", json={"session_id": session_id, "message": text, **extra})


def count(client: TestClient, model: type) -> int:
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_a_session_over_its_limit_gets_429_and_its_message_is_not_stored(
    client: TestClient, rasa: ScriptedRasa
) -> None:
    answered = [say(client, "rl-1").status_code for _ in range(3)]
    refused = say(client, "rl-1", "message de trop")
    english = say(client, "rl-1", "one more", lang="en")
    arabic = say(client, "rl-1", "مرحبا")

    assert answered == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "too_many_messages"
    message = refused.json()["error"]["message"]
    assert message.startswith("Vous envoyez des messages trop vite : ce message n'a pas été envoyé")
    retry_after = int(refused.headers["Retry-After"])
    assert 1 <= retry_after <= 60 and f"{retry_after} secondes" in message
    assert english.json()["error"]["message"].startswith("You are sending messages too quickly")
    assert "أنت ترسل الرسائل" in arabic.json()["error"]["message"]
    # Refused before storing: Rasa never saw them, the transcript does not have them.
    assert len(rasa.received) == 3
    texts = [
        m["text"] for m in client.get("/api/v1/conversations/rl-1/messages").json()["messages"]
    ]
    assert "message de trop" not in texts and count(client, Message) == 6


def test_other_sessions_of_the_same_address_share_the_client_limit(client: TestClient) -> None:
    statuses = [say(client, f"rl-client-{i}").status_code for i in range(6)]

    assert statuses == [200] * 5 + [429]


def test_the_websocket_counts_the_same_messages(client: TestClient) -> None:
    say(client, "rl-ws")
    say(client, "rl-ws")
    with client.websocket_connect("/api/v1/chat/ws?session_id=rl-ws") as ws:
        ws.send_json({"message": "bonjour"})
        third = ws.receive_json()
        ws.send_json({"message": "hello", "lang": "en"})
        refused = ws.receive_json()
        ws.send_json({"message": "still there?", "lang": "en"})
        still = ws.receive_json()

    assert third["messages"]
    assert refused["error"]["code"] == "too_many_messages"
    assert refused["error"]["message"].startswith("You are sending messages too quickly")
    assert 1 <= refused["error"]["retry_after"] <= 60
    assert still["error"]["code"] == "too_many_messages"  # the socket stays open


def test_uploads_are_limited_per_session_and_per_client(client: TestClient) -> None:
    def upload(session_id: str) -> httpx.Response:
        return client.post(
            "/api/v1/uploads",
            data={"session_id": session_id},
            files={"file": ("facture.pdf", make_pdf(), "application/pdf")},
        )

    session = [upload("up-a").status_code for _ in range(3)]
    other = [upload("up-b").status_code for _ in range(2)]

    assert session == [201, 201, 429]
    assert other == [201, 429]  # the address's third upload of the hour was its last
    refused = upload("up-c")
    assert refused.json()["error"]["code"] == "too_many_uploads"
    assert refused.json()["error"]["message"].startswith("Trop de fichiers envoyés")
    assert "minutes" in refused.json()["error"]["message"]
    assert int(refused.headers["Retry-After"]) > 60
    assert count(client, Upload) == 3


def test_the_limits_read_the_client_address_uvicorn_gives(
    settings: Settings, rasa: ScriptedRasa
) -> None:
    """Behind a proxy, uvicorn puts the X-Forwarded-For address in the ASGI scope; two
    people behind the same proxy are then two clients."""
    app = create_app(
        settings, rasa=RasaClient(settings.rasa_url, transport=httpx.MockTransport(rasa.handle))
    )
    with (
        TestClient(app, client=("10.0.0.1", 50000)) as first,
        TestClient(app, client=("10.0.0.2", 50000)) as second,
    ):
        one = [say(first, f"a-{i}").status_code for i in range(6)]
        two = [say(second, f"b-{i}").status_code for i in range(5)]

    assert one == [200] * 5 + [429]
    assert two == [200] * 5


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="skipped: no Redis on 127.0.0.1:6379")
def test_with_redis_every_replica_counts_the_same_messages(
    settings: Settings, rasa: ScriptedRasa
) -> None:
    shared = settings.model_copy(update={"redis_url": "redis://127.0.0.1:6379/0"})
    prefix = f"tijaria-test-{uuid.uuid4().hex[:8]}"
    replicas = []
    for _ in range(2):
        app = create_app(
            shared, rasa=RasaClient(shared.rasa_url, transport=httpx.MockTransport(rasa.handle))
        )
        app.state.rate_limits = RateLimits(shared, key_prefix=prefix)
        replicas.append(app)
    try:
        with TestClient(replicas[0]) as a, TestClient(replicas[1]) as b:
            statuses = [say(c, "redis-1").status_code for c in (a, b, a, b)]
    finally:
        replicas[0].state.rate_limits.reset()

    assert statuses == [200, 200, 200, 429]


def test_when_the_limit_store_is_down_chat_still_answers(
    settings: Settings, rasa: ScriptedRasa, caplog: pytest.LogCaptureFixture
) -> None:
    down = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    app = create_app(
        down, rasa=RasaClient(down.rasa_url, transport=httpx.MockTransport(rasa.handle))
    )
    with TestClient(app) as client:
        response = say(client, "redis-down")

    assert response.status_code == 200
    assert "rate limit storage unavailable" in caplog.text
