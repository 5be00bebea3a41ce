"""Signing in from the widget and from the demo page header, in Debian's chromium.

Screenshots go to tests/artifacts/widget-*.png.
"""

from typing import Any

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.api.accounts_helpers import PASSWORD, create_user_in
from tests.widget.conftest import LiveCore

pytestmark = pytest.mark.e2e

QUESTION = "où en est ma réclamation ?"


def personal_reply(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Like action_my_files: a sign-in button for anonymous users, their name otherwise."""
    user = body["metadata"]["user"]
    if user is None:
        return [
            {
                "recipient_id": body["sender"],
                "text": "Cette information est liée à votre compte. Connectez-vous d'abord.",
                "buttons": [{"title": "Se connecter", "payload": "/request_login"}],
            }
        ]
    return [
        {
            "recipient_id": body["sender"],
            "text": f"Connecté(e) en tant que {user['display_name']} ({user['role']}).",
        }
    ]


def open_widget(page: Page, live_core: LiveCore, path: str = "/portals/pmpce") -> Any:
    page.goto(live_core.url + path)
    page.get_by_role("button", name="Besoin d'aide ?").click()
    return page.locator("#tijaria-widget")


def test_sign_in_from_the_chat_then_the_question_is_answered(
    page: Page, live_core: LiveCore, shot: Any
) -> None:
    live_core.rasa.reply = personal_reply
    secret = create_user_in(live_core.app, "op.widget")
    widget = open_widget(page, live_core)

    widget.get_by_role("textbox", name="Votre message").fill(QUESTION)
    widget.get_by_role("textbox", name="Votre message").press("Enter")
    widget.get_by_role("button", name="Se connecter").click()
    widget.get_by_label("Identifiant ou adresse e-mail").fill("op.widget")
    widget.get_by_label("Mot de passe").fill("wrong")
    widget.get_by_role("button", name="Se connecter").click()
    expect(widget.get_by_role("alert")).to_have_text("Identifiant ou mot de passe incorrect.")
    widget.get_by_label("Mot de passe").fill(PASSWORD)
    widget.get_by_role("button", name="Se connecter").click()
    widget.get_by_label("Code de vérification (6 chiffres)").fill(pyotp.TOTP(secret).now())
    shot("code-step")
    widget.get_by_role("button", name="Valider").click()

    expect(
        widget.get_by_text("Connecté(e) en tant que Name of op.widget (operator).")
    ).to_be_visible()
    expect(widget.get_by_text("Connecté : Name of op.widget")).to_be_visible()
    shot("answered")
    # The same question went again, this time with the user known to Rasa, never the token.
    assert live_core.sent_to_rasa() == [QUESTION, QUESTION]
    assert [b["metadata"]["user"] is None for b in live_core.rasa.received] == [True, False]
    token = page.evaluate("sessionStorage.getItem('tijaria.token')")
    assert token and token not in str(live_core.rasa.received)

    # Signing out revokes the token and leaves the account's conversation behind.
    widget.get_by_role("button", name="Se déconnecter").click()
    expect(widget.get_by_text("Vous êtes déconnecté(e).")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('tijaria.token')") is None
    status = page.evaluate(
        "t => fetch('/api/v1/auth/me', {headers: {Authorization: 'Bearer ' + t}}).then(r => r.status)",
        token,
    )
    assert status == 401


def test_first_sign_in_from_the_page_header_enrols_with_a_qr_code(
    page: Page, live_core: LiveCore, shot: Any
) -> None:
    create_user_in(live_core.app, "op.header", enrolled=False)
    page.goto(live_core.url + "/portals/douane")

    page.locator("summary", has_text="Se connecter").click()
    form = page.locator("#portnet-signin")
    form.get_by_label("Identifiant ou adresse e-mail").fill("op.header@example.ma")
    form.get_by_label("Mot de passe").fill(PASSWORD)
    form.get_by_role("button", name="Se connecter").click()
    qr = form.locator("img.tj-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 100  # a real PNG, decoded by the browser
    secret = form.locator(".tj-secret code").inner_text()
    shot("enrol")
    form.get_by_label("Code de vérification (6 chiffres)").fill(pyotp.TOTP(secret).now())
    form.get_by_role("button", name="Valider").click()

    expect(page.locator("[data-user-name]")).to_have_text("Name of op.header")
    expect(page.locator("summary", has_text="Se connecter")).to_be_hidden()
    page.get_by_role("button", name="Besoin d'aide ?").click()
    expect(
        page.locator("#tijaria-widget").get_by_text("Connecté : Name of op.header")
    ).to_be_visible()
    # A reload keeps the tab signed in.
    page.reload()
    expect(page.locator("[data-user-name]")).to_have_text("Name of op.header")
