"""A migrated database and users for the engine's tests, and the toy procedure."""

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from api.accounts import service as accounts
from api.accounts.models import User, UserCreate
from api.database import make_engine, make_session_factory
from api.uploads.models import Upload
from tests.procedures import toy


@pytest.fixture
def db(database_url: str) -> Iterator[Session]:
    engine = make_engine(database_url)
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()


def make_user(db: Session, login: str) -> User:
    user = accounts.create(
        db=db,
        user_in=UserCreate(login=login, email=f"{login}@example.ma", display_name=login),
    )
    db.commit()
    return user


@pytest.fixture
def user(db: Session) -> User:
    return make_user(db, "user.a")


@pytest.fixture
def other(db: Session) -> User:
    return make_user(db, "user.b")


@pytest.fixture(autouse=True)
def _fresh_submissions() -> None:
    toy.SUBMITTED.calls.clear()


def make_upload(
    db: Session,
    session_id: str,
    *,
    content_type: str = "application/pdf",
    size: int = 100,
    filename: str = "doc.pdf",
) -> str:
    row = Upload(
        session_id=session_id,
        filename=filename,
        content_type=content_type,
        size=size,
        sha256="0" * 64,
        data=b"x" * min(size, 16),  # the engine reads the recorded size
    )
    db.add(row)
    db.flush()
    return row.id
