"""The widget's inline form card (a message's `form`), in Debian's chromium.

The chat answers are played by Playwright (route interception of POST /api/v1/chat, the
socket being unavailable so the widget speaks HTTP): the card's contract is what is under
test, whoever produces it. Uploads go to the real core (/api/v1/uploads).
Screenshots go to tests/artifacts/widget-*.png.
"""

import json
import re
from copy import deepcopy
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from tests.pdf_samples import make_pdf
from tests.widget.conftest import LiveCore

pytestmark = pytest.mark.e2e

W = "#tijaria-widget"
NO_SOCKET = """
window.WebSocket = class {
  constructor() { setTimeout(() => { this.onerror && this.onerror({}); this.onclose && this.onclose({}); }, 10); }
  send() { throw new Error("closed"); }
  close() {}
};
"""

CARD = {
    "id": "claim-details",
    "title": "Votre réclamation",
    "fields": [
        {
            "name": "service",
            "label": "Service",
            "type": "select",
            "required": True,
            "choices": [
                {"value": "manifestes", "label": "Consultation des manifestes"},
                {"value": "programmation", "label": "Programmation"},
            ],
            "value": "programmation",
        },
        {
            "name": "object",
            "label": "Objet",
            "type": "text",
            "required": True,
            "help": "En quelques mots (200 caractères au plus).",
            "max_length": 200,
        },
        {
            "name": "details",
            "label": "Détails",
            "type": "text",
            "required": True,
            "max_length": 4000,
        },
        {
            "name": "attachments",
            "label": "Pièces jointes",
            "type": "file",
            "required": False,
            "help": "PDF, PNG ou JPEG, 3 Mo au plus chacun, 5 fichiers au plus.",
        },
    ],
    "submit_label": "Envoyer la réclamation",
}

CARD_AR = {
    "id": "claim-details",
    "title": "شكايتك",
    "fields": [
        {"name": "object", "label": "الموضوع", "type": "text", "required": True},
        {"name": "details", "label": "التفاصيل", "type": "text", "required": True},
    ],
    "submit_label": "إرسال",
}


class FakeChat:
    """POST /api/v1/chat played by the test: the first message gets the card, the next
    ones an acknowledgement. Every request body is kept."""

    def __init__(self, card: dict[str, Any], lang: str = "fr") -> None:
        self.card = card
        self.lang = lang
        self.posts: list[dict[str, Any]] = []

    def handle(self, route: Route) -> None:
        body = json.loads(route.request.post_data or "{}")
        self.posts.append(body)
        n = len(self.posts)
        message: dict[str, Any] = {"id": f"bot-{n}", "text": "Merci, c'est noté.", "sender": "bot"}
        if n == 1:
            message = {
                "id": "bot-1",
                "text": "Décrivez votre demande :",
                "sender": "bot",
                "form": self.card,
            }
        route.fulfill(
            status=200,
            content_type="application/json",
            body=json.dumps(
                {
                    "session_id": body["session_id"],
                    "lang": self.lang,
                    "messages": [message],
                    "handoff": {"state": "none"},
                }
            ),
        )


def start(page: Page, core: LiveCore, card: dict[str, Any], lang: str = "fr") -> FakeChat:
    chat = FakeChat(card, lang)
    page.add_init_script(NO_SOCKET)
    page.route("**/api/v1/chat", chat.handle)
    page.goto(f"{core.url}/portals/douane?lang={lang}")
    page.locator(f"{W} .launcher").click()
    field = page.locator(f"{W} textarea.input")
    field.fill("je veux déposer une réclamation" if lang == "fr" else "بغيت ندير شكاية")
    field.press("Enter")
    expect(page.locator(f"{W} form.form-card")).to_be_visible()
    return chat


def test_the_card_is_labelled_validated_uploads_and_sends_one_message(
    page: Page, live_core: LiveCore, shot: Any
) -> None:
    chat = start(page, live_core, CARD)
    card = page.locator(f"{W} form.form-card")
    expect(card).to_have_attribute("dir", "ltr")
    expect(card.get_by_role("heading", name="Votre réclamation")).to_be_visible()
    # Every control is reached by its label; the pre-filled value is selected.
    service = card.get_by_label("Service")
    expect(service).to_have_value("programmation")
    objet = card.get_by_label("Objet")
    expect(objet).to_have_attribute("aria-required", "true")
    expect(objet).to_have_accessible_description("En quelques mots (200 caractères au plus).")
    # Long free text gets a multi-line box.
    assert card.get_by_label("Détails").evaluate("e => e.tagName") == "TEXTAREA"

    # Required fields left empty: nothing is sent, the first one has the focus.
    card.get_by_role("button", name="Envoyer la réclamation").click()
    expect(card.get_by_role("alert").first).to_have_text("Complétez les champs signalés.")
    expect(objet).to_have_attribute("aria-invalid", "true")
    expect(objet).to_be_focused()
    assert len(chat.posts) == 1
    shot("card-errors")

    # A program renamed .pdf passes the browser's type (the server reads the content); an
    # .exe by type, an empty file and an oversized one are refused here, never uploaded.
    uploads: list[str] = []
    page.on("request", lambda r: uploads.append(r.url) if "/api/v1/uploads" in r.url else None)
    files = card.get_by_label("Pièces jointes", exact=True)
    files.set_input_files(
        {"name": "setup.exe", "mimeType": "application/x-msdownload", "buffer": b"MZ\x90\x00"}
    )
    expect(card.locator("[data-field=attachments] .fc-error")).to_contain_text(
        "type de fichier non accepté"
    )
    files.set_input_files({"name": "vide.pdf", "mimeType": "application/pdf", "buffer": b""})
    expect(card.locator("[data-field=attachments] .fc-error")).to_contain_text("est vide")
    files.set_input_files(
        {
            "name": "gros.pdf",
            "mimeType": "application/pdf",
            "buffer": b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024),
        }
    )
    expect(card.locator("[data-field=attachments] .fc-error")).to_contain_text(
        "la taille maximale est de 3,0 Mo"
    )
    assert uploads == []

    # A real PDF goes through the widget's upload path, to this conversation.
    files.set_input_files(
        {"name": "capture.pdf", "mimeType": "application/pdf", "buffer": make_pdf(size=20_000)}
    )
    expect(card.locator(".fc-files li")).to_have_count(1)
    expect(card.locator(".fc-files li")).to_contain_text("capture.pdf")
    expect(card.locator("[data-field=attachments] .fc-error")).to_be_hidden()
    with live_core.app.state.session_factory() as db:
        from api.uploads.models import Upload

        upload = db.query(Upload).one()
        assert upload.session_id == chat.posts[0]["session_id"]

    # Keyboard only: type, choose, submit with Enter from a one-line field.
    objet.fill("Manifeste introuvable")
    card.get_by_label("Détails").fill("Le manifeste 2024/118 n'apparaît pas\ndans la recherche.")
    service.select_option(label="Consultation des manifestes")
    shot("card-filled")
    objet.focus()
    page.keyboard.press("Enter")

    # ONE message: a readable summary, the values and the upload ids in its metadata.
    expect(page.locator(f"{W} .msg.user .bubble").last).to_have_text(
        "Service : Consultation des manifestes · Objet : Manifeste introuvable · "
        "Détails : Le manifeste 2024/118 n'apparaît pas dans la recherche. · "
        "Pièces jointes : capture.pdf"
    )
    expect(page.locator(f"{W} .msg.bot .bubble").last).to_have_text("Merci, c'est noté.")
    assert len(chat.posts) == 2
    sent = chat.posts[1]
    assert sent["metadata"]["form"] == {
        "id": "claim-details",
        "values": {
            "service": "manifestes",
            "object": "Manifeste introuvable",
            "details": "Le manifeste 2024/118 n'apparaît pas\ndans la recherche.",
            "attachments": [upload.id],
        },
    }
    assert sent["metadata"]["attachments"] == [upload.id]
    assert sent["metadata"]["client_message_id"].startswith("m-")

    # Read-only once sent.
    expect(card.get_by_role("status").last).to_have_text("Formulaire envoyé.")
    expect(objet).to_be_disabled()
    expect(card.get_by_role("button", name="Envoyer la réclamation")).to_be_hidden()
    expect(card.get_by_role("button", name="Retirer capture.pdf")).to_be_disabled()
    shot("card-sent")


def test_an_arabic_card_is_right_to_left_and_a_typed_answer_closes_it(
    page: Page, live_core: LiveCore, shot: Any
) -> None:
    chat = start(page, live_core, CARD_AR, lang="ar")
    card = page.locator(f"{W} form.form-card")
    expect(card).to_have_attribute("dir", "rtl")
    expect(card).to_have_attribute("lang", "ar")
    objet = card.get_by_label("الموضوع")
    assert card.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # The label sits on the right, where an Arabic reader starts.
    text_right, card_left, card_right = card.locator("label").first.evaluate(
        """e => { const r = document.createRange(); r.selectNodeContents(e);
                  const t = r.getBoundingClientRect(), c = e.closest("form").getBoundingClientRect();
                  return [t.right, c.left, c.right]; }"""
    )
    assert text_right > (card_left + card_right) / 2
    card.get_by_role("button", name="إرسال").click()
    expect(card.get_by_role("alert").first).to_have_text("أكمل الحقول المشار إليها.")
    shot("card-ar")
    # The user types instead of filling the card: the card is closed, not sent.
    field = page.locator(f"{W} textarea.input")
    field.fill("إلغاء")
    field.press("Enter")
    expect(objet).to_be_disabled()
    expect(card.get_by_role("status").last).to_have_text("لم تعد الاستمارة قابلة للتعديل.")
    assert "form" not in chat.posts[-1]["metadata"]


def test_the_paperclip_also_names_its_upload_in_metadata_attachments(
    page: Page, live_core: LiveCore
) -> None:
    posts: list[dict[str, Any]] = []
    page.add_init_script(NO_SOCKET)
    page.on(
        "request",
        lambda r: (
            posts.append(json.loads(r.post_data or "{}"))
            if r.url.endswith("/api/v1/chat")
            else None
        ),
    )
    page.goto(f"{live_core.url}/portals/douane")
    page.locator(f"{W} .launcher").click()
    page.locator(f"{W} .composer input[type=file]").set_input_files(
        {"name": "facture.pdf", "mimeType": "application/pdf", "buffer": make_pdf(size=5_000)}
    )
    expect(page.locator(f"{W} .msg.user .bubble").last).to_contain_text("facture.pdf")
    page.wait_for_function("() => true")
    expect(page.locator(f"{W} .msg.bot .bubble").last).to_be_visible()
    metadata = posts[-1]["metadata"]
    assert metadata["attachments"] == [metadata["attachment"]["id"]]
    assert metadata["attachment"]["filename"] == "facture.pdf"


def transcript(page: Page, messages: list[dict[str, Any]]) -> None:
    page.route(
        re.compile(r".*/api/v1/conversations/[^/]+/messages.*"),
        lambda route: route.fulfill(
            status=200,
            content_type="application/json",
            body=json.dumps({"session_id": "tj-x", "lang": "fr", "messages": messages}),
        ),
    )


def stored(n: int, sender: str, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"s{n}",
        "sender": sender,
        "text": text,
        "created_at": "2026-03-02T08:00:00Z",
        **extra,
    }


@pytest.mark.parametrize("answered", [True, False])
def test_a_card_in_the_transcript_is_open_only_when_nothing_was_said_after_it(
    page: Page, live_core: LiveCore, answered: bool
) -> None:
    # The draft already holds one file, and takes one at most.
    card_def = deepcopy(CARD)
    card_def["fields"][3].update(value=["up-earlier"], max_files=1, accept=["application/pdf"])
    messages = [
        stored(1, "user", "je veux déposer une réclamation"),
        stored(2, "bot", "Décrivez votre demande :", form=card_def),
    ]
    if answered:
        messages.append(stored(3, "user", "Objet : Manifeste introuvable"))
    transcript(page, messages)
    page.goto(f"{live_core.url}/portals/douane")
    page.locator(f"{W} .launcher").click()
    card = page.locator(f"{W} form.form-card")
    expect(card).to_have_count(1)
    objet = card.get_by_label("Objet")
    if answered:
        expect(objet).to_be_disabled()
        expect(card.get_by_role("status").last).to_have_text("Formulaire non modifiable.")
    else:
        expect(objet).to_be_enabled()
        expect(card.get_by_role("button", name="Envoyer la réclamation")).to_be_visible()
        expect(card.locator(".fc-known")).to_have_text("Déjà reçu(s) : 1 fichier(s).")
        files = card.get_by_label("Pièces jointes", exact=True)
        expect(files).to_have_attribute("accept", "application/pdf")
        files.set_input_files(
            {"name": "autre.pdf", "mimeType": "application/pdf", "buffer": make_pdf(size=3_000)}
        )
        expect(card.locator("[data-field=attachments] .fc-error")).to_have_text(
            "Au plus 1 fichier(s)."
        )
