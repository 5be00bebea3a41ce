from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from api.accounts import service
from api.accounts.models import User, UserCreate
from api.config import Settings
from api.database import make_engine, make_session_factory

PASSWORD = "Str0ng-Passw0rd!"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, login_max_failures=3, login_client_max_failures=100)


@pytest.fixture
def db(database_url: str) -> Iterator[Session]:
    engine = make_engine(database_url)
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()


@pytest.fixture
def user(db: Session) -> User:
    created = service.create(
        db=db,
        user_in=UserCreate(
            login="Op.Test",
            email="op.test@example.ma",
            display_name="Opérateur Test",
            role="operator",
            organisation="Société Test",
            password=PASSWORD,
        ),
    )
    db.commit()
    return created
