"""Security headers (issue 12, item 8): CSP, nosniff and no framing on the pages, no-store
on the API (tokens above all), and the pages still embed the widget."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.migrate import upgrade
from api.security_headers import PAGE_CSP
from tests.api.accounts_helpers import PASSWORD, create_user, sign_in


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'tijaria.db'}"
    upgrade(url)
    yield url


PAGES = [
    "/",
    "/portals/douane",
    "/portals/pmpce/mes-reclamations",
    "/rnoce/connexion",
    "/rnoce/inscription",
    "/rnoce/mot-de-passe-oublie",
    "/rnoce/mot-de-passe?token=x",
]


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_a_csp_and_cannot_be_framed(client: TestClient, path: str) -> None:
    response = client.get(path)

    # 410 for the spent link: a page too, with its own sign-in links.
    assert response.status_code in (200, 410), response.text
    assert response.headers["content-type"].startswith("text/html")
    csp = csp_directives(response.headers["content-security-policy"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["script-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    # Every script the page loads is this origin's, and there is no inline script or
    # handler for the CSP to block: the widget still loads.
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", response.text, flags=re.DOTALL)
    assert all(body.strip() == "" for _, body in scripts)
    assert all(re.search(r'src="/', attributes) for attributes, _ in scripts)
    assert not re.search(r"\son[a-z]+=", response.text)
    assert not re.search(r"\sstyle=", response.text)


def test_the_demo_portal_pages_embed_the_widget_under_the_csp(client: TestClient) -> None:
    page = client.get("/portals/douane").text
    widget = client.get("/widget/tijaria.js")

    assert '<script src="/widget/tijaria.js"' in page
    assert widget.status_code == 200 and widget.headers["x-content-type-options"] == "nosniff"
    # The widget's QR code is a data: image, its voice clips blobs, its socket this origin.
    csp = csp_directives(PAGE_CSP)
    assert "data:" in csp["img-src"] and "blob:" in csp["media-src"]
    assert csp["connect-src"] == ["'self'"]


@pytest.mark.parametrize(
    "path", ["/api/v1/health", "/api/v1/widget/config", "/api/v1/conversations/nope/messages"]
)
def test_api_answers_are_not_cached_nor_sniffed(client: TestClient, path: str) -> None:
    response = client.get(path)

    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_token_responses_say_no_store(client: TestClient) -> None:
    create_user(client, "headers.user")
    challenge = client.post(
        "/api/v1/auth/login", json={"login": "headers.user", "password": PASSWORD}
    )
    signed_in = sign_in(client, "headers.other")
    me = client.get("/api/v1/auth/me", headers=signed_in.headers)
    refused = client.post("/api/v1/auth/login", json={"login": "nobody", "password": "x"})

    for response in (challenge, me, refused):
        assert response.headers["cache-control"] == "no-store", response.request.url
    assert "mfa_token" in challenge.json()


def test_the_widget_script_keeps_its_own_cache_policy(client: TestClient) -> None:
    assert client.get("/widget/tijaria.js").headers["cache-control"] == "no-cache"


def test_the_api_docs_still_work(client: TestClient) -> None:
    docs = client.get("/docs")

    assert docs.status_code == 200 and "content-security-policy" not in docs.headers
    assert docs.headers["x-content-type-options"] == "nosniff"
