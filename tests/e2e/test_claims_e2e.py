"""« Nouvelle réclamation » and « Mes réclamations » by conversation, through the real Rasa,
action server, API and database: the demo operator files a claim in French (with a PDF,
a guide question in the middle of the form) and one in Arabic (with a PNG), asks their
status; an agent answers in the console (Chromium) and the operator's open widget shows
the answer without reloading."""

import re
import secrets
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from api.accounts.seed import DEMO_PASSWORD
from api.claims.texts import status_label
from tests.e2e.conftest import RunningTijaria, fresh_code
from tests.image_samples import make_png
from tests.pdf_samples import make_pdf

pytestmark = pytest.mark.e2e

REFERENCE = re.compile(r"REC-[0-9A-Z]{4}-[0-9A-Z]{4}")


def sign_in(tijaria: RunningTijaria, login: str, secret: str) -> str:
    challenge = httpx.post(
        f"{tijaria.api_url}/api/v1/auth/login", json={"login": login, "password": DEMO_PASSWORD}
    ).json()
    session = httpx.post(
        f"{tijaria.api_url}/api/v1/auth/mfa",
        json={"mfa_token": challenge["mfa_token"], "code": fresh_code(secret)},
    )
    assert session.status_code == 200, session.text
    return str(session.json()["access_token"])


@dataclass
class Chat:
    """One browser's conversation with TijarIA, as the widget holds it."""

    tijaria: RunningTijaria
    token: str
    lang: str
    portal: str = "pmpce"
    session_id: str = field(default_factory=lambda: "e2e-claim-" + secrets.token_hex(6))
    key: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def headers(self) -> dict[str, str]:
        return {"X-Conversation-Key": self.key, "Authorization": f"Bearer {self.token}"}

    def say(self, message: str, **metadata: Any) -> list[dict[str, Any]]:
        response = httpx.post(
            f"{self.tijaria.api_url}/api/v1/chat",
            json={
                "session_id": self.session_id,
                "message": message,
                "portal": self.portal,
                "lang": self.lang,
                "metadata": metadata,
            },
            headers=self.headers,
            timeout=60,
        )
        assert response.status_code == 200, response.text
        messages: list[dict[str, Any]] = response.json()["messages"]
        assert messages, f"no answer to {message!r}"
        return messages

    def upload(self, filename: str, content: bytes, content_type: str) -> str:
        response = httpx.post(
            f"{self.tijaria.api_url}/api/v1/uploads",
            data={"session_id": self.session_id, "lang": self.lang},
            files={"file": (filename, content, content_type)},
            headers=self.headers,
            timeout=30,
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])


def text_of(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m["text"] for m in messages)


def titles(messages: list[dict[str, Any]]) -> list[str]:
    return [b["title"] for m in messages for b in m.get("buttons", [])]


def file_claim(
    chat: Chat,
    *,
    start: str,
    kind: str,
    question: str,
    object_text: str,
    details: str,
    attachment: tuple[str, bytes, str],
    done: str,
    confirm: str,
) -> tuple[str, list[dict[str, Any]]]:
    """Walks the three steps and the summary; returns the reference and the last turn."""
    asked = chat.say(start)
    assert kind in titles(asked), text_of(asked)

    asked = chat.say(kind)
    services = titles(asked)
    assert len(services) >= 3, text_of(asked)  # the portal's services, as buttons

    asked = chat.say(services[0])
    # The details step comes as a form card too; here it is answered one field at a time.
    assert any(m.get("form") for m in asked), asked

    # A question about the guides in the middle: answered, then the form asks again.
    digression = chat.say(question)
    assert any(m.get("sources") for m in digression), text_of(digression)
    assert any(m.get("form") or m.get("buttons") for m in digression[1:]) or len(digression) > 1

    chat.say(object_text)
    asked = chat.say(details)
    upload_id = chat.upload(*attachment)
    asked = chat.say(attachment[0], attachments=[upload_id])
    if confirm not in titles(asked):
        asked = chat.say(done)  # no more files
    assert confirm in titles(asked), text_of(asked)
    summary = text_of(asked)
    assert object_text in summary and attachment[0].split(".")[0] in summary

    confirmed = chat.say(confirm)
    found = REFERENCE.search(text_of(confirmed))
    assert found, text_of(confirmed)
    return found.group(0), confirmed


@pytest.fixture(scope="module")
def operator_token(tijaria: RunningTijaria, demo_secrets: dict[str, str]) -> str:
    return sign_in(tijaria, "demo.operateur", demo_secrets["demo.operateur"])


def test_a_claim_filed_in_french_with_a_pdf_then_its_status(
    tijaria: RunningTijaria, operator_token: str
) -> None:
    chat = Chat(tijaria, operator_token, "fr")
    reference, _ = file_claim(
        chat,
        start="Je veux déposer une réclamation",
        kind="Incident technique",
        question="Comment changer mon mot de passe ?",
        object_text="DFD bloquée à l'état Nouveau",
        details="Ma demande de franchise reste à l'état Nouveau depuis trois jours.",
        attachment=("capture-dfd.pdf", make_pdf(size=20_000), "application/pdf"),
        done="Terminé",
        confirm="Confirmer",
    )

    mine = httpx.get(
        f"{tijaria.api_url}/api/v1/claims/{reference}", headers=chat.headers, timeout=10
    )
    assert mine.status_code == 200, mine.text
    claim = mine.json()
    assert claim["kind"] == "incident_technique" and claim["portal"] == "pmpce"
    assert claim["status"] == "new" and len(claim["attachments"]) == 1

    # Another day, another conversation: « où en est ma réclamation … ? »
    later = Chat(tijaria, operator_token, "fr")
    status = text_of(later.say(f"Où en est ma réclamation {reference} ?"))
    assert reference in status, status
    assert status_label("new", "fr") in status and "DFD bloquée" in status, status


def test_a_claim_filed_in_arabic_with_a_png(tijaria: RunningTijaria, operator_token: str) -> None:
    chat = Chat(tijaria, operator_token, "ar", portal="douane")
    reference, confirmed = file_claim(
        chat,
        start="أريد تقديم شكاية",
        kind="شكاية",
        question="كيف أغير كلمة المرور؟",
        object_text="البيان غير ظاهر",
        details="لا يظهر البيان في البحث منذ يومين.",
        attachment=("lqata.png", make_png(), "image/png"),
        done="انتهيت",
        confirm="تأكيد",
    )
    assert "شكاي" in text_of(confirmed)
    status = text_of(Chat(tijaria, operator_token, "ar").say(f"ما هي حالة شكايتي {reference}؟"))
    assert reference in status, status


def test_someone_elses_claim_is_not_found_in_chat(
    tijaria: RunningTijaria, operator_token: str, demo_secrets: dict[str, str]
) -> None:
    chat = Chat(tijaria, operator_token, "fr")
    reference, _ = file_claim(
        chat,
        start="je veux faire une réclamation",
        kind="Demande d'information",
        question="Comment consulter mes factures ?",
        object_text="Question sur une facture",
        details="Je ne retrouve pas ma facture du mois dernier.",
        attachment=("facture.pdf", make_pdf(size=5_000), "application/pdf"),
        done="Terminé",
        confirm="Confirmer",
    )
    other = Chat(tijaria, sign_in(tijaria, "demo.douane", demo_secrets["demo.douane"]), "fr")
    answer = text_of(other.say(f"Où en est ma réclamation {reference} ?"))
    unknown = text_of(other.say("Où en est ma réclamation REC-7Q4P-M2XW ?"))
    assert answer.replace(reference, "X") == unknown.replace("REC-7Q4P-M2XW", "X")


# ------------------------------------------------------------------ the console, live


def widget_sign_in(widget: Any, login: str, secret: str) -> None:
    widget.get_by_label("Identifiant ou adresse e-mail").fill(login)
    widget.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    widget.get_by_role("button", name="Se connecter").click()
    widget.get_by_label("Code de vérification (6 chiffres)").fill(fresh_code(secret))
    widget.get_by_role("button", name="Valider").click()


def test_an_agent_answers_in_the_console_and_the_open_widget_shows_it(
    tijaria: RunningTijaria, demo_secrets: dict[str, str], browser: Browser
) -> None:
    user: Page = browser.new_page()
    user.goto(f"{tijaria.api_url}/portals/pmpce")
    user.get_by_role("button", name="Besoin d'aide ?").click()
    widget = user.locator("#tijaria-widget")
    box = widget.get_by_role("textbox", name="Votre message")

    box.fill("Je veux déposer une réclamation")
    box.press("Enter")
    widget.get_by_role("button", name="Se connecter").click()
    widget_sign_in(widget, "demo.operateur", demo_secrets["demo.operateur"])
    # Signed in, the widget asks again and the form starts where it was asked.
    widget.get_by_role("button", name="Réclamation", exact=True).click()
    widget.get_by_role("button", name="Franchise douanière (DFD)").click()
    card = widget.locator("form.form-card").last
    card.get_by_label("Objet").fill("DFD refusée sans motif")
    card.get_by_label("Détails").fill("Ma DFD a été refusée sans motif affiché.")
    card.locator("button[type=submit]").click()
    widget.get_by_role("button", name="Confirmer").click()
    confirmation = widget.get_by_text(REFERENCE).last
    expect(confirmation).to_be_visible(timeout=30_000)
    found = REFERENCE.search(confirmation.inner_text())
    assert found
    reference = found.group(0)

    agent: Page = browser.new_page()
    agent.goto(f"{tijaria.api_url}/console")
    form = agent.locator("#console-signin")
    form.get_by_label("Identifiant ou adresse e-mail").fill("demo.agent")
    form.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    form.get_by_role("button", name="Se connecter").click()
    form.get_by_label("Code de vérification (6 chiffres)").fill(
        fresh_code(demo_secrets["demo.agent"])
    )
    form.get_by_role("button", name="Valider").click()
    agent.locator(f"tr[data-reference='{reference}']").get_by_text(reference).click()
    pane = agent.locator("section.claim")
    pane.get_by_role("button", name="M'assigner la réclamation").click()
    pane.get_by_label("Réponse à l'usager").fill("Votre DFD est débloquée, réessayez.")
    pane.get_by_role("button", name="Envoyer la réponse").click()
    expect(pane.locator(".feedback")).to_have_text("Réponse envoyée à l'usager.")

    # No reload: the server pushed the notice into the operator's open conversation.
    expect(widget.get_by_text(reference).last).to_be_visible()
    expect(widget.locator(".msg").filter(has_text="Votre DFD est débloquée")).to_be_visible(
        timeout=15_000
    )
