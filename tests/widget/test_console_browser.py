"""The agents' console (/console) in Debian's chromium: the real sign-in (Portnet ID + TOTP,
the accounts API), the claims API played by the test (route interception, to the shapes
of api/claims: ClaimQueue, AgentClaimRead). Screenshots go to tests/artifacts/widget-*.png.
"""

import json
import re
from copy import deepcopy
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest
from playwright.sync_api import Page, Route, expect

from tests.api.accounts_helpers import PASSWORD, create_user_in
from tests.widget.conftest import LiveCore

pytestmark = pytest.mark.e2e

NOW = "2026-03-02T10:00:00Z"
PDF = b"%PDF-1.4\n% a claim's capture\n"


def claim(reference: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "reference": reference,
        "kind": "incident",
        "kind_label": "Incident technique",
        "portal": "douane",
        "service": "manifestes",
        "service_label": "Consultation des manifestes",
        "object": "Manifeste introuvable",
        "details": "Le manifeste 2024/118 n'apparaît pas dans la recherche.",
        "status": "new",
        "created_at": "2026-03-02T07:55:00Z",
        "updated_at": "2026-03-02T07:55:00Z",
        "owner_name": "Société Atlas Import",
        "owner_organisation": "Atlas Import SARL",
        "assignee_name": None,
        "waiting_seconds": 2 * 3600 + 5 * 60,
        "session_id": "tj-abc",
        "events": [
            {
                "status": "new",
                "actor_name": "Société Atlas Import",
                "note": None,
                "at": "2026-03-02T07:55:00Z",
            }
        ],
        "messages": [
            {
                "id": "m1",
                "author_role": "owner",
                "author_name": "Société Atlas Import",
                "text": "Merci de vérifier rapidement.",
                "at": "2026-03-02T08:00:00Z",
            }
        ],
        "attachments": [
            {
                "id": "att1",
                "filename": "capture écran.pdf",
                "content_type": "application/pdf",
                "size": 204_800,
                "created_at": "2026-03-02T07:55:00Z",
            }
        ],
        "transcript": [
            {
                "id": "t1",
                "sender": "user",
                "text": "je veux déposer une réclamation",
                "lang": "fr",
                "portal": "douane",
                "created_at": "2026-03-02T07:50:00Z",
            },
            {
                "id": "t2",
                "sender": "bot",
                "text": "Votre réclamation REC-7K2M-9QXD est enregistrée.",
                "lang": "fr",
                "portal": "douane",
                "created_at": "2026-03-02T07:55:00Z",
            },
        ],
    }
    base.update(fields)
    return base


class FakeClaims:
    """/api/v1/agent/claims… as the claims routes answer, with the allowed transitions."""

    def __init__(self, agent_name: str) -> None:
        self.agent_name = agent_name
        self.claims = {
            "REC-7K2M-9QXD": claim("REC-7K2M-9QXD"),
            "REC-3HZT-0B4W": claim(
                "REC-3HZT-0B4W",
                portal="pmpce",
                object="Facture en double",
                status="assigned",
                assignee_name="Autre Conseiller",
                waiting_seconds=3 * 86400 + 4 * 3600,
                owner_name="Sahara Export",
            ),
        }
        self.requests: list[dict[str, Any]] = []

    def summary(self, c: dict[str, Any]) -> dict[str, Any]:
        keys = ["reference", "kind", "portal", "service", "object", "status", "created_at"]
        keys += ["updated_at", "owner_name", "assignee_name", "waiting_seconds"]
        return {k: c[k] for k in keys}

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
                "lang": request.headers.get("accept-language", ""),
            }
        )
        if not request.headers.get("authorization", "").startswith("Bearer "):
            self.reply(
                route, 401, {"error": {"code": "not_authenticated", "message": "Connectez-vous."}}
            )
            return
        parts = url.path.split("/")[5:]  # after /api/v1/agent/claims
        query = parse_qs(url.query)
        if not parts:
            items = [
                c
                for c in self.claims.values()
                if (not query.get("portal") or c["portal"] == query["portal"][0])
                and (
                    c["status"] == query["status"][0]
                    if query.get("status")
                    else c["status"] in ("new", "assigned")
                )
            ]
            items.sort(key=lambda c: -c["waiting_seconds"])
            self.reply(route, 200, {"claims": [self.summary(c) for c in items]})
            return
        current = self.claims.get(parts[0])
        if current is None:
            self.reply(route, 404, {"error": {"code": "not_found", "message": "Introuvable."}})
            return
        if len(parts) == 1:
            self.reply(route, 200, current)
            return
        if parts[1] == "attachments":
            route.fulfill(status=200, content_type="application/pdf", body=PDF)
            return
        action = parts[1]
        allowed = {  # api/claims/service.py TRANSITIONS
            "assign": ("new", "assigned", "answered"),
            "answer": ("assigned", "answered"),
            "close": ("new", "assigned", "answered"),
        }
        if current["status"] not in allowed[action]:
            self.reply(
                route,
                409,
                {
                    "error": {
                        "code": "claim_transition_not_allowed",
                        "message": "Ce changement de statut n'est pas permis.",
                    }
                },
            )
            return
        event: dict[str, Any] = {"actor_name": self.agent_name, "note": None, "at": NOW}
        if action == "assign":
            current.update(status="assigned", assignee_name=self.agent_name)
            event["status"] = "assigned"
        elif action == "answer":
            current["status"] = "answered"
            current["messages"].append(
                {
                    "id": f"m{len(current['messages']) + 1}",
                    "author_role": "agent",
                    "author_name": self.agent_name,
                    "text": body["text"],
                    "at": NOW,
                }
            )
            event["status"] = "answered"
        else:
            current["status"] = "closed"
            event.update(status="closed", note=body["note"])
        current["events"].append(event)
        current["updated_at"] = NOW
        self.reply(route, 200, deepcopy(current))

    @staticmethod
    def reply(route: Route, status: int, body: dict[str, Any]) -> None:
        route.fulfill(status=status, content_type="application/json", body=json.dumps(body))

    def of(self, method: str, path_end: str = "") -> list[dict[str, Any]]:
        return [r for r in self.requests if r["method"] == method and r["path"].endswith(path_end)]


def sign_in(page: Page, login: str, secret: str, labels: tuple[str, ...] | None = None) -> None:
    ident, password, submit, code, verify = labels or (
        "Identifiant ou adresse e-mail",
        "Mot de passe",
        "Se connecter",
        "Code de vérification (6 chiffres)",
        "Valider",
    )
    form = page.locator("#console-signin")
    form.get_by_label(ident).fill(login)
    form.get_by_label(password).fill(PASSWORD)
    form.get_by_role("button", name=submit).click()
    form.get_by_label(code).fill(pyotp.TOTP(secret).now())
    form.get_by_role("button", name=verify).click()


def open_console(page: Page, live_core: LiveCore, fake: FakeClaims | None, query: str = "") -> None:
    if fake is not None:
        page.route(re.compile(r".*/api/v1/agent/claims.*"), fake.handle)
    page.goto(f"{live_core.url}/console{query}")


def test_an_operator_is_refused_and_never_reaches_the_claims(
    page: Page, live_core: LiveCore, shot: Any
) -> None:
    secret = create_user_in(live_core.app, "op.curious")
    fake = FakeClaims("x")
    open_console(page, live_core, fake)
    expect(page.get_by_role("heading", name="Console des conseillers PORTNET")).to_be_visible()
    sign_in(page, "op.curious", secret)
    expect(page.get_by_role("alert")).to_have_text(
        "Cette console est réservée aux conseillers et au personnel PORTNET. "
        "Votre compte (Name of op.curious) n'y a pas accès."
    )
    shot("console-refused")
    assert fake.requests == []
    expect(page.get_by_role("heading", name="File des réclamations")).to_have_count(0)
    # Another account: back to the sign-in form (the operator's token is dropped).
    page.get_by_role("button", name="Se connecter avec un autre compte").click()
    expect(page.locator("#console-signin").get_by_label("Mot de passe")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('tijaria.console.session')") is None


def test_an_agent_works_the_queue_and_answers_assigns_and_closes(
    page: Page, live_core: LiveCore, shot: Any
) -> None:
    secret = create_user_in(live_core.app, "agent.salma", role="agent")
    fake = FakeClaims("Name of agent.salma")
    page.clock.install()
    open_console(page, live_core, fake)
    sign_in(page, "agent.salma", secret)

    # The queue: oldest first, each with its waiting time and who has it.
    queue = page.locator("section.queue")
    expect(queue.get_by_role("heading", name="File des réclamations")).to_be_visible()
    rows = queue.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("REC-3HZT-0B4W")
    expect(rows.nth(0).locator(".waiting")).to_have_text("3 j 4 h")
    expect(rows.nth(0)).to_contain_text("Autre Conseiller")
    expect(rows.nth(1).locator(".waiting")).to_have_text("2 h 05 min")
    expect(rows.nth(1)).to_contain_text("personne")
    expect(page.locator(".who")).to_have_text("Connecté : Name of agent.salma")
    token = fake.requests[0]["auth"]
    assert token.startswith("Bearer ") and len(token) > 20
    shot("console-queue")

    # Filters: per portal, per status.
    queue.get_by_label("Portail").select_option("douane")
    expect(rows).to_have_count(1)
    assert fake.of("GET")[-1]["query"] == {"portal": ["douane"]}
    queue.get_by_label("Statut").select_option("closed")
    expect(queue.get_by_text("Aucune réclamation dans cette file.")).to_be_visible()
    assert fake.of("GET")[-1]["query"] == {"portal": ["douane"], "status": ["closed"]}
    queue.get_by_label("Statut").select_option("")
    queue.get_by_label("Portail").select_option("")
    expect(rows).to_have_count(2)

    # The queue refreshes by itself.
    before = len(fake.of("GET", "/agent/claims"))
    page.clock.run_for(31_000)
    for _ in range(100):
        if len(fake.of("GET", "/agent/claims")) > before:
            break
        page.wait_for_timeout(50)
    assert len(fake.of("GET", "/agent/claims")) == before + 1

    # A claim's file.
    queue.get_by_role("button", name="Ouvrir la réclamation REC-7K2M-9QXD").click()
    pane = page.locator("section.claim")
    expect(pane.get_by_role("heading", level=2)).to_contain_text("Réclamation REC-7K2M-9QXD")
    expect(pane.locator(".facts")).to_contain_text("Incident technique")
    expect(pane.locator(".facts")).to_contain_text("Consultation des manifestes")
    expect(pane.locator(".facts")).to_contain_text("Société Atlas Import — Atlas Import SARL")
    expect(pane.locator(".details")).to_have_text(
        "Le manifeste 2024/118 n'apparaît pas dans la recherche."
    )
    expect(pane.locator("ol.history li")).to_have_count(1)
    expect(pane.locator("ol.messages li")).to_contain_text("Merci de vérifier rapidement.")
    expect(pane.locator("ol.transcript li")).to_have_count(2)
    expect(pane.locator("ol.transcript li").first).to_contain_text("Usager")
    expect(pane.locator("ol.transcript li").last).to_contain_text("TijarIA")
    expect(queue.locator("tr[aria-current=true]")).to_have_attribute(
        "data-reference", "REC-7K2M-9QXD"
    )

    # Download: through the API with the agent's token, saved under its name.
    with page.expect_download() as download_info:
        pane.get_by_role("button", name="Télécharger capture écran.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "capture écran.pdf"
    assert Path(download.path()).read_bytes() == PDF
    assert fake.of("GET", "/attachments/att1")[-1]["auth"] == token
    shot("console-claim")

    # A new claim is assigned before it is answered.
    expect(pane.get_by_label("Réponse à l'usager")).to_have_count(0)
    expect(pane.get_by_text("Assignez-vous la réclamation pour pouvoir répondre")).to_be_visible()
    pane.get_by_role("button", name="M'assigner la réclamation").click()
    expect(pane.locator(".feedback")).to_have_text("Réclamation assignée à vous.")
    expect(pane.get_by_role("heading", level=2)).to_contain_text("Assignée")
    expect(pane.get_by_role("button", name="M'assigner la réclamation")).to_have_count(0)
    assert len(fake.of("POST", "/REC-7K2M-9QXD/assign")) == 1

    # Answer: an empty answer is refused here; a real one goes to the API.
    pane.get_by_role("button", name="Envoyer la réponse").click()
    expect(pane.get_by_label("Réponse à l'usager")).to_have_attribute("aria-invalid", "true")
    expect(pane.get_by_label("Réponse à l'usager")).to_be_focused()
    assert fake.of("POST", "/answer") == []
    pane.get_by_label("Réponse à l'usager").fill(
        "Le manifeste est de nouveau visible : videz le cache puis réessayez."
    )
    pane.get_by_role("button", name="Envoyer la réponse").click()
    expect(pane.locator(".feedback")).to_have_text("Réponse envoyée à l'usager.")
    assert fake.of("POST", "/REC-7K2M-9QXD/answer")[-1]["body"] == {
        "text": "Le manifeste est de nouveau visible : videz le cache puis réessayez."
    }
    expect(pane.locator("ol.messages li").last).to_contain_text("Name of agent.salma")
    expect(pane.locator("ol.history li")).to_have_count(3)

    # Close with a note.
    pane.get_by_label("Note de clôture").fill("Résolu après vérification.")
    pane.get_by_role("button", name="Clôturer la réclamation").click()
    expect(pane.locator(".feedback")).to_have_text("Réclamation clôturée.")
    expect(pane.get_by_text("Cette réclamation est clôturée.")).to_be_visible()
    expect(pane.locator("ol.history li").last).to_contain_text("Résolu après vérification.")
    assert fake.of("POST", "/close")[-1]["body"] == {"note": "Résolu après vérification."}
    # The queue followed: the closed claim left the waiting list.
    expect(rows).to_have_count(1)
    shot("console-closed")


def test_a_refused_transition_shows_the_servers_words(page: Page, live_core: LiveCore) -> None:
    secret = create_user_in(live_core.app, "agent.karim", role="staff")
    fake = FakeClaims("Name of agent.karim")
    open_console(page, live_core, fake)
    sign_in(page, "agent.karim", secret)
    page.get_by_role("button", name="Ouvrir la réclamation REC-7K2M-9QXD").click()
    pane = page.locator("section.claim")
    expect(pane.get_by_role("button", name="M'assigner la réclamation")).to_be_visible()
    # Someone else closed it meanwhile.
    fake.claims["REC-7K2M-9QXD"]["status"] = "closed"
    pane.get_by_role("button", name="M'assigner la réclamation").click()
    expect(pane.get_by_role("alert")).to_have_text("Ce changement de statut n'est pas permis.")


def test_the_console_in_arabic_is_right_to_left_and_keeps_the_session(
    page: Page, live_core: LiveCore, shot: Any
) -> None:
    secret = create_user_in(live_core.app, "agent.amal", role="agent")
    fake = FakeClaims("Name of agent.amal")
    open_console(page, live_core, fake, "?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="واجهة مستشاري PORTNET")).to_be_visible()
    sign_in(
        page,
        "agent.amal",
        secret,
        (
            "اسم المستخدم أو البريد الإلكتروني",
            "كلمة المرور",
            "تسجيل الدخول",
            "رمز التحقق (6 أرقام)",
            "تأكيد",
        ),
    )
    expect(page.get_by_role("heading", name="قائمة الشكايات")).to_be_visible()
    expect(page.locator("tbody tr").first.locator(".waiting")).to_have_text("3 ي 4 س")
    assert fake.requests[-1]["lang"] == "ar"
    shot("console-ar")
    # A reload keeps the session (this tab) and the language.
    page.reload()
    expect(page.get_by_role("heading", name="قائمة الشكايات")).to_be_visible()
    # English, from the header.
    page.get_by_label("اللغة").select_option("en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", name="Claims queue")).to_be_visible()
    # Sign out: back to the form, the token revoked.
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("#console-signin")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('tijaria.console.session')") is None


def test_an_expired_session_goes_back_to_the_sign_in(page: Page, live_core: LiveCore) -> None:
    open_console(page, live_core, None)
    page.evaluate(
        "sessionStorage.setItem('tijaria.console.session', JSON.stringify({access_token: 'stale', user: {role: 'agent'}}))"
    )
    page.reload()
    expect(page.get_by_text("Votre session a expiré : reconnectez-vous.")).to_be_visible()
    expect(page.locator("#console-signin").get_by_label("Mot de passe")).to_be_visible()
