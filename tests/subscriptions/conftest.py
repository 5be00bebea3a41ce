"""Subscription tests: the API client (SQLite and PostgreSQL), RNOCE operators signed in
through the real RNOCE login, uploads made in their own conversation, and a valid answer
for every step (invented people and companies)."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.accounts import service as accounts
from api.accounts.models import UserCreate
from api.database import utcnow
from api.subscriptions import seed
from tests.api.accounts_helpers import SignedIn, sign_in
from tests.api.conftest import client, rasa, settings  # noqa: F401 - fixtures
from tests.image_samples import make_png
from tests.pdf_samples import make_pdf

PDF = make_pdf()
PNG = make_png()
PASSWORD = "Str0ng-Passw0rd!"
BASE = "/api/v1/subscriptions"
STAFF_BASE = "/api/v1/staff/subscriptions"
NEXT_YEAR = (date.today() + timedelta(days=400)).strftime("%d/%m/%Y")


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at test strength; the rules are the same."""
    from argon2 import PasswordHasher

    from api.accounts import passwords

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", cheap)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", cheap.hash("not-a-real-password"))


@dataclass
class Operator:
    email: str
    token: str
    session_id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def rnoce_operator(client: TestClient, email: str) -> Operator:
    """An RNOCE account (confirmed), signed in, with one conversation of its own."""
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        user = accounts.create(
            db=db,
            user_in=UserCreate(
                realm="rnoce",
                login=email,
                email=email,
                display_name="Société Essai Démo",
                organisation="Société Essai Démo",
                password=PASSWORD,
            ),
        )
        user.email_confirmed_at = utcnow()
        db.commit()
    response = client.post("/api/v1/rnoce/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    session_id = "s-" + email.split("@")[0].replace(".", "-")
    turn = client.post(
        "/api/v1/chat",
        json={"session_id": session_id, "message": "bonjour", "portal": "rnoce"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert turn.status_code == 200, turn.text
    return Operator(email=email, token=token, session_id=session_id)


def upload(client: TestClient, who: Operator, content: bytes = PDF, name: str = "piece.pdf") -> str:
    response = client.post(
        "/api/v1/uploads",
        data={"session_id": who.session_id},
        files={"file": (name, content, "application/octet-stream")},
        headers=who.headers,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.fixture
def operator(client: TestClient) -> Operator:
    return rnoce_operator(client, "contact@essai-demo.ma")


@pytest.fixture
def other(client: TestClient) -> Operator:
    return rnoce_operator(client, "autre@essai-demo.ma")


@pytest.fixture
def staff(client: TestClient) -> SignedIn:
    return sign_in(client, "staff.one", role="staff")


@pytest.fixture
def seeded(client: TestClient) -> None:
    with client.app.state.session_factory() as db:  # type: ignore[attr-defined]
        seed.seed(db=db)


def verification(**changes: Any) -> dict[str, Any]:
    return {
        "email": "contact@essai-demo.ma",
        "if_number": "1234567",
        "ice": "009988776655443",
        "rc": "43210",
        "operator_type": "importateur",
        "rc_centre": "81 CASABLANCA",
        **changes,
    }


def create(
    client: TestClient, who: Operator, *, expect: int = 201, **changes: Any
) -> dict[str, Any]:
    response = client.post(BASE, json=verification(**changes), headers=who.headers)
    assert response.status_code == expect, response.text
    return dict(response.json())


def company(**changes: Any) -> dict[str, Any]:
    return {
        "entity_type": "personne_morale",
        "operator_type": "importateur",
        "ice": "009988776655443",
        "rc": "43210",
        "if_number": "1234567",
        "rc_centre": "81 CASABLANCA",
        "raison_sociale": "Essai Démo Négoce SARL",
        "start_date": "02/05/2019",
        "head_office": "7 boulevard Imaginaire, Casablanca",
        "origin": "bail",
        "city": "Casablanca",
        "activity_sector": "(4690) Commerce de gros",
        "main_activity": "Import de fournitures",
        "activity_carried_out": "Import de fournitures de bureau",
        "sigle": "EDN",
        "enseigne": "Essai Démo",
        "phone": "0522123456",
        "email": "contact@essai-demo.ma",
        **changes,
    }


def manager(**changes: Any) -> dict[str, Any]:
    return {
        "last_name": "Essai",
        "first_name": "Karim",
        "address": "3 rue Fictive, Casablanca",
        "birth_date": "14/02/1980",
        "id_type": "cin",
        "id_number": "ZZ999001",
        "id_domiciliation": "Casablanca",
        "id_expiry": NEXT_YEAR,
        **changes,
    }


def gu_user(n: int = 1, **changes: Any) -> dict[str, Any]:
    return {
        "last_name": f"Utilisateur{n}",
        "first_name": "Salma",
        "cin": f"ZY{n:06d}",
        "cin_domiciliation": "Rabat",
        "cin_expiry": NEXT_YEAR,
        "email": f"gu{n}@essai-demo.ma",
        **changes,
    }


def contact(**changes: Any) -> dict[str, Any]:
    return {
        "direction": "administrative",
        "first_name": "Nadia",
        "last_name": "Contact",
        "email": "admin@essai-demo.ma",
        **changes,
    }


def bank(**changes: Any) -> dict[str, Any]:
    return {
        "bank": "cih",
        "rib": "230780000000000000000011",
        "branch_address": "Agence Démo, Casablanca",
        **changes,
    }


BASE_DOCUMENTS = (
    "cin_copy",
    "category_proof",
    "statutes",
    "model_j",
    "power_of_attorney",
    "taxe_professionnelle_doc",
    "ice_doc",
    "if_doc",
)


def documents(pdf_id: str, operator_type: str = "importateur") -> dict[str, str]:
    kinds = list(BASE_DOCUMENTS)
    if operator_type == "importateur":
        kinds.append("rib_certificate")
    if operator_type == "freight_forwarder":
        kinds += ["ministry_authorisation", "office_des_changes_authorisation"]
    return {kind: pdf_id for kind in kinds}


def put(
    client: TestClient, who: Operator, code: str, step: str, *, expect: int = 200, **body: Any
) -> dict[str, Any]:
    response = client.put(f"{BASE}/{code}/steps/{step}", json=body, headers=who.headers)
    assert response.status_code == expect, response.text
    return dict(response.json())


def fill(
    client: TestClient, who: Operator, code: str, *, path: str, operator_type: str = "importateur"
) -> dict[str, Any]:
    """Every step of `path` answered and finished."""
    pdf_id = upload(client, who)
    extra = {"taxe_professionnelle": "556677"} if path in ("portnet_douane", "portnet") else {}
    read = put(client, who, code, "company", values=company(operator_type=operator_type, **extra))
    read = put(client, who, code, "managers", items=[manager()])
    if path in ("portnet_douane", "portnet"):
        read = put(client, who, code, "mandataire", values={"mandataire": "ZZ999001"})
    read = put(client, who, code, "documents", values=documents(pdf_id, operator_type))
    if path in ("portnet_douane", "portnet"):
        read = put(client, who, code, "gu_users", items=[gu_user(1), gu_user(2)])
        read = put(client, who, code, "contacts", items=[contact()])
        read = put(client, who, code, "bank", values=bank())
        read = put(
            client,
            who,
            code,
            "contract",
            values={"signature": "electronic", "signed_contract": pdf_id},
        )
    return put(client, who, code, "terms", values={"accepted": True}) or read


def fields_of(response_json: dict[str, Any]) -> dict[str, str]:
    """The refused fields of a 422 `subscription_fields_refused`: field → code."""
    error = response_json["error"]
    assert error["code"] == "subscription_fields_refused", error
    return {item["field"]: item["code"] for item in error["fields"]}
