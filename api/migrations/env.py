from alembic import context

from api import models  # noqa: F401  - registers every table on Base.metadata
from api.config import get_settings
from api.database import Base, make_engine

config = context.config


def include_name(name, type_, parent_names):
    # Rasa's SQL tracker store may share the database (its "events" table): not ours.
    if type_ == "table":
        return name in Base.metadata.tables
    return True


def run_migrations() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
        engine = make_engine(url)
        with engine.connect() as connection:
            _run(connection)
        engine.dispose()
    else:
        _run(connectable)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_name=include_name,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
