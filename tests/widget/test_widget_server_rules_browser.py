"""The widget follows the server's rules, in Debian's chromium against the real core:
a message refused for now (429) is kept and goes again by itself; the conversation key
travels from a portal on another origin, so signing in there keeps the conversation;
the limits and portals come from /api/v1/widget/config.

Screenshots go to tests/artifacts/widget-*.png.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest
from playwright.sync_api import Page, expect

from api.config import Settings
from api.main import create_app
from api.migrate import upgrade
from api.rasa_client import RasaClient
from tests.api.accounts_helpers import PASSWORD, create_user_in
from tests.api.conftest import ScriptedRasa
from tests.pdf_samples import make_pdf
from tests.widget.conftest import LiveCore, serve
from tests.widget.test_signin_browser import QUESTION, personal_reply
from tests.widget.test_widget_browser import W, ask, bot_bubbles, open_widget, user_bubbles
from tests.widget.test_widget_modules_browser import portal_site

pytestmark = pytest.mark.e2e

# Browsers without a WebSocket (or a proxy that blocks it): the widget posts to /chat.
NO_WEBSOCKET = "delete window.WebSocket;"


@contextmanager
def core_with(tmp_path: Path, **overrides: Any) -> Iterator[LiveCore]:
    url = f"sqlite:///{tmp_path / 'tijaria.db'}"
    upgrade(url)
    script = ScriptedRasa()
    settings = Settings(
        database_url=url, rasa_timeout_seconds=5.0, action_server_port=1, **overrides
    )
    rasa_client = RasaClient(settings.rasa_url, transport=httpx.MockTransport(script.handle))
    app = create_app(settings, rasa=rasa_client)
    with serve(app) as base:
        yield LiveCore(url=base, app=app, rasa=script)


def echo(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"recipient_id": body["sender"], "text": f"Reçu : {body['message']}"}]


def test_a_message_over_the_limit_is_kept_then_delivered_by_itself(
    page: Page, tmp_path: Path, shot: Any
) -> None:
    with core_with(tmp_path, chat_per_session_minute=2, chat_window_seconds=3) as core:
        core.rasa.reply = echo
        page.goto(f"{core.url}/portals/pmpce")
        open_widget(page)
        for text in ("un", "deux", "trois"):
            ask(page, text)
        held = page.locator(f"{W} .log .msg.user.held")
        expect(held).to_have_count(1)
        expect(held.locator(".bubble")).to_have_text("trois")
        expect(held.locator(".held-note")).to_contain_text("ce message n'a pas été envoyé")
        expect(held.get_by_role("button", name="Renvoyer")).to_be_visible()
        shot("held")
        assert core.user_texts() == ["un", "deux"]

        # Once the window allows, it goes by itself (the same id: stored once).
        expect(bot_bubbles(page)).to_have_text(
            ["Reçu : un", "Reçu : deux", "Reçu : trois"], timeout=10_000
        )
        expect(held).to_have_count(0)
        expect(page.locator(f"{W} .held-note")).to_have_count(0)
        assert core.user_texts() == ["un", "deux", "trois"]
        assert (
            page.evaluate("localStorage.getItem('tijaria.outbox.' + TijarIA.widget.sessionId)")
            is None
        )


def test_over_http_a_refused_message_survives_a_reload_and_renvoyer_sends_it(
    page: Page, tmp_path: Path
) -> None:
    page.add_init_script(NO_WEBSOCKET)
    with core_with(tmp_path, chat_per_session_minute=2) as core:
        core.rasa.reply = echo
        page.goto(f"{core.url}/portals/pmpce")
        open_widget(page)
        ask(page, "un")
        expect(bot_bubbles(page)).to_have_count(1)
        ask(page, "deux")
        expect(bot_bubbles(page)).to_have_count(2)
        ask(page, "trois")
        held = page.locator(f"{W} .log .msg.user.held")
        expect(held.locator(".held-note")).to_contain_text("Attendez")
        # The typing dots do not promise an answer that waits for the user.
        expect(page.locator(f"{W} .typing")).to_be_hidden()

        # Leaving the page does not lose it: the reload sends it again, refused again.
        page.reload()
        expect(held.locator(".bubble")).to_have_text("trois")
        assert core.user_texts() == ["un", "deux"]

        # « Renvoyer » sends it now (the limit was lifted here rather than waited out).
        core.app.state.rate_limits.reset()
        held.get_by_role("button", name="Renvoyer").click()
        expect(bot_bubbles(page)).to_have_text(["Reçu : un", "Reçu : deux", "Reçu : trois"])
        expect(held).to_have_count(0)
        expect(user_bubbles(page)).to_have_text(["un", "deux", "trois"])
        assert core.user_texts() == ["un", "deux", "trois"]


def test_signing_in_on_another_site_keeps_the_anonymous_conversation(
    page: Page, tmp_path: Path, shot: Any
) -> None:
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    with portal_site() as (served, page_for):
        # Another site, not only another port: cookies are per site, so the core's cookie
        # (SameSite=Lax) is neither kept from the socket's handshake nor sent back with it.
        site = served.replace("127.0.0.1", "localhost")
        with core_with(tmp_path, cors_origins=site) as core:
            page_for["core"] = core.url
            core.rasa.reply = personal_reply
            secret = create_user_in(core.app, "op.far")
            page.goto(site + "/")
            open_widget(page)
            widget = page.locator(W)
            ask(page, QUESTION)
            widget.get_by_role("button", name="Se connecter").click()
            widget.get_by_label("Identifiant ou adresse e-mail").fill("op.far")
            widget.get_by_label("Mot de passe").fill(PASSWORD)
            widget.get_by_role("button", name="Se connecter").click()
            widget.get_by_label("Code de vérification (6 chiffres)").fill(pyotp.TOTP(secret).now())
            widget.get_by_role("button", name="Valider").click()

            expect(
                widget.get_by_text("Connecté(e) en tant que Name of op.far (operator).")
            ).to_be_visible()
            shot("signed-in-far")
            assert core.sent_to_rasa() == [QUESTION, QUESTION]
            assert [b["metadata"]["user"] is None for b in core.rasa.received] == [True, False]
            # One conversation, the anonymous one, now the account's.
            session_id = page.evaluate("TijarIA.widget.sessionId")
            assert {b["sender"] for b in core.rasa.received} == {session_id}

            key = page.evaluate("localStorage.getItem('tijaria.conversation_key')")
            assert key and len(key) >= 20
            assert sockets and all(f"conversation_key={key}" in url for url in sockets), sockets
            # The browser kept no cookie of the core's: the key went by hand.
            assert page.context.cookies(core.url) == []


def test_the_input_takes_its_length_limit_from_the_server(page: Page, tmp_path: Path) -> None:
    with core_with(tmp_path, max_message_chars=50) as core:
        page.goto(f"{core.url}/portals/douane")
        open_widget(page)
        field = page.locator(f"{W} textarea")
        expect(field).to_have_attribute("maxlength", "50")
        field.fill("x" * 80)
        assert len(field.input_value()) == 50


def test_a_file_refused_for_now_is_sent_again_without_picking_it_again(
    page: Page, tmp_path: Path
) -> None:
    with core_with(tmp_path, uploads_per_session_hour=1) as core:
        page.goto(f"{core.url}/portals/rnoce")
        open_widget(page)
        file_input = page.locator(f"{W} input[type=file]")
        for name in ("statuts.pdf", "registre.pdf"):
            file_input.set_input_files(
                {"name": name, "mimeType": "application/pdf", "buffer": make_pdf(size=20_000)}
            )
            expect(page.locator(f"{W} .progress")).to_be_hidden()
        refusal = page.locator(f"{W} .msg.notice.error")
        expect(refusal).to_contain_text("ce fichier n'a pas été reçu")
        expect(user_bubbles(page)).to_have_count(1)

        core.app.state.rate_limits.reset()
        refusal.get_by_role("button", name="Renvoyer").click()
        expect(user_bubbles(page).last).to_contain_text("Pièce jointe : registre.pdf")
        expect(refusal.get_by_role("button", name="Renvoyer")).to_have_count(0)
