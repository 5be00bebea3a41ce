"""`require_role` on a route of its own; the outbox routes use it (tests/api/test_authorization.py)."""

from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient

from api.deps import require_realm, require_role
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


def test_only_the_listed_realm_gets_through(client: TestClient) -> None:
    from api.accounts import service as accounts
    from api.accounts.models import UserCreate

    router = APIRouter()

    @router.get(
        "/api/v1/test-only/rnoce",
        dependencies=[Depends(require_realm("rnoce", code="subscription_rnoce_only"))],
    )
    def rnoce_only() -> dict[str, bool]:
        return {"ok": True}

    client.app.include_router(router)  # type: ignore[attr-defined]
    portnet = sign_in(client, "op.b", role="operator")
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        user = accounts.create(
            db=db,
            user_in=UserCreate(
                realm="rnoce", login="r@example.ma", email="r@example.ma", display_name="R"
            ),
        )
        token = accounts.issue_session(db=db, settings=client.app.state.settings, user=user)  # type: ignore[attr-defined]
        db.commit()

    ok = client.get(
        "/api/v1/test-only/rnoce", headers={"Authorization": f"Bearer {token.access_token}"}
    )
    assert ok.status_code == 200
    refused = client.get("/api/v1/test-only/rnoce", headers=portnet.headers)
    assert (
        refused.status_code == 403 and refused.json()["error"]["code"] == "subscription_rnoce_only"
    )
    assert client.get("/api/v1/test-only/rnoce").status_code == 401
