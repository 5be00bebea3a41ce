"""Migration 0014_douane_accounts builds exactly the tables the models declare."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from api import models  # noqa: F401 - every table on Base.metadata
from api.database import Base


def test_the_migration_matches_the_douane_account_models(database_url: str) -> None:
    engine = create_engine(
        database_url.replace("postgresql://", "postgresql+psycopg://", 1)
        if database_url.startswith("postgresql://")
        else database_url
    )
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        diff = [d for d in compare_metadata(context, Base.metadata) if "douane" in repr(d)]
    engine.dispose()
    assert diff == []
