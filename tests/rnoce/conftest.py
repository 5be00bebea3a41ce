"""RNOCE tests: the API client (SQLite and PostgreSQL), a real SMTP server, and helpers to
read the links the e-mails carry. The browser test is tests/widget/test_rnoce_browser.py
(it shares that folder's one Playwright session)."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.notifications import service as notifications
from tests.api.conftest import client, rasa, settings  # noqa: F401 - fixtures
from tests.notifications.conftest import dead_smtp_url, smtp_server  # noqa: F401 - fixtures

LINK = re.compile(r"https?://\S+/rnoce/mot-de-passe\?token=([A-Za-z0-9_\-]+)")
PASSWORD = "Rnoce2026"


def signup_form(email: str = "contact@societe-demo.ma", **changes: str) -> dict[str, str]:
    """Invented company data (nothing from the guides' screenshots)."""
    return {
        "raison_sociale": "Société Démo Négoce SARL",
        "adresse": "12 boulevard de la Démo, Casablanca",
        "email": email,
        "telephone": "05 22 00 00 00",
        **changes,
    }


def link_token(body: str) -> str:
    match = LINK.search(body)
    assert match, f"no link in: {body[:300]}"
    return match.group(1)


def outbox_of(app: Any, email: str) -> list[Any]:
    """The e-mails sent to `email`, latest first."""
    with app.state.session_factory() as db:
        return notifications.outbox(db=db, to=email)


@pytest.fixture
def last_link(client: TestClient) -> Callable[[str], str]:
    """last_link(email): the token of the latest e-mailed link to that address."""

    def read(email: str) -> str:
        mails = outbox_of(client.app, email)
        assert mails, f"no e-mail to {email}"
        return link_token(mails[0].body)

    return read


@pytest.fixture
def signed_up(client: TestClient, last_link: Callable[[str], str]) -> Callable[..., str]:
    """signed_up(email, password=…): signs up and creates the password; returns the e-mail."""

    def run(email: str = "contact@societe-demo.ma", password: str = PASSWORD) -> str:
        assert client.post("/api/v1/rnoce/signup", json=signup_form(email)).status_code == 201
        body = {"token": last_link(email), "password": password, "confirmation": password}
        assert client.post("/api/v1/rnoce/password", json=body).status_code == 200
        return email

    return run


def login(client: TestClient, email: str, password: str = PASSWORD, **headers: str) -> Any:
    return client.post(
        "/api/v1/rnoce/login", json={"email": email, "password": password}, headers=headers
    )


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at test strength: these tests sign in dozens of times; the rules are the same."""
    from argon2 import PasswordHasher

    from api.accounts import passwords

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", cheap)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", cheap.hash("not-a-real-password"))
