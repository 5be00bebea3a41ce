"""The agents' console's page and files (api/web/pages.py, service.py), without a browser."""

import re

from fastapi.testclient import TestClient

from api.security_headers import PAGE_CSP
from api.web import service


def test_the_console_page_is_a_csp_clean_shell_in_the_requested_language(
    client: TestClient,
) -> None:
    response = client.get("/console")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == PAGE_CSP
    assert response.headers["x-frame-options"] == "DENY"
    html = response.text
    assert '<html lang="fr" dir="ltr">' in html
    # No inline script or style: every script has a src, no style element or attribute.
    assert re.findall(r"<script[^>]*>", html) == [
        '<script type="module" src="/console/static/app.js">'
    ]
    assert "<style" not in html and "style=" not in html
    # The sign-in form is the widget's: its modules' current version is named.
    assert f'data-widget-modules="/widget/{service.widget_build()}/"' in html

    arabic = client.get("/console", params={"lang": "ar"}).text
    assert '<html lang="ar" dir="rtl">' in arabic and "واجهة مستشاري PORTNET" in arabic
    assert '<html lang="fr"' in client.get("/console", params={"lang": "xx"}).text


def test_the_console_files_are_served_with_their_type_and_revalidated(
    client: TestClient,
) -> None:
    names = sorted(p.name for p in service.CONSOLE_FILES.iterdir())
    assert names == [
        "app.js",
        "console.css",
        "conversations.js",
        "dom.js",
        "files.js",
        "i18n.js",
    ]
    for name in names:
        response = client.get(f"/console/static/{name}")
        assert response.status_code == 200, name
        kind = "text/css" if name.endswith(".css") else "text/javascript"
        assert response.headers["content-type"].startswith(kind)
        assert response.headers["cache-control"] == "no-cache"
        assert response.content == (service.CONSOLE_FILES / name).read_bytes()
        again = client.get(
            f"/console/static/{name}", headers={"If-None-Match": response.headers["etag"]}
        )
        assert again.status_code == 304


def test_only_the_console_files_are_served(client: TestClient) -> None:
    for name in ("nope.js", "App.js", "app.ts", "..%2Fconsole.py", "%2E%2E"):
        response = client.get(f"/console/static/{name}")
        assert response.status_code == 404, name
        assert response.json()["error"]["code"] == "not_found"
    assert client.get("/console/static/../console.py").status_code == 404


def test_no_console_code_parses_text_as_html_or_code() -> None:
    for path in service.CONSOLE_FILES.glob("*.js"):
        source = path.read_text()
        for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function"):
            assert forbidden not in source, (path.name, forbidden)
