"""The drafts table: migration 0007 creates what the model declares."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.orm import Session

import api.models  # noqa: F401  (every table in Base.metadata)
from api.database import Base


def test_the_migration_matches_the_model(db: Session) -> None:
    context = MigrationContext.configure(db.connection())

    diff = [d for d in compare_metadata(context, Base.metadata) if "procedure" in repr(d)]

    assert diff == []
    assert "procedure_drafts" in Base.metadata.tables
