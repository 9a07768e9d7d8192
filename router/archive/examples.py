"""The imported past tickets as labelled examples for the routing model (the site's own filing, like agents')."""

from __future__ import annotations

from sqlmodel import Session, select

from router.archive.models import ArchivedTicket
from router.model import features
from router.model.training import Examples, without_empty


def from_archive(session: Session) -> Examples:
    """Return every imported ticket as an example labelled with its department code."""
    rows = session.exec(
        select(ArchivedTicket.text, ArchivedTicket.subject, ArchivedTicket.department_code, ArchivedTicket.source)
    ).all()
    return without_empty(
        Examples(
            [features.document(text, subject) for text, subject, _code, _source in rows],
            [code for _text, _subject, code, _source in rows],
            [f"archive:{source}" for _text, _subject, _code, source in rows],
        )
    )
