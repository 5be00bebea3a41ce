"""The console's live conversations (issue 14) in Debian's chromium, against the handoff API
played by the test (route interception, to the shapes of the contract: HandoffRead,
HandoffDetail, AgentPresenceRead, TicketList) and the agent socket played by
Playwright's WebSocket routing. The real sign-in; screenshots in tests/artifacts/.
"""

import json
import re
from collections.abc import Callable
from copy import deepcopy
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, Route, WebSocketRoute, expect

from tests.api.accounts_helpers import create_user_in
from tests.widget.conftest import LiveCore
from tests.widget.test_console_browser import sign_in

pytestmark = pytest.mark.e2e

AGENT_WS = re.compile(r".*/api/v1/agent/ws.*")


def user_id(live_core: LiveCore, login: str) -> str:
    from api.accounts import service as accounts

    with live_core.app.state.session_factory() as db:
        user = accounts.get_by_login(db=db, realm="portnet", login=login)
        assert user is not None
        return user.id


def handoff(hid: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": hid,
        "session_id": f"tj-{hid}",
        "state": "queued",
        "portal": "douane",
        "language": "fr",
        "user_name": "Amina El Idrissi",
        "agent_id": None,
        "agent_name": None,
        "reason": "asked",
        "queued_at": "2026-12-02T06:00:00Z",
        "accepted_at": None,
        "closed_at": None,
        "waiting_seconds": 5 * 60 + 10,
        "position": 1,
        "user_typing": False,
        "resolution": None,
        "summary": {
            "questions": ["Comment consulter un manifeste ?", "Le manifeste 2024/118 est absent"],
            "articles": [
                {"title": "Consultation des manifestes", "url": "https://www.portnet.ma/guides/m"},
                {"title": "Lien piégé", "url": "javascript:alert(1)"},
            ],
            "procedure": {
                "name": "Réclamation",
                "step": "details",
                "answers": {"portal": "douane", "object": "Manifeste introuvable"},
            },
        },
    }
    base.update(fields)
    return base


def message(mid: str, sender: str, text: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": mid,
        "sender": sender,
        "text": text,
        "buttons": [],
        "sources": [],
        "created_at": "2026-12-02T06:01:00Z",
        **fields,
    }


class FakeDesk:
    """/api/v1/agent/{presence,agents,handoffs…,tickets} and the knowledge search."""

    def __init__(self, me: str, my_name: str) -> None:
        self.me = me
        self.my_name = my_name
        self.presence = {"agent_id": me, "display_name": my_name, "status": "away"}
        self.others = [
            {
                "agent_id": "karim",
                "display_name": "Karim Benali",
                "status": "available",
                "updated_at": "2026-12-02T06:00:00Z",
            },
            {
                "agent_id": "nadia",
                "display_name": "Nadia Away",
                "status": "away",
                "updated_at": "2026-12-02T06:00:00Z",
            },
        ]
        self.handoffs: dict[str, dict[str, Any]] = {
            "h1": handoff("h1"),
            "h2": handoff(
                "h2", user_name=None, language="ar", reason="no_answer", position=2, portal="mic"
            ),
        }
        self.transcripts: dict[str, list[dict[str, Any]]] = {
            "h1": [
                message("t1", "user", "Comment consulter un manifeste ?"),
                message(
                    "t2",
                    "bot",
                    "Voici le guide.",
                    sources=[{"title": "Guide Douane", "url": "https://www.portnet.ma/g"}],
                ),
            ],
            "h2": [message("t3", "user", "بغيت نهضر مع شي واحد")],
        }
        self.taken_by_other = {"h2"}
        self.requests: list[dict[str, Any]] = []
        self.seq = 0

    def read(self, hid: str) -> dict[str, Any]:
        return deepcopy(self.handoffs[hid])

    def handle(self, route: Route) -> None:
        request = route.request
        url = urlparse(request.url)
        body = json.loads(request.post_data) if request.post_data else None
        self.requests.append(
            {
                "method": request.method,
                "path": url.path,
                "query": parse_qs(url.query),
                "body": body,
                "auth": request.headers.get("authorization", ""),
            }
        )
        if url.path.startswith("/api/v1/knowledge/search"):
            self.reply(
                route,
                200,
                {
                    "query": "x",
                    "portal": None,
                    "lang": "fr",
                    "results": [
                        {
                            "id": "douane-manifestes",
                            "lang": "fr",
                            "title": "Consultation des manifestes",
                            "portals": ["douane"],
                            "source": {"title": "Guide Douane", "url": "https://x.ma"},
                            "score": 0.9,
                            "snippet": "Menu Manifestes › Consultation…",
                        }
                    ],
                },
            )
            return
        if not request.headers.get("authorization", "").startswith("Bearer "):
            self.reply(route, 401, {"error": {"code": "not_authenticated", "message": "Non."}})
            return
        parts = url.path.split("/")[4:]  # after /api/v1/agent
        method = request.method
        if parts == ["presence"] and method == "PUT":
            assert body is not None
            self.presence["status"] = body["status"]
            self.reply(route, 200, {**self.presence, "updated_at": "2026-12-02T06:02:00Z"})
        elif parts == ["agents"]:
            self.reply(
                route, 200, [{**self.presence, "updated_at": "2026-12-02T06:00:00Z"}, *self.others]
            )
        elif parts == ["tickets"]:
            self.reply(
                route,
                200,
                {
                    "items": [
                        {
                            "id": "tk1",
                            "reference": "CT-4KQ9-2MZD",
                            "full_name": "Youssef Alaoui",
                            "email": "y.alaoui@example.ma",
                            "request": "Rappelez-moi au sujet de ma franchise.",
                            "portal": "mic",
                            "language": "fr",
                            "session_id": "tj-x",
                            "created_at": "2026-12-02T05:00:00Z",
                        }
                    ]
                },
            )
        elif parts == ["handoffs"]:
            state = parse_qs(url.query).get("state", [""])[0]
            found = [self.read(h) for h in self.handoffs if self.handoffs[h]["state"] == state]
            self.reply(route, 200, {"items": found})
        elif len(parts) == 2 and parts[0] == "handoffs":
            hid = parts[1]
            if hid not in self.handoffs:
                self.reply(route, 404, {"error": {"code": "not_found", "message": "Introuvable."}})
                return
            self.reply(route, 200, {**self.read(hid), "transcript": self.transcripts[hid]})
        elif len(parts) == 3 and parts[0] == "handoffs":
            self.act(route, parts[1], parts[2], body or {})
        else:
            self.reply(route, 404, {"error": {"code": "not_found", "message": "Introuvable."}})

    def act(self, route: Route, hid: str, action: str, body: dict[str, Any]) -> None:
        current = self.handoffs[hid]
        if action == "accept":
            if hid in self.taken_by_other or current["state"] != "queued":
                current.update(state="active", agent_id="karim", agent_name="Karim Benali")
                self.reply(route, 409, {"detail": "handoff already taken"})
                return
            current.update(
                state="active",
                agent_id=self.me,
                agent_name=self.my_name,
                accepted_at="2026-12-02T06:05:00Z",
                position=None,
            )
        elif action == "messages":
            self.seq += 1
            text = body.get("text") or f"Article : {body.get('article_id')}"
            stored = message(f"a{self.seq}", "agent", text, agent={"name": self.my_name})
            self.transcripts[hid].append(stored)
            self.reply(route, 200, stored)
            return
        elif action == "typing":
            route.fulfill(status=204)
            return
        elif action == "transfer":
            other = next(a for a in self.others if a["agent_id"] == body["agent_id"])
            current.update(agent_id=other["agent_id"], agent_name=other["display_name"])
        elif action == "hand-back":
            current.update(state="closed", closed_at="2026-12-02T06:10:00Z")
        elif action == "close":
            current.update(
                state="closed", closed_at="2026-12-02T06:10:00Z", resolution=body["resolution"]
            )
        self.reply(route, 200, self.read(hid))

    @staticmethod
    def reply(route: Route, status: int, body: Any) -> None:
        route.fulfill(status=status, content_type="application/json", body=json.dumps(body))

    def of(self, method: str, path_end: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["method"] == method and r["path"].endswith(path_end)]


def wait_until(page: Page, condition: Callable[[], Any]) -> None:
    for _ in range(100):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError("condition not met in 5 s")


def open_desk(page: Page, live_core: LiveCore, login: str, query: str = "") -> tuple[FakeDesk, str]:
    secret = create_user_in(live_core.app, login, role="agent")
    fake = FakeDesk(user_id(live_core, login), f"Name of {login}")
    page.route(re.compile(r".*/api/v1/agent/(presence|agents|handoffs|tickets).*"), fake.handle)
    page.route(re.compile(r".*/api/v1/knowledge/search.*"), fake.handle)
    page.goto(f"{live_core.url}/console{query}")
    return fake, secret


def test_an_agent_goes_available_accepts_answers_and_hands_back_live(
    page: Page, live_core: LiveCore, shot: Any
) -> None:
    sockets: list[WebSocketRoute] = []
    page.route_web_socket(AGENT_WS, lambda ws: sockets.append(ws))  # played: never the server
    fake, secret = open_desk(page, live_core, "agent.samira")
    sign_in(page, "agent.samira", secret)

    # The claims stay the first tab; the conversations tab tells how many wait.
    tab = page.get_by_role("tab", name=re.compile("^Conversations"))
    expect(tab).to_contain_text("2 en attente")
    expect(page.get_by_role("tab", name="Réclamations")).to_have_attribute("aria-selected", "true")
    page.get_by_role("tab", name="Réclamations").focus()
    page.keyboard.press("ArrowRight")  # the keyboard moves between the tabs
    expect(tab).to_have_attribute("aria-selected", "true")
    expect(tab).to_be_focused()
    panel = page.locator("#panel-conversations")
    expect(panel).to_be_visible()
    expect(page.locator("#panel-claims")).to_be_hidden()
    assert sockets and "token=" in sockets[0].url
    expect(panel.locator(".mode")).to_have_text("Mises à jour en direct.")

    # Presence.
    expect(panel.get_by_label("Absent(e)")).to_be_checked()
    panel.get_by_label("Disponible").check()
    expect(panel.locator(".presence-note")).to_have_text(
        "Vous êtes disponible : des conversations peuvent vous être confiées."
    )
    assert fake.of("PUT", "/agent/presence")[-1]["body"] == {"status": "available"}

    # The queue: position, who, portal, language, reason, waiting time.
    rows = panel.locator(".hq-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator(".position")).to_have_text("1")
    expect(rows.nth(0)).to_contain_text("Amina El Idrissi")
    expect(rows.nth(0).locator(".waiting")).to_have_text("5 min")
    expect(rows.nth(1)).to_contain_text("Usager anonyme")
    expect(rows.nth(1)).to_contain_text("Arabe")
    expect(rows.nth(1)).to_contain_text("Questions restées sans réponse")
    shot("handoff-queue")

    # Another agent was faster: said plainly, and the queue is read again.
    panel.get_by_role("button", name="Accepter la conversation de Usager anonyme").click()
    expect(panel.locator(".accept-error")).to_have_text(
        "Trop tard : un autre conseiller a déjà accepté cette conversation."
    )
    expect(rows).to_have_count(1)
    expect(tab).to_contain_text("1 en attente")

    panel.get_by_role("button", name="Accepter la conversation de Amina El Idrissi").click()
    pane = panel.locator("section.conversation")
    expect(pane.get_by_role("heading", level=2)).to_contain_text(
        "Conversation avec Amina El Idrissi"
    )
    expect(pane.locator(".feedback")).to_have_text(
        "Conversation acceptée : l'usager voit maintenant votre nom."
    )
    expect(pane.get_by_label("Votre réponse à l'usager")).to_be_focused()
    expect(panel.get_by_text("Personne n'attend un conseiller.")).to_be_visible()
    expect(panel.locator("ul.mine li")).to_contain_text("Amina El Idrissi")
    # What the bot tried: questions, articles (a javascript: link stays text), procedure.
    context = pane.locator(".context")
    expect(context.locator("ol.questions li")).to_have_count(2)
    expect(context.get_by_role("link", name="Consultation des manifestes")).to_have_attribute(
        "href", "https://www.portnet.ma/guides/m"
    )
    expect(context.get_by_role("link", name="Lien piégé")).to_have_count(0)
    expect(context.locator(".procedure")).to_contain_text("Réclamation — Étape : details")
    expect(context.locator(".answers")).to_contain_text("Manifeste introuvable")
    chat = pane.locator("ol.chat")
    expect(chat).to_have_attribute("aria-live", "polite")
    expect(chat.locator(":scope > li")).to_have_count(2)
    expect(chat.locator(":scope > li").first).to_contain_text("Amina El Idrissi")

    # Live: the user types, then writes (once, even if the socket says it twice).
    ws = sockets[0]
    ws.send(json.dumps({"type": "typing", "handoff_id": "h1"}))
    expect(pane.locator(".typing-indicator")).to_have_text("L'usager écrit…")
    pushed = message("u9", "user", "Merci, j'attends.")
    ws.send(json.dumps({"type": "message", "handoff_id": "h1", "message": pushed}))
    ws.send(json.dumps({"type": "message", "handoff_id": "h1", "message": pushed}))
    expect(chat.locator(":scope > li")).to_have_count(3)
    expect(chat.locator(":scope > li").last).to_contain_text("Merci, j'attends.")
    expect(pane.locator(".typing-indicator")).to_have_text("")

    # The agent types (the user is told), then answers with Enter.
    reply = pane.get_by_label("Votre réponse à l'usager")
    reply.press_sequentially("Bonjour, je regarde")
    wait_until(page, lambda: fake.of("POST", "/handoffs/h1/typing"))
    assert len(fake.of("POST", "/handoffs/h1/typing")) == 1  # throttled: once in 3 s
    reply.press("Enter")
    expect(chat.locator(":scope > li")).to_have_count(4)
    expect(chat.locator(":scope > li").last).to_contain_text("Bonjour, je regarde")
    expect(chat.locator(":scope > li").last).to_contain_text("Name of agent.samira")
    expect(reply).to_have_value("")
    assert fake.of("POST", "/handoffs/h1/messages")[-1]["body"] == {"text": "Bonjour, je regarde"}

    # A knowledge article, found with the public search, in the user's language and portal.
    pane.get_by_label("Envoyer un article de la base de connaissances").fill("manifeste")
    pane.get_by_role("button", name="Rechercher").click()
    search = fake.of("GET", "/knowledge/search")[-1]["query"]
    assert search["q"] == ["manifeste"] and search["lang"] == ["fr"]
    assert search["portal"] == ["douane"]
    pane.get_by_role("button", name="Envoyer l'article « Consultation des manifestes »").click()
    expect(pane.locator(".feedback")).to_have_text("Article envoyé à l'usager.")
    assert fake.of("POST", "/handoffs/h1/messages")[-1]["body"] == {
        "article_id": "douane-manifestes"
    }
    expect(chat.locator(":scope > li")).to_have_count(5)

    # Transfer lists the other available agents only.
    expect(pane.get_by_label("Transférer à un autre conseiller").locator("option")).to_have_text(
        ["Karim Benali"]
    )
    shot("handoff-conversation")

    # A new conversation arrives while this one is open: the queue is read again.
    fake.handoffs["h3"] = handoff("h3", user_name="Omar", position=1)
    fake.transcripts["h3"] = []
    ws.send(json.dumps({"type": "queue"}))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Omar")
    expect(page.locator("body > #console > [role=status].sr-only")).to_have_text("1 en attente")

    # Hand back to the bot.
    pane.get_by_role("button", name="Rendre la main à TijarIA").click()
    expect(pane.locator(".feedback")).to_have_text(
        "Conversation rendue à TijarIA : le bot répondra au prochain message."
    )
    assert fake.of("POST", "/handoffs/h1/hand-back")
    expect(pane.get_by_label("Votre réponse à l'usager")).to_have_count(0)
    expect(pane.locator(".badge")).to_have_text("Clôturée")
    expect(panel.get_by_text("Aucune conversation en cours.")).to_be_visible()

    # The contact requests.
    page.get_by_role("tab", name="Demandes de contact").click()
    tickets = page.locator("#panel-tickets")
    expect(tickets.locator("tbody tr")).to_have_count(1)
    expect(tickets.locator("tbody tr")).to_contain_text("CT-4KQ9-2MZD")
    expect(tickets.get_by_role("link", name="y.alaoui@example.ma")).to_have_attribute(
        "href", "mailto:y.alaoui@example.ma"
    )
    shot("handoff-tickets")

    # Another language: the same tab and conversation, in English.
    page.locator("#console-lang").select_option("en")
    expect(page.get_by_role("tab", name="Contact requests")).to_have_attribute(
        "aria-selected", "true"
    )
    expect(tickets.get_by_role("columnheader", name="Full name")).to_be_visible()
    page.get_by_role("tab", name=re.compile("^Conversations")).click()
    expect(panel.locator("section.conversation h2")).to_contain_text(
        "Conversation with Amina El Idrissi"
    )
    expect(panel.locator("section.conversation .badge")).to_have_text("Closed")


def test_without_the_socket_the_console_polls_transfers_and_closes_in_arabic(
    page: Page, live_core: LiveCore, shot: Any
) -> None:
    page.route_web_socket(AGENT_WS, lambda ws: ws.close())  # refused: polled instead
    page.clock.install()
    fake, secret = open_desk(page, live_core, "agent.hind", "?lang=ar")
    fake.taken_by_other.clear()
    sign_in(
        page,
        "agent.hind",
        secret,
        (
            "اسم المستخدم أو البريد الإلكتروني",
            "كلمة المرور",
            "تسجيل الدخول",
            "رمز التحقق (6 أرقام)",
            "تأكيد",
        ),
    )
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    tab = page.get_by_role("tab", name=re.compile("^المحادثات"))
    tab.click()
    panel = page.locator("#panel-conversations")
    expect(panel.locator(".mode")).to_have_text("الاتصال المباشر غير متاح: تحديث كل 3 ثوان.")
    panel.get_by_role("button", name="قبول محادثة مستخدم مجهول").click()
    pane = panel.locator("section.conversation")
    expect(pane.get_by_role("heading", level=2)).to_contain_text("المحادثة مع مستخدم مجهول")
    chat = pane.locator("ol.chat")
    expect(chat.locator(":scope > li")).to_have_count(1)

    # Polled every 3 s: the user's new message and typing come without a socket.
    fake.transcripts["h2"].append(message("u2", "user", "واش كاين شي جديد؟"))
    fake.handoffs["h2"]["user_typing"] = True
    page.clock.run_for(3_500)
    expect(chat.locator(":scope > li")).to_have_count(2)
    expect(chat.locator(":scope > li").last).to_contain_text("واش كاين شي جديد؟")
    expect(pane.locator(".typing-indicator")).to_have_text("المستخدم يكتب…")
    shot("handoff-arabic")

    # Closing needs a resolution note.
    pane.get_by_role("button", name="إغلاق المحادثة").click()
    expect(pane.get_by_label("ملاحظة الحل")).to_have_attribute("aria-invalid", "true")
    assert not fake.of("POST", "/handoffs/h2/close")
    # Transfer to Karim: the conversation is his now.
    pane.get_by_label("التحويل إلى مستشار آخر").select_option(label="Karim Benali")
    pane.get_by_role("button", name="تحويل").click()
    expect(pane.locator(".feedback")).to_have_text("حُوّلت المحادثة إلى Karim Benali.")
    assert fake.of("POST", "/handoffs/h2/transfer")[-1]["body"] == {"agent_id": "karim"}
    expect(pane.get_by_text("يتابع هذه المحادثة Karim Benali.")).to_be_visible()

    # Back to one of mine, closed with a note.
    panel.get_by_role("button", name="قبول محادثة Amina El Idrissi").click()
    pane.get_by_label("ملاحظة الحل").fill("تم حل المشكل.")
    pane.get_by_role("button", name="إغلاق المحادثة").click()
    expect(pane.locator(".feedback")).to_have_text("أُغلقت المحادثة.")
    assert fake.of("POST", "/handoffs/h1/close")[-1]["body"] == {"resolution": "تم حل المشكل."}
    expect(pane.locator(".conv-facts")).to_contain_text("تم حل المشكل.")
