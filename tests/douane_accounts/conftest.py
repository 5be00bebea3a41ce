"""Douane account tests: the API client (SQLite and PostgreSQL), RNOCE operators signed in
through the real RNOCE sign-in, their Douane accounts, and uploads made in their own
conversation. Every company below is invented."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.accounts import service as accounts
from api.accounts.models import UserCreate
from api.database import utcnow
from api.douane_accounts import service
from api.notifications.models import OutboxEmail
from tests.api.accounts_helpers import SignedIn, sign_in
from tests.api.conftest import client, rasa, settings  # noqa: F401 - fixtures
from tests.image_samples import make_png
from tests.pdf_samples import make_pdf

PDF = make_pdf()
PNG = make_png()
PASSWORD = "Rnoce2026"


def account_fields(**changes: Any) -> dict[str, Any]:
    return {
        "entity_type": "personne_morale",
        "operator_type": "importateur",
        "ice": "001234567000089",
        "rc_number": "445566",
        "identifiant_fiscal": "40011223",
        "rc_centre": "Tanger",
        "raison_sociale": "Atlas Essai Import SARL",
        **changes,
    }


@dataclass
class Operator:
    email: str
    token: str
    session_id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def operator(
    client: TestClient,
    name: str,
    *,
    account: dict[str, Any] | None = None,
    open_account: bool = True,
) -> Operator:
    """An RNOCE user (signed in through /rnoce/login) with a conversation of their own and,
    unless told otherwise, a Douane account."""
    email = f"{name}@societe-essai.ma"
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        user = accounts.create(
            db=db,
            user_in=UserCreate(
                realm="rnoce",
                login=email,
                email=email,
                display_name=f"Société {name}",
                role="operator",
                organisation=f"Société {name}",
                password=PASSWORD,
            ),
        )
        user.email_confirmed_at = utcnow()
        if open_account:
            service.open_account(db=db, owner=user, **(account or account_fields()))
        db.commit()
    session = client.post("/api/v1/rnoce/login", json={"email": email, "password": PASSWORD})
    assert session.status_code == 200, session.text
    who = Operator(
        email=email, token=session.json()["access_token"], session_id=f"s-{name.replace('.', '-')}"
    )
    turn = client.post(
        "/api/v1/chat",
        json={"session_id": who.session_id, "message": "bonjour", "portal": "rnoce"},
        headers=who.headers,
    )
    assert turn.status_code == 200, turn.text
    return who


def staff_member(client: TestClient, login: str = "staff.one", role: str = "staff") -> SignedIn:
    return sign_in(client, login, role=role)


def upload_id(
    client: TestClient, who: Operator, content: bytes = PDF, name: str = "doc.pdf"
) -> str:
    response = client.post(
        "/api/v1/uploads",
        data={"session_id": who.session_id},
        files={"file": (name, content, "application/octet-stream")},
        headers=who.headers,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def days_ago(days: int) -> str:
    return (utcnow().date() - timedelta(days=days)).strftime("%d/%m/%Y")


def modification(client: TestClient, who: Operator, **changes: Any) -> httpx.Response:
    body: dict[str, Any] = {
        "raison_sociale": "Atlas Essai Négoce SARL",
        "modele_j_upload_id": upload_id(client, who),
        "modele_j_date": days_ago(10),
        **changes,
    }
    return client.post(
        "/api/v1/douane-account/operations/modification", json=body, headers=who.headers
    )


def cancellation(client: TestClient, who: Operator, **changes: Any) -> httpx.Response:
    body: dict[str, Any] = {
        "reason": "radiation",
        "modele_j_upload_id": upload_id(client, who),
        "comment": "Cessation d'activité",
        **changes,
    }
    return client.post(
        "/api/v1/douane-account/operations/cancellation", json=body, headers=who.headers
    )


def restoration(client: TestClient, who: Operator, **changes: Any) -> httpx.Response:
    body: dict[str, Any] = {
        "handwritten_request_upload_id": upload_id(client, who),
        "general_assembly_minutes_upload_id": upload_id(client, who),
        "reason": "Reprise de l'activité décidée en assemblée générale",
        **changes,
    }
    return client.post(
        "/api/v1/douane-account/operations/restoration", json=body, headers=who.headers
    )


def emails_to(client: TestClient, email: str) -> list[OutboxEmail]:
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        return list(
            db.scalars(
                select(OutboxEmail).where(OutboxEmail.to == email).order_by(OutboxEmail.created_at)
            )
        )


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at test strength: the rules are the same."""
    from argon2 import PasswordHasher

    from api.accounts import passwords

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", cheap)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", cheap.hash("not-a-real-password"))


@pytest.fixture
def owner(client: TestClient) -> Operator:
    return operator(client, "owner")


@pytest.fixture
def staff(client: TestClient) -> SignedIn:
    return staff_member(client)
