"""The widget's files, the demo pages and the widget's small API, without a browser."""

from fastapi.testclient import TestClient


def test_the_widget_script_is_served_as_javascript(client: TestClient) -> None:
    response = client.get("/widget/tijaria.js")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    assert "attachShadow" in response.text
    # Bot and user text are never parsed as HTML.
    for sink in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in response.text


def test_index_lists_the_five_portals(client: TestClient) -> None:
    html = client.get("/").text

    for code in ("pmpce", "douane", "mic", "banques", "rnoce"):
        assert f'href="/portals/{code}"' in html


def test_each_portal_page_embeds_the_widget_with_its_portal(client: TestClient) -> None:
    for code in ("pmpce", "douane", "mic", "banques", "rnoce"):
        html = client.get(f"/portals/{code}").text
        assert (
            f'<script src="/widget/tijaria.js" data-portal="{code}" data-lang="fr" defer></script>'
            in html
        )
        assert "Historique TijarIA" in html


def test_menu_pages_exist_and_unknown_ones_are_404(client: TestClient) -> None:
    page = client.get("/portals/banques/caution-bancaire")
    arabic = client.get("/portals/douane?lang=ar")

    assert page.status_code == 200 and "<h1>Caution bancaire</h1>" in page.text
    assert 'data-lang="ar"' in arabic.text
    assert client.get("/portals/douane?lang=<x>").text.count('data-lang="fr"') == 1
    assert client.get("/portals/nope").status_code == 404
    assert client.get("/portals/douane/nope").json()["error"]["code"] == "not_found"


def test_widget_config_offers_voice_while_the_voice_route_is_on(client: TestClient) -> None:
    assert client.get("/api/v1/widget/config").json() == {
        "voice": True,
        "voice_max_seconds": 60.0,
        "max_upload_bytes": 3 * 1024 * 1024,
        "upload_types": ["application/pdf"],
        "max_message_chars": 2000,
        "portals": ["pmpce", "douane", "mic", "banques", "rnoce"],
    }
    client.app.state.settings.voice_enabled = False  # TIJARIA_VOICE_ENABLED=false
    assert client.get("/api/v1/widget/config").json()["voice"] is False


def test_history_summarises_the_given_sessions_most_recent_first(client: TestClient) -> None:
    client.post(
        "/api/v1/chat", json={"session_id": "h-1", "message": "bonjour", "portal": "douane"}
    )
    client.post("/api/v1/chat", json={"session_id": "h-2", "message": "x" * 300, "portal": "mic"})
    client.post("/api/v1/chat", json={"session_id": "h-1", "message": "hello"})

    body = client.get(
        "/api/v1/widget/conversations?session_id=h-2&session_id=h-1&session_id=unknown"
    ).json()
    empty = client.get("/api/v1/widget/conversations").json()

    listed = body["conversations"]
    assert [c["session_id"] for c in listed] == ["h-1", "h-2"]
    assert listed[0]["title"] == "bonjour" and listed[0]["message_count"] == 4
    assert listed[0]["portal"] == "pmpce" and listed[0]["lang"] == "en"  # as of the last turn
    assert len(listed[1]["title"]) == 120 and listed[1]["title"].endswith("…")
    assert empty == {"conversations": []}
