"""Browser fixtures: Debian's chromium driven by Playwright, and the core served by uvicorn.

The core runs in-process with Rasa's REST channel played by a script (fast, and it can
make the bot say anything: Markdown, buttons, sources, HTML that must stay text).
"""

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import select

from api.config import Settings
from api.conversations.models import Message
from api.main import create_app
from api.migrate import upgrade
from api.rasa_client import RasaClient
from tests.api.conftest import ScriptedRasa, client, rasa, settings  # noqa: F401 - fixtures
from tests.e2e.conftest import tijaria  # noqa: F401 - the real-stack fixture

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveCore:
    url: str
    app: Any
    rasa: ScriptedRasa

    def user_texts(self) -> list[str]:
        with self.app.state.session_factory() as db:
            return list(
                db.scalars(
                    select(Message.text).where(Message.sender == "user").order_by(Message.seq)
                )
            )

    def sent_to_rasa(self) -> list[str]:
        return [body["message"] for body in self.rasa.received]


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Run `app` with uvicorn in a thread on a free port; yields its URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60  # the first app of a session loads the retriever
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def script() -> ScriptedRasa:
    return ScriptedRasa()


@pytest.fixture
def live_core(tmp_path: Path, script: ScriptedRasa) -> Iterator[LiveCore]:
    url = f"sqlite:///{tmp_path / 'tijaria.db'}"
    upgrade(url)
    core_settings = Settings(database_url=url, rasa_timeout_seconds=5.0, action_server_port=1)
    rasa_client = RasaClient(core_settings.rasa_url, transport=httpx.MockTransport(script.handle))
    app = create_app(core_settings, rasa=rasa_client)
    with serve(app) as base:
        yield LiveCore(url=base, app=app, rasa=script)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """One Playwright per test session: a second one in the same thread refuses to start."""
    if not CHROMIUM.exists():
        pytest.skip("skipped: no chromium (/usr/bin/chromium; `make test` installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser profile (empty localStorage) per test; JS errors fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def shot(page: Any, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """shot("name") saves tests/artifacts/widget-<test>-<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"widget-{request.node.name}-{name}.png"
        page.screenshot(path=str(path))
        return path

    return take
