"""`require_role` on a route of its own; the outbox routes use it (tests/api/test_authorization.py)."""

from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient

from api.deps import require_role
from tests.api.accounts_helpers import sign_in


def test_only_the_listed_roles_get_through(client: TestClient) -> None:
    router = APIRouter()

    @router.get("/api/v1/test-only/agents", dependencies=[Depends(require_role("agent", "staff"))])
    def agents_only() -> dict[str, bool]:
        return {"ok": True}

    client.app.include_router(router)  # type: ignore[attr-defined]
    agent = sign_in(client, "agent.a", role="agent")
    operator = sign_in(client, "op.a", role="operator")

    assert client.get("/api/v1/test-only/agents", headers=agent.headers).status_code == 200
    refused = client.get("/api/v1/test-only/agents", headers=operator.headers)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden_role"
    assert client.get("/api/v1/test-only/agents").status_code == 401
