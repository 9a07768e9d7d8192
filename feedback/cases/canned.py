"""Canned responses: short answers agents reuse, shared or kept per department by admins and supervisors."""

from __future__ import annotations

from sqlalchemy import Column, Text, or_
from sqlmodel import Field, Session, SQLModel, col, select

from core.refusal import Refusal


class CannedError(Refusal):
    """A canned response that cannot be saved or deleted; the sentence says why."""


class CannedResponse(SQLModel, table=True):
    """A ready-made reply an agent can drop into the reply box and edit; a department's own, or shared (None)."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    language: str = Field(default="zh", max_length=8)
    body: str = Field(sa_column=Column(Text, nullable=False))
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True)


def all_responses(session: Session) -> list[CannedResponse]:
    """Return every canned response, by language then title."""
    return list(session.exec(select(CannedResponse).order_by(col(CannedResponse.language), col(CannedResponse.title))))


def for_departments(session: Session, departments: frozenset[int] | None) -> list[CannedResponse]:
    """Return the shared responses and those of these departments (None: every department's), by language and title."""
    query = select(CannedResponse)
    if departments is not None:
        shared = col(CannedResponse.department_id).is_(None)
        query = query.where(or_(shared, col(CannedResponse.department_id).in_(sorted(departments))))
    return list(session.exec(query.order_by(col(CannedResponse.language), col(CannedResponse.title))))


def save(
    session: Session,
    title: str,
    language: str,
    body: str,
    response_id: int | None = None,
    department_id: int | None = None,
) -> CannedResponse:
    """Create or update a canned response; title and body are required."""
    if not title.strip() or not body.strip():
        raise CannedError("a canned response needs a title and a text")
    if len(title.strip()) > 200:
        raise CannedError("a canned response's title is at most 200 characters")
    response = session.get(CannedResponse, response_id) if response_id else None
    if response_id and response is None:
        raise CannedError("that canned response no longer exists")
    response = response or CannedResponse(title="", body="")
    response.title, response.language, response.body = title.strip(), language, body.strip()
    response.department_id = department_id
    session.add(response)
    return response


def delete(session: Session, response_id: int) -> None:
    """Delete a canned response (replies already sent with it keep their text)."""
    response = session.get(CannedResponse, response_id)
    if response is None:
        raise CannedError("that canned response no longer exists")
    session.delete(response)
