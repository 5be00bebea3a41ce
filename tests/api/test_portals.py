import pytest
from fastapi.testclient import TestClient

TOKEN = {"X-Internal-Token": "internal-test-token"}


@pytest.mark.parametrize(
    ("lang", "name"),
    [("fr", "portail Douane"), ("ar", "بوابة الجمارك"), ("en", "Customs portal")],
)
def test_internal_portal_name_is_localized(client: TestClient, lang: str, name: str) -> None:
    response = client.get(f"/api/v1/internal/portals/douane?lang={lang}", headers=TOKEN)

    assert response.status_code == 200
    assert response.json() == {"code": "douane", "name": name}


@pytest.mark.parametrize("headers", [{}, {"X-Internal-Token": "wrong"}, {"X-Internal-Token": ""}])
def test_internal_routes_need_the_internal_token(client: TestClient, headers: dict) -> None:
    response = client.get("/api/v1/internal/portals/douane", headers=headers)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_internal_token"


def test_unknown_portal_is_404(client: TestClient) -> None:
    assert client.get("/api/v1/internal/portals/amazon", headers=TOKEN).status_code == 404
