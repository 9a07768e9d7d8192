"""Time in one convention: aware UTC datetimes (SQLModel stores and returns them in UTC)."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)
