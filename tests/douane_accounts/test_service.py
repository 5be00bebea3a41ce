"""Opening an account (what the subscription domain calls once a subscription is
validated) and the demo account of `python -m api.accounts seed`."""

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from api.accounts import seed as demo_users
from api.accounts import service as accounts
from api.accounts.models import User, UserCreate
from api.database import make_engine, make_session_factory
from api.douane_accounts import seed, service
from api.errors import ApiError, FieldErrors
from tests.douane_accounts.conftest import account_fields


@pytest.fixture
def db(database_url: str) -> Iterator[Session]:
    engine = make_engine(database_url)
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()


def rnoce_user(
    db: Session, email: str = "ouverture@societe-essai.ma", realm: str = "rnoce"
) -> User:
    return accounts.create(
        db=db,
        user_in=UserCreate(
            realm=realm,  # type: ignore[arg-type]
            login=email,
            email=email,
            display_name="Société Ouverture",
            role="operator",
        ),
    )


def test_open_account_checks_each_field_and_opens_one_per_user(db: Session) -> None:
    owner = rnoce_user(db)

    with pytest.raises(FieldErrors) as refused:
        service.open_account(db=db, owner=owner, **account_fields(ice="123", operator_type="x"))
    account = service.open_account(
        db=db, owner=owner, **account_fields(operator_type="Transitaire")
    )
    with pytest.raises(ApiError) as twice:
        service.open_account(db=db, owner=owner, **account_fields())

    assert {r.field: r.code for r in refused.value.refusals} == {
        "ice": "douane_ice_format",
        "operator_type": "douane_choice_unknown",
    }
    assert (account.state, account.operator_type) == ("active", "transitaire")
    assert twice.value.code == "douane_account_exists" and twice.value.status_code == 409


def test_only_an_rnoce_user_gets_a_douane_account(db: Session) -> None:
    portnet_user = rnoce_user(db, "portnet.user", realm="portnet")

    with pytest.raises(ApiError) as refused:
        service.open_account(db=db, owner=portnet_user, **account_fields())

    assert refused.value.code == "douane_account_rnoce_only"


def test_the_demo_rnoce_user_gets_an_invented_account_once(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from argon2 import PasswordHasher

    from api.accounts import passwords

    monkeypatch.setattr(
        passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    assert seed.seed(db=db) is None  # no demo users yet
    demo_users.seed(db=db)

    account = seed.seed(db=db)

    assert account is not None and account.raison_sociale == "Société Démo Export"
    assert account.ice == "000000000000003" and account.state == "active"
    assert seed.seed(db=db) is None
