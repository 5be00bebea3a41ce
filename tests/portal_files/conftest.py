"""Portal files tests: a migrated database with the demo files, and users of each kind who
may (or may not) see them."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.accounts import service as accounts
from api.accounts.models import User, UserCreate
from api.database import make_engine, make_session_factory
from api.portal_files import seed
from tests.api.accounts_helpers import SignedIn, sign_in
from tests.api.conftest import client, rasa, settings  # noqa: F401 - fixtures


@pytest.fixture
def db(database_url: str) -> Iterator[Session]:
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    with factory() as session:
        seed.seed(db=session)
        yield session
    engine.dispose()


def make_user(db: Session, login: str, **fields: str | None) -> User:
    user = accounts.create(
        db=db,
        user_in=UserCreate(
            login=login, email=f"{login}@example.ma", display_name=f"Name of {login}", **fields
        ),
    )
    db.commit()
    return user


@pytest.fixture
def people(db: Session) -> dict[str, User]:
    return {
        "operator": make_user(db, "op", role="operator", ice=seed.DEMO_ICE),
        "other_operator": make_user(db, "op2", role="operator", ice=seed.OTHER_ICE),
        "no_ice": make_user(db, "op3", role="operator"),
        "douane": make_user(db, "dou", role="administration", administration="douane"),
        "mic": make_user(db, "mic", role="administration", administration="mic"),
        "bank": make_user(
            db, "bank", role="administration", administration="banques", organisation=seed.DEMO_BANK
        ),
        "agent": make_user(db, "agent", role="agent"),
    }


def signed_in(client: TestClient, login: str, *, role: str = "operator", **fields: str) -> SignedIn:
    """A signed-in user whose account has these fields (ICE, administration, organisation),
    with the demo files in the app's database."""
    signed = sign_in(client, login, role=role)
    with client.app.state.session_factory() as session:  # type: ignore[attr-defined]
        seed.seed(db=session)
        user = accounts.get_by_login(db=session, realm="portnet", login=login)
        assert user is not None
        for name, value in fields.items():
            setattr(user, name, value)
        session.commit()
    return signed
