"""Issue 17 end to end: an existing portal page running botfront's rasa-webchat 1.0.1 (the
npm package, its own bundled socket.io-client) on another origin, with `socketUrl` at the
core; everything real (Rasa, action server, core, SQLite, Debian's chromium). Questions in
French and Arabic are answered with their sources; the user asks for an agent and clicks
the offer's quick reply; the agent accepts in /console and writes; the page is reloaded
and the conversation is still there, live: the agent's next message arrives too."""

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from api.conversations.models import Conversation
from api.database import make_engine, make_session_factory
from assistant.supervisor import free_port
from tests.e2e.conftest import RunningTijaria, rasa_paths
from tests.e2e.test_handoff_e2e import console

pytestmark = pytest.mark.e2e

WEBCHAT = "rasa-webchat@1.0.1"

# The portal's page: rasa-webchat as its README mounts it, `socketUrl` at the core (given
# in the query), the language left to the core to detect. No delay between messages: the
# test reads them as they come.
PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Portail Douane</title></head>
<body>
<h1>Portail Douane</h1>
<div id="webchat"></div>
<script src="/rasa-webchat/index.js"></script>
<script>
  window.WebChat.default({
    socketUrl: new URLSearchParams(location.search).get("core"),
    socketPath: "/socket.io/",
    customData: { portal: "douane" },
    embedded: true,
    title: "TijarIA",
    customMessageDelay: () => 0,
    params: { storage: "local" },
  }, document.getElementById("webchat"));
</script>
</body></html>
"""


def webchat_package() -> Path:
    """rasa-webchat from npm, installed once in the cache beside the venvs (keyed by the
    version), never in the work tree."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("skipped: no npm to install rasa-webchat")
    cache = Path(os.environ.get("TIJARIA_CACHE_DIR") or Path.home() / ".cache" / "tijaria")
    home = cache / f"npm-rasa-webchat-{hashlib.sha256(WEBCHAT.encode()).hexdigest()[:16]}"
    bundle = home / "node_modules" / "rasa-webchat" / "lib" / "index.js"
    cache.mkdir(parents=True, exist_ok=True)
    with open(f"{home}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (home / ".complete").exists():
            shutil.rmtree(home, ignore_errors=True)
            home.mkdir()
            subprocess.run(
                [
                    npm,
                    "install",
                    "--prefix",
                    str(home),
                    WEBCHAT,
                    "--no-audit",
                    "--no-fund",
                    "--ignore-scripts",
                    "--omit=dev",
                ],
                check=True,
                capture_output=True,
                timeout=600,
            )
            (home / ".complete").touch()
    assert bundle.is_file(), bundle
    return bundle


@pytest.fixture(scope="module", autouse=True)
def portal_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The portal's own site, on another origin than the core's (which lets it in through
    TIJARIA_CORS_ORIGINS, set before the module's stack starts)."""
    rasa_paths()  # skipped without Rasa before npm is asked for anything
    root = tmp_path_factory.mktemp("portal")
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "rasa-webchat").mkdir()
    shutil.copy(webchat_package(), root / "rasa-webchat" / "index.js")
    port = free_port()
    server = ThreadingHTTPServer(
        ("127.0.0.1", port), partial(SimpleHTTPRequestHandler, directory=str(root))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{port}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TIJARIA_CORS_ORIGINS", origin)
        yield origin
    server.shutdown()


def conversations_of(tijaria: RunningTijaria) -> list[tuple[str, str]]:
    engine = make_engine(tijaria.settings.database_url)
    with make_session_factory(engine)() as db:
        rows = db.execute(select(Conversation.session_id, Conversation.state)).all()
    engine.dispose()
    return [(session_id, state) for session_id, state in rows]


def ask(page: Page, text: str) -> None:
    box = page.locator(".rw-new-message")
    box.fill(text)
    box.press("Enter")
    expect(page.locator(".rw-client").last).to_contain_text(text)


def test_a_rasa_webchat_page_gets_answers_quick_replies_an_agent_and_keeps_it_on_reload(
    tijaria: RunningTijaria, portal_site: str, demo_secrets: dict[str, str], browser: Browser
) -> None:
    agent = console(browser, tijaria, demo_secrets["demo.agent"])
    desk = agent.locator("#panel-conversations")
    desk.get_by_label("Disponible").check()

    user = browser.new_page()
    user.goto(f"{portal_site}/index.html?core={tijaria.api_url}")
    bot = user.locator(".rw-response")

    # French, then Arabic: each answered from the guides, in its language, with the
    # source line (the first turn may load models: 30 s).
    ask(user, "Comment changer mon mot de passe ?")
    expect(bot.filter(has_text="Sources :").first).to_contain_text("mot de passe", timeout=30_000)
    ask(user, "كيف أغير كلمة المرور؟")
    expect(bot.filter(has_text="المصادر:").first).to_contain_text("كلمة المرور", timeout=30_000)

    # An agent: the offer comes with quick replies; « Oui, attendre un agent ».
    ask(user, "Je veux parler à un conseiller")
    yes = user.locator(".rw-replies .rw-reply").filter(has_text="Oui, attendre un agent")
    expect(yes).to_be_visible(timeout=30_000)
    yes.click()
    expect(bot.last).to_contain_text("Vous êtes n° 1 dans la file d'attente")
    [(session_id, state)] = conversations_of(tijaria)
    assert state == "queued"

    desk.get_by_role("button", name=re.compile("^Accepter")).first.click()
    pane = desk.locator("section.conversation")
    expect(pane.locator("ol.chat > li").first).to_contain_text("mot de passe")
    reply = pane.get_by_label("Votre réponse à l'usager")
    reply.fill("Bonjour, je suis là pour vous aider.")
    reply.press("Enter")
    expect(bot.last).to_contain_text("Bonjour, je suis là pour vous aider.")

    # A reload: rasa-webchat asks for its stored session, the core confirms it; what was
    # said is still there, and the live conversation goes on on the new socket.
    # (rasa-webchat logs « session_confirm:<socket> session_id:<id> » when it has it.)
    with user.expect_console_message(
        lambda m: m.text.startswith("session_confirm:") and m.text.endswith(session_id)
    ):
        user.reload()
    expect(bot.filter(has_text="Bonjour, je suis là pour vous aider.")).to_have_count(1)
    expect(user.locator(".rw-client").first).to_contain_text("Comment changer mon mot de passe")
    reply.fill("Avez-vous trouvé ?")
    reply.press("Enter")
    expect(bot.last).to_contain_text("Avez-vous trouvé ?")
    ask(user, "Oui, merci beaucoup")
    expect(pane.locator("ol.chat > li").last).to_contain_text("Oui, merci beaucoup")
    assert conversations_of(tijaria) == [(session_id, "agent")]
