"""How the widget's modules load, in Debian's chromium: the one-tag loader imports them
from its own URL (not the page's), the voice recorder and the account forms only once
used, and a portal on another origin embeds the widget when TIJARIA_CORS_ORIGINS lets it.

Screenshots go to tests/artifacts/widget-*.png.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from api.config import Settings
from api.main import create_app
from api.migrate import upgrade
from api.rasa_client import RasaClient
from api.web import service
from tests.api.conftest import ScriptedRasa
from tests.widget.conftest import LiveCore, serve
from tests.widget.test_widget_browser import (
    FAKE_MICROPHONE,
    W,
    ask,
    bot_bubbles,
    open_widget,
    user_bubbles,
)

pytestmark = pytest.mark.e2e

MODULE = re.compile(r"/widget/([^/]+)/([a-z][a-z0-9_-]*\.js)$")


def module_requests(urls: list[str]) -> list[tuple[str, str, str]]:
    """(origin, build, module) of each module the page fetched."""
    found = []
    for url in urls:
        parsed = httpx.URL(url)
        match = MODULE.search(parsed.path)
        if match:
            origin = f"{parsed.scheme}://{parsed.host}:{parsed.port}"
            found.append((origin, match.group(1), match.group(2)))
    return found


def test_voice_and_account_modules_load_only_when_used(
    page: Page, live_core: LiveCore, shot: Any
) -> None:
    page.add_init_script(FAKE_MICROPHONE)
    page.route(
        "**/api/v1/widget/config",
        lambda route: route.fulfill(
            json={"voice": True, "max_upload_bytes": 3145728, "upload_types": ["application/pdf"]}
        ),
    )
    page.route("**/api/v1/voice", lambda route: route.fulfill(json={"text": "bonjour"}))
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))

    page.goto(f"{live_core.url}/portals/douane")
    open_widget(page)
    ask(page, "bonjour")
    expect(bot_bubbles(page)).to_have_text(["Bonjour !"])
    page.locator("a[data-tijaria=showHistory]").click()
    expect(page.locator(f"{W} .history-item")).to_have_count(1)
    page.locator(f"{W} .history-btn").click()

    build = service.widget_build()
    loaded = module_requests(urls)
    names = {name for _, _, name in loaded}
    assert {"app.js", "i18n.js", "markdown.js", "transport.js", "history.js", "view.js"} <= names
    assert "voice.js" not in names and "account.js" not in names
    assert {(origin, version) for origin, version, _ in loaded} == {(live_core.url, build)}

    # The microphone's first press brings the recorder in, and records.
    mic = page.locator(f"{W} .mic-btn")
    mic.click()
    expect(page.locator(f"{W} .rec")).to_contain_text("Enregistrement en cours")
    assert "voice.js" in {name for _, _, name in module_requests(urls)}
    page.wait_for_timeout(400)
    mic.click()
    expect(user_bubbles(page)).to_have_text(["bonjour", "bonjour"])
    assert "account.js" not in {name for _, _, name in module_requests(urls)}

    # « Se connecter » in the page header brings the account forms in.
    page.locator("summary", has_text="Se connecter").click()
    expect(page.locator("#portnet-signin").get_by_label("Mot de passe")).to_be_visible()
    fetched = [name for _, _, name in module_requests(urls)]
    assert "account.js" in fetched
    assert len(fetched) == len(set(fetched)), "a module was fetched twice"
    shot("modules-loaded")


def test_modules_are_cached_for_good_between_pages(page: Page, live_core: LiveCore) -> None:
    """A second page of the portal revalidates the small loader, and takes every module
    from the browser's cache."""
    page.goto(f"{live_core.url}/portals/douane")
    page.wait_for_function("() => window.TijarIA && window.TijarIA.widget")
    loader: list[int] = []
    page.on(
        "response",
        lambda r: loader.append(r.status) if r.url.endswith("/widget/tijaria.js") else None,
    )
    page.goto(f"{live_core.url}/portals/douane/consultation-des-manifestes")
    page.wait_for_function("() => window.TijarIA && window.TijarIA.widget")
    expect(page.locator(f"{W} .launcher")).to_be_visible()

    assert loader and loader[0] in (200, 304)  # the loader is asked for again
    served = page.evaluate(
        """() => performance.getEntriesByType("resource")
             .filter((e) => /\\/widget\\/[^/]+\\/[a-z][a-z0-9_-]*\\.js$/.test(e.name))
             .map((e) => [e.name, e.transferSize])"""
    )
    assert served, "no module was loaded"
    # transferSize 0: the module came from the cache, without asking the server.
    assert all(size == 0 for _, size in served), served


@contextmanager
def portal_site() -> Iterator[tuple[str, dict[str, str]]]:
    """Another origin: a portal's own page embedding the widget with its one tag. Its page
    says what a strict portal might: scripts only from the TijarIA host, no inline code."""
    page_for: dict[str, str] = {}

    async def home(request: Request) -> HTMLResponse:
        core = page_for["core"]
        ws = core.replace("http://", "ws://")
        return HTMLResponse(
            '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
            "<title>Portail partenaire</title></head><body><h1>Portail partenaire</h1>"
            f'<script src="{core}/widget/tijaria.js" data-portal="douane" data-lang="fr" defer>'
            "</script></body></html>",
            headers={
                "Content-Security-Policy": f"default-src 'self'; script-src {core}; "
                f"connect-src {core} {ws}; img-src 'self' data:; style-src 'self'; "
                "object-src 'none'; base-uri 'none'"
            },
        )

    with serve(Starlette(routes=[Route("/", home)])) as url:
        yield url, page_for


@contextmanager
def core_for(tmp_path: Path, cors_origins: str) -> Iterator[LiveCore]:
    url = f"sqlite:///{tmp_path / 'tijaria.db'}"
    upgrade(url)
    script = ScriptedRasa()
    settings = Settings(
        database_url=url, rasa_timeout_seconds=5.0, action_server_port=1, cors_origins=cors_origins
    )
    rasa_client = RasaClient(settings.rasa_url, transport=httpx.MockTransport(script.handle))
    app = create_app(settings, rasa=rasa_client)
    with serve(app) as base:
        yield LiveCore(url=base, app=app, rasa=script)


def test_a_portal_on_another_origin_embeds_the_widget_with_one_tag(
    page: Page, tmp_path: Path, shot: Any
) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    with portal_site() as (site, page_for), core_for(tmp_path, cors_origins=site) as core:
        page_for["core"] = core.url
        urls: list[str] = []
        page.on("request", lambda request: urls.append(request.url))
        page.goto(site + "/")
        open_widget(page)
        ask(page, "bonjour")
        expect(bot_bubbles(page)).to_have_text(["Bonjour !"])
        expect(page.locator(f"{W} .launcher")).to_be_hidden()
        shot("other-origin")

        assert core.user_texts() == ["bonjour"]
        loaded = module_requests(urls)
        assert {"app.js", "view.js"} <= {name for _, _, name in loaded}
        # Every module came from the TijarIA host the tag named, none from the portal's.
        assert {origin for origin, _, _ in loaded} == {core.url}
        assert not [u for u in urls if u.startswith(site) and "/widget/" in u]
        assert page.evaluate("() => window.TijarIA.widget.apiBase") == core.url + "/"
    assert violations == []


def test_without_cors_a_foreign_portal_gets_no_widget_rather_than_a_broken_one(
    page: Page, tmp_path: Path
) -> None:
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if m.type == "error" else None)
    with portal_site() as (site, page_for), core_for(tmp_path, cors_origins="") as core:
        page_for["core"] = core.url
        page.goto(site + "/")
        page.wait_for_function("() => window.TijarIA && 'widget' in window.TijarIA")
        expect(page.get_by_text("Portail partenaire")).to_be_visible()
        page.wait_for_timeout(500)
        assert page.locator(W).count() == 0
        assert page.evaluate("() => window.TijarIA.widget") is None
    assert any("TijarIA: the widget could not be loaded." in m for m in messages), messages
