"""Merge two citizen records into one, and undo it exactly.

A merge moves everything the other record owns — every row of every table with
a `citizen_id` pointing at a citizen: its identities, contacts, cases, surveys,
whatever a later table adds — to the kept record, copies profile fields the
kept record lacks, and marks the other as merged into it. The CitizenMerge row
lists every id and field that moved, so an undo moves back those and only
those — anything added to the kept record since stays where it is.
"""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Session, SQLModel, col, select

from core.clock import utcnow
from core.db import id_of, table_of
from core.refusal import Refusal
from router.identity.models import Citizen, CitizenMerge

PROFILE_FIELDS = (
    "name",
    "language",
    "region",
    "county",
    "township",
    "village",
    "preferred_channel",
    "age_group",
    "occupation",
)


class MergeError(Refusal):
    """A merge or undo that cannot be done; the message says why."""


def merge(session: Session, kept_id: int, merged_id: int, actor: str) -> CitizenMerge:
    """Fold one citizen record into another and keep a record of exactly what moved."""
    kept, merged = _live(session, kept_id), _live(session, merged_id)
    if kept.id == merged.id:
        raise MergeError("a citizen cannot be merged with itself")
    moved: dict = {key: _move(session, model, id_of(merged), id_of(kept)) for key, model in owned_tables().items()}
    moved["profile"] = _fill_profile(kept, merged)
    merged.merged_into_id, merged.updated_at = kept.id, utcnow()
    kept.updated_at = utcnow()
    session.add_all([kept, merged])
    record = CitizenMerge(kept_id=id_of(kept), merged_id=id_of(merged), moved=moved, actor=actor)
    session.add(record)
    session.flush()
    return record


def undo(session: Session, merge_id: int, actor: str) -> CitizenMerge:
    """Move back what a merge moved and make the other record live again."""
    record = session.get(CitizenMerge, merge_id)
    if record is None:
        raise MergeError("no merge %(merge)s", merge=merge_id)
    if record.undone_at is not None:
        raise MergeError("merge %(merge)s was already undone", merge=merge_id)
    kept, merged = session.get(Citizen, record.kept_id), session.get(Citizen, record.merged_id)
    if kept is None or merged is None:
        raise MergeError("merge %(merge)s refers to a citizen that no longer exists", merge=merge_id)
    if kept.merged_into_id is not None:
        raise MergeError(
            "citizen %(citizen)s has since been merged into %(other)s; undo that merge first",
            citizen=kept.id, other=kept.merged_into_id,
        )  # fmt: skip
    moved = record.moved
    for key, model in owned_tables().items():
        _move_back(session, model, moved.get(key, []), id_of(kept), id_of(merged))
    for name, value in moved.get("profile", {}).items():
        if getattr(kept, name) == value:  # an agent may have changed it since: theirs stands
            setattr(kept, name, None)
    merged.merged_into_id = None
    kept.updated_at = merged.updated_at = utcnow()
    record.undone_at, record.undone_by = utcnow(), actor
    session.add_all([kept, merged, record])
    session.flush()
    return record


def _live(session: Session, citizen_id: int) -> Citizen:
    citizen = session.get(Citizen, citizen_id)
    if citizen is None:
        raise MergeError("no citizen %(citizen)s", citizen=citizen_id)
    if citizen.merged_into_id is not None:
        raise MergeError(
            "citizen %(citizen)s is already merged into %(other)s", citizen=citizen_id, other=citizen.merged_into_id
        )
    return citizen


# The keys earlier merges recorded these tables under (the API shows them); other tables use their own name.
_KEYS = {"identity": "identities", "case": "cases", "interaction": "interactions"}


def owned_tables() -> dict[str, type[SQLModel]]:
    """Return the table models whose rows belong to a citizen (a `citizen_id` referring to one), by record key.

    Read from the models every process has registered (`wiring.schema` imports them all), so a
    new table of citizens' data follows merges without being named here.
    """
    owned: dict[str, type[SQLModel]] = {}
    for mapper in SQLModel._sa_registry.mappers:
        table = table_of(mapper.class_)
        column = table.c.get("citizen_id")
        if column is None or "id" not in table.c or table.name == Citizen.__tablename__:
            continue
        if any(key.column.table.name == Citizen.__tablename__ for key in column.foreign_keys):
            owned[_KEYS.get(table.name, table.name)] = mapper.class_
    return dict(sorted(owned.items()))


def _move(session: Session, model, from_id: int, to_id: int) -> list[int]:
    """Point every row of `model` owned by one citizen at another; return the ids moved.

    A row the kept citizen already has its twin of (the same notice received, the same poll answered,
    the same tag: a unique constraint with `citizen_id` in it) stays with the merged record, where it
    harms nothing, rather than break the constraint; the kept citizen's own row stands.
    """
    rows = list(session.exec(select(model).where(model.citizen_id == from_id).order_by(col(model.id))))
    taken = _unique_keys(session, model, to_id)
    moved = []
    for row in rows:
        if any(tuple(getattr(row, name) for name in names) in keys for names, keys in taken):
            continue
        row.citizen_id = to_id
        session.add(row)
        moved.append(row.id)
    return moved


def _unique_keys(session: Session, model, citizen_id: int) -> list[tuple[tuple[str, ...], set[tuple]]]:
    """For each unique constraint of `model` that includes citizen_id: its other columns, and their values
    among the rows this citizen already owns."""
    table = table_of(model)
    found = []
    uniques = [list(c.columns) for c in table.constraints if isinstance(c, UniqueConstraint)]
    uniques += [list(index.columns) for index in table.indexes if index.unique]
    for columns in uniques:
        names = tuple(column.name for column in columns if column.name != "citizen_id")
        if len(names) == len(columns) or not names:
            continue  # citizen_id is not part of it, or it is citizen_id alone
        rows = session.exec(select(model).where(model.citizen_id == citizen_id)).all()
        found.append((names, {tuple(getattr(row, name) for name in names) for row in rows}))
    return found


def _move_back(session: Session, model, ids: list[int], from_id: int, to_id: int) -> None:
    if not ids:
        return
    for row in session.exec(select(model).where(col(model.id).in_(ids), model.citizen_id == from_id)):
        row.citizen_id = to_id
        session.add(row)


def _fill_profile(kept: Citizen, merged: Citizen) -> dict[str, str]:
    """Copy the fields the kept record lacks from the other one; return what was copied."""
    copied = {}
    for name in PROFILE_FIELDS:
        if getattr(kept, name) in (None, "") and getattr(merged, name) not in (None, ""):
            copied[name] = getattr(merged, name)
            setattr(kept, name, copied[name])
    return copied
