"""How a list names a citizen: the name they gave, else a masked address an agent can match on the phone."""

from __future__ import annotations

from sqlmodel import Session, col, select

from router.identity.models import Citizen, Identity


def masked(urn: str) -> str:
    """Show enough of an address to tell two callers apart, not enough to copy it: 'tel ···8000'."""
    scheme, _, path = urn.partition(":")
    if scheme == "mailto":
        user, _, domain = path.partition("@")
        return f"{user[:1]}···@{domain}"
    return f"{scheme} ···{path[-4:]}"


def citizen_labels(session: Session, citizens: list[Citizen]) -> dict[int, str]:
    """Return a label per citizen id: the name, else their first address masked."""
    labels = {c.id: c.name for c in citizens if c.id is not None and c.name}
    nameless = [c.id for c in citizens if c.id not in labels]
    if nameless:
        query = select(Identity.citizen_id, Identity.urn).where(col(Identity.citizen_id).in_(nameless))
        for citizen_id, urn in session.exec(query.order_by(col(Identity.id))):
            labels.setdefault(citizen_id, masked(urn))
    return labels
