"""Times in API answers always say their time zone (UTC): OpenAPI's `date-time` format
(RFC 3339) requires one, and SQLite hands datetimes back without it."""

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator


def as_utc(value: datetime) -> datetime:
    """A naive datetime from the database is UTC (api.database.utcnow stored it)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


UtcDateTime = Annotated[datetime, AfterValidator(as_utc)]
