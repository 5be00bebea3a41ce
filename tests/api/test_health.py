from fastapi.testclient import TestClient

from tests.api.conftest import ScriptedRasa


def test_health_reports_each_component(client: TestClient) -> None:
    body = client.get("/api/v1/health").json()

    assert body["database"]["ok"] is True
    assert body["rasa"]["ok"] is True
    # Nothing listens on the action server port configured for API tests.
    assert body["action_server"]["ok"] is False
    assert body["status"] == "degraded"


def test_health_sees_rasa_down(client: TestClient, rasa: ScriptedRasa) -> None:
    import httpx

    rasa_handle = rasa.handle

    def down(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/status":
            raise httpx.ConnectError("refused")
        return rasa_handle(request)

    rasa.handle = down  # type: ignore[method-assign]
    client.app.state.rasa._http._transport = httpx.MockTransport(down)  # type: ignore[attr-defined]

    body = client.get("/api/v1/health").json()

    assert body["rasa"]["ok"] is False
    assert body["status"] == "degraded"
