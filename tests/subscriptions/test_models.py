"""Migration 0013_subscriptions builds exactly the tables the models declare, and goes
down cleanly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from api import models  # noqa: F401 - every table on Base.metadata
from api.database import Base
from api.migrate import upgrade

TABLES = ("subscriptions", "subscription_numbers", "badr_operators")


def _engine(database_url: str):  # type: ignore[no-untyped-def]
    return create_engine(
        database_url.replace("postgresql://", "postgresql+psycopg://", 1)
        if database_url.startswith("postgresql://")
        else database_url
    )


def test_the_migration_matches_the_subscription_models(database_url: str) -> None:
    engine = _engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        diff = [
            d
            for d in compare_metadata(context, Base.metadata)
            if any(table in repr(d) for table in TABLES)
        ]
    engine.dispose()

    assert diff == []


def test_the_migration_goes_down_and_up_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    from api.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'down.db'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "0012_message_delivered_at")
    engine = _engine(url)
    assert not set(TABLES) & set(inspect(engine).get_table_names())
    engine.dispose()
    upgrade(url)
    engine = _engine(url)
    assert set(TABLES) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_the_demo_seed_adds_the_known_badr_operators_once(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from api.accounts import __main__ as accounts_cli
    from api.config import get_settings
    from api.database import make_engine, make_session_factory
    from api.subscriptions import seed
    from api.subscriptions.models import BadrOperator

    url = f"sqlite:///{tmp_path / 'seed.db'}"
    upgrade(url)
    monkeypatch.setenv("TIJARIA_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        assert accounts_cli.main(["seed"]) == 0
        assert accounts_cli.main(["seed"]) == 0
    finally:
        get_settings.cache_clear()
    capsys.readouterr()
    engine = make_engine(url)
    with make_session_factory(engine)() as db:
        known = list(db.scalars(select(BadrOperator.ice)))
    engine.dispose()
    assert sorted(known) == sorted(o["ice"] for o in seed.KNOWN_OPERATORS)
