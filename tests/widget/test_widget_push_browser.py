"""The widget shows what the server pushes, live (an agent's answer, a notification), once
each, and a widget whose socket dropped catches up with its last message id (Chromium)."""

import re

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from api.conversations import service as conversations
from tests.widget.conftest import LiveCore

pytestmark = pytest.mark.e2e

W = "#tijaria-widget"


def open_and_ask(page: Page, core: LiveCore, text: str) -> str:
    page.goto(f"{core.url}/portals/douane")
    page.locator(f"{W} .launcher").click()
    field = page.locator(f"{W} textarea")
    field.fill(text)
    field.press("Enter")
    expect(page.locator(f"{W} .log .msg.bot:not(.intro) .bubble")).to_have_count(1)
    return str(page.evaluate("() => window.TijarIA.widget.sessionId"))


def store(core: LiveCore, session_id: str, text: str, *, sender: str, name: str | None) -> str:
    with core.app.state.session_factory() as db:
        conversation = conversations.get(db=db, session_id=session_id)
        assert conversation is not None
        message = conversations.add_message(
            db=db, conversation=conversation, sender=sender, text=text, lang="fr", author_name=name
        )
        db.commit()
        return message.id


def test_an_agent_answer_and_a_notification_appear_without_reloading(
    page: Page, live_core: LiveCore
) -> None:
    session_id = open_and_ask(page, live_core, "bonjour")

    store(live_core, session_id, "Bonjour, je suis Samira.", sender="agent", name="Samira")
    store(live_core, session_id, "Votre réclamation a été traitée.", sender="system", name=None)

    agent = page.locator(f"{W} .log .msg.agent")
    expect(agent.locator(".bubble")).to_have_text(["Bonjour, je suis Samira."])
    expect(agent.locator(".who")).to_contain_text("Samira")
    notification = page.locator(f"{W} .log .msg.system:not(.notice) .bubble")
    expect(notification).to_have_text(["Votre réclamation a été traitée."])
    # Shown once, even though the next answer is read again with the transcript.
    page.reload()
    expect(page.locator(f"{W} .log .msg.agent .bubble")).to_have_count(1)


def test_a_widget_whose_socket_dropped_gets_what_was_said_meanwhile(
    page: Page, live_core: LiveCore
) -> None:
    sockets: list[tuple[WebSocketRoute, WebSocketRoute]] = []

    def handler(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        sockets.append((ws, server))
        ws.on_message(lambda message: server.send(message))
        server.on_message(lambda message: ws.send(message))

    page.route_web_socket(re.compile(r".*/api/v1/chat/ws.*"), handler)
    session_id = open_and_ask(page, live_core, "bonjour")
    last_id = page.evaluate("() => window.TijarIA.widget.lastMessageId")
    assert last_id

    # The connection drops; while it is down an agent answers. (The reconnect waits for
    # the next Playwright call: the answer is stored before the widget is back.)
    page_side, server_side = sockets[0]
    server_side.close()
    page_side.close()
    agent_id = store(
        live_core, session_id, "Réponse pendant la coupure.", sender="agent", name="Karim"
    )

    expect(page.locator(f"{W} .log .msg.agent .bubble")).to_have_text(
        ["Réponse pendant la coupure."], timeout=15_000
    )
    assert len(sockets) >= 2
    assert f"last_message_id={last_id}" in sockets[1][0].url
    assert page.evaluate("() => window.TijarIA.widget.lastMessageId") == agent_id
