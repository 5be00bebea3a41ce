"""The profile menu's « Modifier le mot de passe » and « Réinitialiser MFA » pages, in
Debian's chromium, on the signed-in account (guides, « Gestion du profil utilisateur »).

Screenshots go to tests/artifacts/widget-*.png.
"""

from typing import Any

import pyotp
import pytest
from playwright.sync_api import Page, expect

from api.accounts import service as accounts
from tests.api.accounts_helpers import PASSWORD, create_user_in
from tests.widget.conftest import LiveCore

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "Nouveau-Mot2passe!"


def sign_in_from_header(page: Page, live_core: LiveCore, login: str, secret: str) -> None:
    page.goto(live_core.url + "/portals/douane")
    page.locator("summary", has_text="Se connecter").click()
    form = page.locator("#portnet-signin")
    form.get_by_label("Identifiant ou adresse e-mail").fill(login)
    form.get_by_label("Mot de passe").fill(PASSWORD)
    form.get_by_role("button", name="Se connecter").click()
    form.get_by_label("Code de vérification (6 chiffres)").fill(pyotp.TOTP(secret).now())
    form.get_by_role("button", name="Valider").click()
    expect(page.locator("[data-user-name]")).to_have_text(f"Name of {login}")


def user_row(live_core: LiveCore, login: str) -> Any:
    with live_core.app.state.session_factory() as db:
        user = accounts.get_by_login(db=db, realm="portnet", login=login)
        assert user is not None
        db.expunge(user)
        return user


def test_change_the_password_from_the_profile_menu(
    page: Page, live_core: LiveCore, shot: Any
) -> None:
    secret = create_user_in(live_core.app, "op.profile")
    page.goto(live_core.url + "/portals/douane/modifier-le-mot-de-passe")
    expect(page.get_by_text("Connectez-vous d'abord")).to_be_visible()

    sign_in_from_header(page, live_core, "op.profile", secret)
    page.locator("summary[data-user-name]").click()
    page.get_by_role("link", name="Modifier le mot de passe").click()
    form = page.locator("[data-account-form=password]")
    form.get_by_label("Mot de passe actuel").fill(PASSWORD)
    form.get_by_label("Nouveau mot de passe", exact=True).fill("court")
    form.get_by_label("Confirmer le nouveau mot de passe").fill("court")
    form.get_by_role("button", name="Enregistrer").click()
    # The guides' rule, and exactly what this candidate lacks.
    expect(form.get_by_role("alert")).to_contain_text("au moins 8 caractères")
    expect(form.get_by_role("alert")).to_contain_text("un chiffre")
    shot("refused")

    form.get_by_label("Nouveau mot de passe", exact=True).fill(NEW_PASSWORD)
    form.get_by_label("Confirmer le nouveau mot de passe").fill(NEW_PASSWORD)
    form.get_by_role("button", name="Enregistrer").click()
    expect(form.get_by_role("status")).to_have_text(
        "Votre mot de passe est modifié. Vos autres sessions ouvertes sont fermées."
    )
    shot("changed")
    status = page.evaluate(
        """p => fetch('/api/v1/auth/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
             body: JSON.stringify({login: 'op.profile', password: p})}).then(r => r.status)""",
        NEW_PASSWORD,
    )
    assert status == 200
    # This tab's session was kept: the page still knows the user.
    page.reload()
    expect(page.locator("[data-user-name]")).to_have_text("Name of op.profile")


def test_reset_mfa_with_a_new_key(page: Page, live_core: LiveCore, shot: Any) -> None:
    old_secret = create_user_in(live_core.app, "op.mfa")
    sign_in_from_header(page, live_core, "op.mfa", old_secret)
    page.goto(live_core.url + "/portals/douane/reinitialiser-mfa")
    form = page.locator("[data-account-form=mfa]")

    form.get_by_label("Mot de passe").fill("pas le bon")
    form.get_by_role("button", name="Continuer").click()
    expect(form.get_by_role("alert")).to_have_text("Le mot de passe actuel est incorrect.")
    form.get_by_label("Mot de passe").fill(PASSWORD)
    form.get_by_role("button", name="Continuer").click()
    qr = form.locator("img.tj-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 100
    new_secret = form.locator(".tj-secret code").inner_text()
    assert new_secret != old_secret
    # Until confirmed, the old key still rules the account.
    assert user_row(live_core, "op.mfa").totp_secret == old_secret
    shot("enrol")

    form.get_by_label("Code de vérification (6 chiffres)").fill(pyotp.TOTP(new_secret).now())
    form.get_by_role("button", name="Valider").click()
    expect(form.get_by_role("status")).to_have_text(
        "Le MFA est réinitialisé : utilisez désormais le code de votre nouvelle application."
    )
    assert user_row(live_core, "op.mfa").totp_secret == new_secret


def test_se_connecter_opened_before_the_widget_is_up_stays_open(
    page: Page, live_core: LiveCore
) -> None:
    secret = create_user_in(live_core.app, "op.early")
    held: list[Any] = []
    page.route("**/widget/*/app.js", lambda route: held.append(route))
    page.goto(live_core.url + "/portals/douane")
    # The widget's modules are still on their way when the user opens « Se connecter ».
    page.locator("summary", has_text="Se connecter").click()
    while not held:
        page.wait_for_timeout(50)
    held[0].continue_()
    page.wait_for_function("() => window.TijarIA && window.TijarIA.widget")
    expect(page.locator("details.signin")).to_have_attribute("open", "")
    form = page.locator("#portnet-signin")
    form.get_by_label("Identifiant ou adresse e-mail").fill("op.early")
    form.get_by_label("Mot de passe").fill(PASSWORD)
    form.get_by_role("button", name="Se connecter").click()
    form.get_by_label("Code de vérification (6 chiffres)").fill(pyotp.TOTP(secret).now())
    form.get_by_role("button", name="Valider").click()
    expect(page.locator("[data-user-name]")).to_have_text("Name of op.early")
    # Signed in: « Se connecter » closes and hides.
    expect(page.locator("details.signin")).to_be_hidden()
