"""`python -m api.migrate`: bring the database schema to the latest revision."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from api.config import PROJECT_ROOT, get_settings


def alembic_config(database_url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(Path(PROJECT_ROOT, "api", "migrations")))
    # ConfigParser interpolation would choke on a "%" in a password.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "head")


if __name__ == "__main__":
    settings = get_settings()
    upgrade(settings.database_url)
    print(f"[migrate] database schema is up to date ({settings.database_url.split('@')[-1]})")
