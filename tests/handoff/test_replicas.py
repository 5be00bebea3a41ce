"""Two API replicas sharing the database and Redis (TIJARIA_REDIS_URL): the user on replica
A, the agent on replica B; what either says reaches the other's socket. Skipped when no
Redis answers on 127.0.0.1:6379 ("skipped: no Redis")."""

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from api.config import Settings
from api.main import create_app
from api.rasa_client import RasaClient
from tests.api.accounts_helpers import sign_in
from tests.api.conftest import ScriptedRasa
from tests.handoff.conftest import scripted
from tests.push.conftest import REDIS_URL, redis_reachable


@pytest.fixture
def replicas(database_url: str) -> Iterator[tuple[TestClient, TestClient]]:
    if not redis_reachable():
        pytest.skip("skipped: no Redis on 127.0.0.1:6379")
    settings = Settings(
        database_url=database_url,
        redis_url=REDIS_URL,
        internal_token="internal-test-token",
        rasa_token="rasa-test-token",
        action_server_port=1,
        rasa_timeout_seconds=2.0,
    )
    rasa = ScriptedRasa(reply=scripted)

    def app() -> Any:
        return create_app(
            settings, rasa=RasaClient(settings.rasa_url, transport=httpx.MockTransport(rasa.handle))
        )

    with TestClient(app()) as a, TestClient(app()) as b:
        yield a, b


def until(ws: WebSocketTestSession, wanted: Any, limit: int = 20) -> dict[str, Any]:
    """The first frame `wanted` accepts (Redis is shared: other runs' events pass by)."""
    for _ in range(limit):
        frame = ws.receive_json()
        if wanted(frame):
            return dict(frame)
    raise AssertionError("the awaited frame never came")


def test_user_on_replica_a_and_agent_on_replica_b(
    replicas: tuple[TestClient, TestClient],
) -> None:
    a, b = replicas
    session_id = f"rep-{uuid.uuid4().hex[:12]}"
    agent = sign_in(b, f"agent.{session_id}", role="agent")
    assert (
        b.put(
            "/api/v1/agent/presence", json={"status": "available"}, headers=agent.headers
        ).status_code
        == 200
    )

    with (
        b.websocket_connect(f"/api/v1/agent/ws?token={agent.token}") as console,
        a.websocket_connect(f"/api/v1/chat/ws?session_id={session_id}") as widget,
    ):
        assert console.receive_json() == {"type": "ready"}
        widget.send_json({"message": "bonjour"})
        widget.receive_json()
        widget.send_json({"message": '/handoff_confirm{"reason":"asked"}'})
        queued = widget.receive_json()
        assert queued["handoff"]["state"] == "queued"

        notice = until(
            console,
            lambda e: e["type"] == "message" and "n° " in e["message"]["text"],
        )
        handoff_id = notice["handoff_id"]

        widget.send_json({"message": "Allô ?"})
        widget.receive_json()
        heard = until(
            console, lambda e: e.get("handoff_id") == handoff_id and e["type"] == "message"
        )
        assert heard["message"]["text"] == "Allô ?"

        accepted = b.post(f"/api/v1/agent/handoffs/{handoff_id}/accept", headers=agent.headers)
        assert accepted.status_code == 200, accepted.text
        replied = b.post(
            f"/api/v1/agent/handoffs/{handoff_id}/messages",
            json={"text": "Bonjour, ici l'agent."},
            headers=agent.headers,
        )
        assert replied.status_code == 201
        pushed = until(
            widget,
            lambda f: any(m["text"] == "Bonjour, ici l'agent." for m in f.get("messages", [])),
        )
        assert pushed["handoff"]["state"] == "active"
        assert pushed["messages"][0]["agent"] == {"name": f"Name of agent.{session_id}"}
