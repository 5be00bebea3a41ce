"""The widget during a live handoff (issue 14), in Debian's chromium: the queue position
and « Quitter la file », then the agent's name and messages, the end of the agent's part;
the user's typing told to the agent. The server's frames are played on the real chat
socket (Playwright's WebSocket routing forwards the rest), the two user routes of the
handoff (leave, typing) by the test."""

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, Route, WebSocketRoute, expect

from tests.widget.conftest import LiveCore

pytestmark = pytest.mark.e2e

W = "#tijaria-widget"


class Relay:
    """The page's chat socket, relayed to the real one; `push` plays a server frame."""

    def __init__(self, page: Page) -> None:
        self.sockets: list[WebSocketRoute] = []
        page.route_web_socket(re.compile(r".*/api/v1/chat/ws.*"), self.handler)

    def handler(self, ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        self.sockets.append(ws)
        ws.on_message(lambda message: server.send(message))
        server.on_message(lambda message: ws.send(message))

    def push(self, session_id: str, handoff: dict[str, Any], *messages: dict[str, Any]) -> None:
        frame = {
            "session_id": session_id,
            "lang": "fr",
            "messages": list(messages),
            "handoff": handoff,
            "pushed": True,
        }
        self.sockets[-1].send(json.dumps(frame))


def user_routes(page: Page) -> list[tuple[str, str]]:
    """POST …/handoff/leave and …/typing, recorded; both answer as the contract says."""
    calls: list[tuple[str, str]] = []

    def handle(route: Route) -> None:
        path = route.request.url.split("/api/v1/conversations/")[1]
        calls.append((route.request.method, path))
        route.fulfill(status=204)

    page.route(re.compile(r".*/api/v1/conversations/[^/]+/(handoff/leave|typing)$"), handle)
    return calls


def open_and_ask(page: Page, core: LiveCore, text: str) -> str:
    page.goto(f"{core.url}/portals/douane")
    page.locator(f"{W} .launcher").click()
    field = page.locator(f"{W} textarea")
    field.fill(text)
    field.press("Enter")
    expect(page.locator(f"{W} .log .msg.bot:not(.intro) .bubble")).to_have_count(1)
    return str(page.evaluate("() => window.TijarIA.widget.sessionId"))


def wait_until(page: Page, condition: Callable[[], Any]) -> None:
    for _ in range(100):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError("condition not met in 5 s")


def test_the_user_sees_the_position_then_the_agent_and_the_agents_messages_live(
    page: Page, live_core: LiveCore, shot: Any
) -> None:
    relay = Relay(page)
    calls = user_routes(page)
    session_id = open_and_ask(page, live_core, "je veux parler à un conseiller")
    bar = page.locator(f"{W} .handoff-bar")
    expect(bar).to_be_hidden()

    relay.push(session_id, {"state": "queued", "position": 2})
    expect(bar).to_be_visible()
    expect(bar.locator("[role=status]")).to_have_text("Vous êtes n° 2 dans la file d'attente.")
    expect(bar.get_by_role("button", name="Quitter la file")).to_be_visible()
    expect(page.locator(f"{W} .log .msg.notice .bubble").last).to_have_text(
        "Un conseiller PORTNET va prendre le relais."
    )
    relay.push(session_id, {"state": "queued", "position": 1})
    expect(bar.locator("[role=status]")).to_have_text("Vous êtes n° 1 dans la file d'attente.")
    shot("queued")

    # The agent accepts and writes: their name in the bar and on their messages.
    relay.push(
        session_id,
        {"state": "active", "agent": {"name": "Samira"}},
        {
            "id": "agent-msg-1",
            "sender": "agent",
            "text": "Bonjour, je suis Samira. Je regarde votre manifeste.",
            "agent": {"name": "Samira"},
            "created_at": "2026-12-02T06:30:00Z",
        },
    )
    expect(bar.locator("[role=status]")).to_have_text("En relation avec Samira, conseiller PORTNET")
    expect(bar.get_by_role("button", name="Quitter la file")).to_be_hidden()
    agent = page.locator(f"{W} .log .msg.agent")
    expect(agent.locator(".bubble")).to_have_text(
        ["Bonjour, je suis Samira. Je regarde votre manifeste."]
    )
    expect(agent.locator(".who")).to_have_text("Samira · Conseiller PORTNET")
    # The server spoke with that move: the widget adds no words of its own.
    page.wait_for_timeout(1000)
    expect(page.locator(f"{W} .log .msg.notice")).to_have_count(1)

    # The user types: the agent is told, at most once every 3 s.
    page.locator(f"{W} textarea").press_sequentially("Merci beaucoup")
    wait_until(page, lambda: calls)
    assert calls == [("POST", f"{session_id}/typing")]
    shot("agent")

    # The agent types: « Samira écrit… » until their message comes.
    relay.sockets[-1].send(
        json.dumps({"type": "typing", "session_id": session_id, "sender": "agent"})
    )
    dots = page.locator(f"{W} .typing")
    expect(dots).to_be_visible()
    expect(dots).to_contain_text("Samira écrit…")
    relay.push(
        session_id,
        {"state": "active", "agent": {"name": "Samira"}},
        {
            "id": "agent-msg-2",
            "sender": "agent",
            "text": "C'est corrigé.",
            "agent": {"name": "Samira"},
        },
    )
    expect(agent.locator(".bubble")).to_have_count(2)
    expect(dots).to_be_hidden()

    # The agent hands back: said once, the bar goes.
    relay.push(session_id, {"state": "none"})
    expect(bar).to_be_hidden()
    expect(page.locator(f"{W} .log .msg.notice .bubble").last).to_have_text(
        "Le conseiller a rendu la main : TijarIA reprend la conversation."
    )
    # Typing goes to nobody now.
    page.locator(f"{W} textarea").press_sequentially(" encore")
    page.wait_for_timeout(300)
    assert len(calls) == 1


def test_the_user_leaves_the_queue(page: Page, live_core: LiveCore) -> None:
    relay = Relay(page)
    calls = user_routes(page)
    session_id = open_and_ask(page, live_core, "un conseiller svp")
    relay.push(session_id, {"state": "queued", "position": 3})
    bar = page.locator(f"{W} .handoff-bar")
    expect(bar.locator("[role=status]")).to_have_text("Vous êtes n° 3 dans la file d'attente.")
    page.locator(f"{W} textarea").press_sequentially("allo")  # queued: no agent to tell
    bar.get_by_role("button", name="Quitter la file").click()
    expect(bar).to_be_hidden()
    expect(page.locator(f"{W} .log .msg.notice .bubble").last).to_have_text(
        "Vous avez quitté la file d'attente. TijarIA reste à votre disposition."
    )
    assert calls == [("POST", f"{session_id}/handoff/leave")]
    expect(page.locator(f"{W} textarea")).to_be_focused()


def test_the_handoff_bar_speaks_arabic(page: Page, live_core: LiveCore) -> None:
    relay = Relay(page)
    session_id = open_and_ask(page, live_core, "بغيت نهضر مع شي مستشار")
    relay.push(session_id, {"state": "queued", "position": 2})
    bar = page.locator(f"{W} .handoff-bar")
    expect(bar.locator("[role=status]")).to_have_text("ترتيبك 2 في قائمة الانتظار.")
    expect(bar.get_by_role("button", name="مغادرة قائمة الانتظار")).to_be_visible()
    expect(page.locator(f"{W} .panel")).to_have_attribute("dir", "rtl")


def test_the_servers_notice_after_leaving_is_the_only_one(page: Page, live_core: LiveCore) -> None:
    relay = Relay(page)
    user_routes(page)
    session_id = open_and_ask(page, live_core, "un conseiller svp")
    relay.push(session_id, {"state": "queued", "position": 1})
    bar = page.locator(f"{W} .handoff-bar")
    bar.get_by_role("button", name="Quitter la file").click()
    expect(bar).to_be_hidden()
    # The answer to the POST came first; the server's notice follows on the socket.
    left = "Vous avez quitté la file d'attente. TijarIA reprend la conversation."
    relay.push(session_id, {"state": "none"}, {"id": "n-left", "sender": "system", "text": left})
    expect(page.locator(f"{W} .log .msg.system .bubble").last).to_have_text(left)
    page.wait_for_timeout(1000)
    expect(page.locator(f"{W} .log").get_by_text("Vous avez quitté la file")).to_have_count(1)
