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


def test_the_copies_of_the_portal_list_match_its_home() -> None:
    """api/portals/catalog.py is the list; the copies where it cannot be imported follow it."""
    from pathlib import Path

    import yaml

    from actions.constants import DEFAULT_PORTAL as ACTIONS_DEFAULT
    from actions.constants import SUPPORTED_PORTALS
    from api.portals.catalog import DEFAULT_PORTAL, PORTAL_CODES
    from knowledge.portals import PORTALS as KNOWLEDGE_PORTALS

    domain = yaml.safe_load((Path(__file__).parents[2] / "domain.yml").read_text())
    slot = domain["slots"]["portal"]

    assert slot["values"] == list(PORTAL_CODES) and slot["initial_value"] == DEFAULT_PORTAL
    assert SUPPORTED_PORTALS == set(PORTAL_CODES) and ACTIONS_DEFAULT == DEFAULT_PORTAL
    assert KNOWLEDGE_PORTALS == PORTAL_CODES


def test_the_widget_config_says_the_portals_and_the_message_limit(client: TestClient) -> None:
    config = client.get("/api/v1/widget/config").json()

    assert config["portals"] == ["pmpce", "douane", "mic", "banques", "rnoce"]
    assert config["max_message_chars"] == 2000


def test_an_unknown_portal_error_lists_the_catalog(client: TestClient) -> None:
    response = client.post(
        "/api/v1/chat", json={"session_id": "s", "message": "hello", "portal": "x"}
    )

    assert response.json()["error"]["message"] == (
        "Unknown portal. Allowed values: pmpce, douane, mic, banques, rnoce."
    )
