"""Canned responses: short answers agents reuse, kept in a table that admins edit."""

from __future__ import annotations

from sqlalchemy import Column, Text
from sqlmodel import Field, Session, SQLModel, col, select


class CannedResponse(SQLModel, table=True):
    """A ready-made reply an agent can drop into the reply box and edit."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    language: str = Field(default="zh", max_length=8)
    body: str = Field(sa_column=Column(Text, nullable=False))


def all_responses(session: Session) -> list[CannedResponse]:
    """Return every canned response, by language then title."""
    return list(session.exec(select(CannedResponse).order_by(col(CannedResponse.language), col(CannedResponse.title))))


def save(session: Session, title: str, language: str, body: str, response_id: int | None = None) -> CannedResponse:
    """Create or update a canned response; title and body are required."""
    if not title.strip() or not body.strip():
        raise ValueError("a canned response needs a title and a text")
    response = session.get(CannedResponse, response_id) if response_id else None
    response = response or CannedResponse(title="", body="")
    response.title, response.language, response.body = title.strip(), language, body.strip()
    session.add(response)
    return response
