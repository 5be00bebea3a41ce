"""A portal site on another origin may embed the widget only when it is listed."""

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from api.config import Settings
from api.main import create_app
from api.rasa_client import RasaClient
from tests.api.conftest import ScriptedRasa

PORTAL = "https://douane.portnet.example"


@pytest.fixture
def cors_client(settings: Settings, rasa: ScriptedRasa) -> Iterator[TestClient]:
    listed = settings.model_copy(
        update={"cors_origins": f" {PORTAL}/ , https://www.portnet.example"}
    )
    app = create_app(
        listed, rasa=RasaClient(listed.rasa_url, transport=httpx.MockTransport(rasa.handle))
    )
    with TestClient(app) as client:
        yield client


def preflight(client: TestClient, origin: str) -> httpx.Response:
    return client.options(
        "/api/v1/chat",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )


def test_a_listed_portal_may_call_with_a_bearer_token(cors_client: TestClient) -> None:
    response = preflight(cors_client, PORTAL)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == PORTAL
    assert "authorization" in response.headers["access-control-allow-headers"].lower()
    answered = cors_client.get("/api/v1/widget/config", headers={"Origin": PORTAL})
    assert answered.headers["access-control-allow-origin"] == PORTAL


def test_another_site_gets_no_cors_headers(cors_client: TestClient) -> None:
    response = preflight(cors_client, "https://evil.example")
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


def test_without_the_setting_nothing_is_shared(client: TestClient) -> None:
    response = client.get("/api/v1/widget/config", headers={"Origin": PORTAL})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_a_listed_portal_reads_the_wait_of_a_refusal_and_the_conversation_key(
    settings: Settings, rasa: ScriptedRasa
) -> None:
    """The widget on a portal's own site resends a refused message after Retry-After and
    keeps the key it is handed: both headers must be readable across origins."""
    limited = settings.model_copy(
        update={"cors_origins": PORTAL, "chat_per_session_minute": 1, "chat_window_seconds": 5}
    )
    app = create_app(
        limited, rasa=RasaClient(limited.rasa_url, transport=httpx.MockTransport(rasa.handle))
    )
    body = {"session_id": "s-cors-1", "message": "bonjour", "portal": "douane"}
    with TestClient(app) as client:
        first = client.post("/api/v1/chat", json=body, headers={"Origin": PORTAL})
        assert first.status_code == 200
        exposed = first.headers["access-control-expose-headers"].lower()
        assert "x-conversation-key" in exposed and "retry-after" in exposed
        assert first.headers["x-conversation-key"]
        refused = client.post("/api/v1/chat", json=body, headers={"Origin": PORTAL})
        assert refused.status_code == 429
        # The window is chat_window_seconds long, not a minute.
        assert 1 <= int(refused.headers["retry-after"]) <= 5
        assert "retry-after" in refused.headers["access-control-expose-headers"].lower()
