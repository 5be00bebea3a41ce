"""The RNOCE private space (api/rnoce) in a real browser (Debian's chromium): sign up, open
the e-mailed link, create the password, sign in; the widget on the page gets the session."""

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.rnoce.conftest import outbox_of
from tests.widget.conftest import LiveCore

pytestmark = pytest.mark.e2e

EMAIL = "contact@societe-demo.ma"


def test_sign_up_create_password_and_sign_in(live_core: LiveCore, page: Page) -> None:
    live_core.app.state.settings.public_base_url = live_core.url  # links point at this server

    page.goto(f"{live_core.url}/portals/rnoce")
    page.get_by_role("link", name="S'inscrire").click()
    expect(page.get_by_role("heading", name="Nouvelle inscription")).to_be_visible()
    page.get_by_label("Raison sociale").fill("Société Démo Négoce SARL")
    page.get_by_label("Adresse du siège social").fill("12 boulevard de la Démo, Casablanca")
    page.get_by_label("Adresse e-mail").fill("Contact@Societe-Demo.ma")
    page.get_by_label("Téléphone").fill("0612")
    page.get_by_role("button", name="S'inscrire").click()
    expect(page.locator(".form-error")).to_contain_text("Numéro de téléphone invalide")
    page.get_by_label("Téléphone").fill("05 22 00 00 00")
    page.get_by_role("button", name="S'inscrire").click()
    expect(page.locator(".form-ok")).to_contain_text(f"Un lien vient d'être envoyé à {EMAIL}")
    expect(page.locator(".form-error")).to_be_hidden()

    [mail] = outbox_of(live_core.app, EMAIL)
    link = re.search(r"http://\S+/rnoce/mot-de-passe\?token=\S+", mail.body)
    assert link and link.group(0).startswith(live_core.url)
    page.goto(link.group(0))
    expect(page.get_by_role("heading", name="Créer votre mot de passe")).to_be_visible()
    page.locator("#password").fill("abc")
    page.get_by_label("Confirmez votre mot de passe").fill("abc")
    page.get_by_role("button", name="Confirmer").click()
    expect(page.locator(".form-error")).to_contain_text("au moins 4 caractères")
    page.locator("#password").fill("Rnoce2026")
    page.get_by_label("Confirmez votre mot de passe").fill("Rnoce2026")
    page.get_by_role("button", name="Confirmer").click()

    page.wait_for_url(re.compile(r"/rnoce/connexion\?done=password$"))
    expect(page.locator(".form-ok")).to_contain_text("Votre mot de passe est enregistré")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.locator("#password").fill("mauvais")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator(".form-error")).to_have_text("Identifiant ou mot de passe incorrect.")
    page.locator("#password").fill("Rnoce2026")
    page.get_by_role("button", name="Se connecter").click()

    page.wait_for_url(re.compile(r"/portals/rnoce$"))
    token = page.evaluate("() => window.sessionStorage.getItem('tijaria.token')")
    user = page.evaluate("() => JSON.parse(window.sessionStorage.getItem('tijaria.user'))")
    assert token and user["email"] == EMAIL  # what the widget reads to be signed in
    me = httpx.get(f"{live_core.url}/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["email"] == EMAIL

    # The used link now says so.
    page.goto(link.group(0))
    expect(page.locator(".form-error")).to_contain_text("Ce lien n'est plus valable")
