"""The RNOCE private space's server-rendered pages."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from api.accounts.models import OneTimeLink
from api.database import utcnow
from api.migrate import upgrade
from tests.rnoce.conftest import PASSWORD, signup_form

EMAIL = "contact@societe-demo.ma"


@pytest.fixture
def database_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    """Pages on SQLite only: what they read is tested on both databases in test_routes.py."""
    url = f"sqlite:///{tmp_path / 'tijaria.db'}"
    upgrade(url)
    return url


PAGES = [
    # (path, form, French words the guide uses)
    (
        "/rnoce/connexion",
        "login",
        ["Authentification à l'espace privé", "Mot de passe oublié ?", "S'inscrire"],
    ),
    ("/rnoce", "login", ["Se connecter"]),
    (
        "/rnoce/inscription",
        "signup",
        ["Nouvelle inscription", "Raison sociale", "Retourner à la page de connexion"],
    ),
    ("/rnoce/mot-de-passe-oublie", "forgot", ["Mot de passe oublié", "Recevoir le lien"]),
]


def test_pages_in_three_languages(client: TestClient) -> None:
    for path, form, words in PAGES:
        for lang, direction in (("fr", "ltr"), ("ar", "rtl"), ("en", "ltr")):
            response = client.get(path, params={"lang": lang})
            assert response.status_code == 200, (path, lang)
            html = response.text
            assert f'<html lang="{lang}" dir="{direction}">' in html
            assert f'data-rnoce="{form}"' in html and "/rnoce/static/rnoce.js" in html
            assert (
                f'<script src="/widget/tijaria.js" data-portal="rnoce" data-lang="{lang}"' in html
            )
            assert response.headers["referrer-policy"] == "no-referrer"
            if lang == "fr":
                for word in words:
                    assert word.replace("'", "&#x27;") in html, (path, word)
    assert 'lang="fr" dir="ltr"' in client.get("/rnoce/connexion", params={"lang": "xx"}).text


def test_password_page_shows_the_form_for_a_live_link(
    client: TestClient, last_link: Callable[[str], str]
) -> None:
    client.post("/api/v1/rnoce/signup", json=signup_form(EMAIL))
    token = last_link(EMAIL)
    page = client.get("/rnoce/mot-de-passe", params={"token": token})
    assert page.status_code == 200
    assert "Créer votre mot de passe" in page.text and EMAIL in page.text
    assert f'<input type="hidden" name="token" value="{token}">' in page.text
    assert "4 caractères alphanumériques ou plus" in page.text
    arabic = client.get("/rnoce/mot-de-passe", params={"token": token, "lang": "ar"}).text
    assert 'dir="rtl"' in arabic and "إنشاء كلمة المرور" in arabic
    assert f"token={token}&amp;lang=en" in arabic  # switching language keeps the link

    client.post(
        "/api/v1/rnoce/password",
        json={"token": token, "password": PASSWORD, "confirmation": PASSWORD},
    )
    client.post("/api/v1/rnoce/forgot-password", json={"email": EMAIL})
    reset = client.get("/rnoce/mot-de-passe", params={"token": last_link(EMAIL)})
    assert reset.status_code == 200 and "Nouveau mot de passe" in reset.text


def test_password_page_says_why_a_link_cannot_be_used(
    client: TestClient, last_link: Callable[[str], str]
) -> None:
    client.post("/api/v1/rnoce/signup", json=signup_form(EMAIL))
    token = last_link(EMAIL)
    with client.app.state.session_factory() as db:
        db.execute(update(OneTimeLink).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.commit()
    cases = [
        (token, "fr", "Ce lien a expiré. Demandez-en un nouveau."),
        (token, "en", "This link has expired. Ask for a new one."),
        ("inconnu", "fr", "Ce lien n&#x27;est plus valable"),
        ("", "ar", "هذا الرابط لم يعد صالحًا"),
    ]
    for link, lang, message in cases:
        page = client.get("/rnoce/mot-de-passe", params={"token": link, "lang": lang})
        assert page.status_code == 410, (link, lang)
        assert message in page.text, (link, lang)
        assert 'data-rnoce="password"' not in page.text
        assert "/rnoce/mot-de-passe-oublie" in page.text  # where to get a new link


def test_sign_in_page_confirms_the_new_password(client: TestClient) -> None:
    page = client.get("/rnoce/connexion", params={"done": "password"})
    assert "Votre mot de passe est enregistré." in page.text


def test_static_files(client: TestClient) -> None:
    script = client.get("/rnoce/static/rnoce.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith(
        "text/javascript"
    )
    assert "tijaria.token" in script.text
    assert client.get("/rnoce/static/rnoce.css").status_code == 200
    assert client.get("/rnoce/static/..%2Fservice.py").status_code == 404


def test_demo_portal_page_links_to_the_private_space(client: TestClient) -> None:
    html = client.get("/portals/rnoce").text
    assert 'href="/rnoce/connexion"' in html and 'href="/rnoce/inscription"' in html
