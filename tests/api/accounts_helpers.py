"""Users for API tests, signed in through the real Portnet ID routes."""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyotp
from fastapi.testclient import TestClient

from api.accounts import passwords, service, totp
from api.accounts.models import UserCreate

PASSWORD = "Str0ng-Passw0rd!"


@lru_cache(maxsize=1)
def _password_hash() -> str:
    """Argon2 is slow on purpose: hash the shared test password once."""
    return passwords.hash_password(PASSWORD)


@dataclass
class SignedIn:
    login: str
    token: str
    secret: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def create_user(
    client: TestClient, login: str, *, role: str = "operator", enrolled: bool = True
) -> str:
    """Creates the user in the app's database; returns its TOTP secret (or '')."""
    return create_user_in(client.app, login, role=role, enrolled=enrolled)


def create_user_in(app: Any, login: str, *, role: str = "operator", enrolled: bool = True) -> str:
    with app.state.session_factory() as db:
        user = service.create(
            db=db,
            user_in=UserCreate(
                login=login,
                email=f"{login}@example.ma",
                display_name=f"Name of {login}",
                role=role,  # type: ignore[arg-type]
                organisation="Société Test",
            ),
        )
        user.password_hash = _password_hash()
        secret = totp.new_secret() if enrolled else ""
        user.totp_secret = secret or None
        db.commit()
    return secret


def sign_in(client: TestClient, login: str, *, role: str = "operator") -> SignedIn:
    secret = create_user(client, login, role=role)
    challenge = client.post("/api/v1/auth/login", json={"login": login, "password": PASSWORD})
    assert challenge.status_code == 200, challenge.text
    session = client.post(
        "/api/v1/auth/mfa",
        json={"mfa_token": challenge.json()["mfa_token"], "code": pyotp.TOTP(secret).now()},
    )
    assert session.status_code == 200, session.text
    return SignedIn(login=login, token=session.json()["access_token"], secret=secret)
