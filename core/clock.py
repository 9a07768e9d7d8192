"""Time in one convention: aware UTC datetimes (SQLModel stores and returns them in UTC)."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


def iso_utc(value: datetime | None) -> str | None:
    """Return a stored time as ISO 8601 with a Z, as the JSON API writes times (None stays None)."""
    if value is None:
        return None
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")
