"""Recognise the citizen behind a channel address: one citizen per identity, created on first contact."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert
from sqlmodel import Session, col, select

from core import rows
from core.clock import utcnow
from core.db import id_of, table_of
from core.urns import split
from router.identity.models import Citizen, Identity


def find_citizen(session: Session, urn: str) -> Citizen | None:
    """Return the citizen who owns this URN, following merges to the surviving record."""
    # One query rather than identity-then-citizen: this runs for every contact a worker processes.
    citizen = session.exec(
        select(Citizen).join(Identity, col(Identity.citizen_id) == col(Citizen.id)).where(Identity.urn == urn)
    ).first()
    while citizen is not None and citizen.merged_into_id is not None:
        citizen = session.get(Citizen, citizen.merged_into_id)
    return citizen


def resolve(session: Session, urn: str, language: str) -> tuple[Citizen, bool]:
    """Return (citizen, created) for a URN, creating the citizen and identity on first contact."""
    citizen = find_citizen(session, urn)
    if citizen is not None:
        return citizen, False
    scheme, _ = split(urn)
    citizen = Citizen(language=language)
    session.add(citizen)
    session.flush()
    session.add(Identity(urn=urn, scheme=scheme, citizen_id=id_of(citizen)))  # written with the next flush
    return citizen, True


@dataclass(frozen=True)
class Recognised:
    """The citizen behind one address, whether they were created just now, and whether the address is shared."""

    citizen: Citizen
    created: bool
    shared: bool


def resolve_many(session: Session, languages_by_urn: dict[str, str]) -> dict[str, Recognised]:
    """Recognise many addresses at once (a worker's batch): one query, and one insert for all newcomers."""
    found = session.exec(
        select(Identity.urn, Identity.shared, Citizen)
        .join(Citizen, col(Identity.citizen_id) == col(Citizen.id))
        .where(col(Identity.urn).in_(list(languages_by_urn)))
    ).all()
    recognised: dict[str, Recognised] = {}
    for urn, shared, citizen in found:
        while citizen.merged_into_id is not None:
            merged_into = session.get(Citizen, citizen.merged_into_id)
            assert merged_into is not None  # a foreign key
            citizen = merged_into
        recognised[urn] = Recognised(citizen, False, bool(shared))
    newcomers = {
        urn: rows.new(Citizen, language=spoken) for urn, spoken in languages_by_urn.items() if urn not in recognised
    }
    if newcomers:
        session.add_all(newcomers.values())
        session.flush()
        # One executemany; nothing in the batch needs the identities as objects.
        session.execute(
            insert(table_of(Identity)),
            [
                {"urn": urn, "scheme": split(urn)[0], "citizen_id": c.id, "shared": False, "created_at": utcnow()}
                for urn, c in newcomers.items()
            ],
        )
        for urn, citizen in newcomers.items():
            recognised[urn] = Recognised(citizen, True, False)
    return recognised
