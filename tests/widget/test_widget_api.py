"""The widget's files, the demo pages and the widget's small API, without a browser."""

from fastapi.testclient import TestClient

from api.web import service


def test_the_widget_script_is_served_as_javascript(client: TestClient) -> None:
    response = client.get("/widget/tijaria.js")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    # The loader names the modules' current version, and imports them from there.
    build = service.widget_build()
    assert "__TIJARIA_BUILD__" not in response.text and f'"{build}"' in response.text
    assert 'import(new URL("app.js", modules)' in response.text
    assert len(response.content) < 4000  # the loader stays small: the widget is in modules


def test_the_loader_is_revalidated_by_its_etag(client: TestClient) -> None:
    first = client.get("/widget/tijaria.js")
    again = client.get("/widget/tijaria.js", headers={"If-None-Match": first.headers["etag"]})
    other = client.get("/widget/tijaria.js", headers={"If-None-Match": '"stale"'})

    assert again.status_code == 304 and again.content == b""
    assert other.status_code == 200 and other.content == first.content


def test_modules_are_served_as_javascript_and_cached_for_good_under_their_version(
    client: TestClient,
) -> None:
    build = service.widget_build()
    names = sorted(p.name for p in service.WIDGET_MODULES.glob("*.js"))
    assert {"app.js", "i18n.js", "markdown.js", "transport.js", "history.js", "view.js"} <= set(
        names
    )
    assert {"voice.js", "account.js"} <= set(names)

    for name in names:
        response = client.get(f"/widget/{build}/{name}")
        assert response.status_code == 200, name
        assert response.headers["content-type"].startswith("text/javascript")
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert response.content == (service.WIDGET_MODULES / name).read_bytes()
    # A loader from before a deploy asks for an old version: the current file, not cached.
    stale = client.get("/widget/0123456789abcdef/app.js")
    assert stale.status_code == 200 and stale.headers["cache-control"] == "no-cache"


def test_only_the_widget_modules_are_served(client: TestClient) -> None:
    build = service.widget_build()
    for name in ("nope.js", "App.js", "app.ts", "..%2Fportal.js", "%2E%2E"):
        response = client.get(f"/widget/{build}/{name}")
        assert response.status_code == 404, name
        assert response.json()["error"]["code"] == "not_found"
    assert client.get(f"/widget/{build}/../routes.py").status_code == 404


def test_no_widget_code_parses_text_as_html_or_code() -> None:
    """Bot and user text are never parsed as HTML, and nothing is evaluated: the
    pages' Content-Security-Policy may forbid both."""
    files = [service.STATIC / "tijaria.js", *service.WIDGET_MODULES.glob("*.js")]
    for path in files:
        text = path.read_text()
        for sink in (
            ".innerHTML",
            ".outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
            'setTimeout("',
        ):
            assert sink not in text, (path.name, sink)


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
        "upload_types": ["application/pdf", "image/png", "image/jpeg"],
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
