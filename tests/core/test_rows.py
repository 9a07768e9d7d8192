"""Rows built the cheap way (`core.rows.new`) are stored exactly as rows built with the model's constructor."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from channels.models import OUTBOUND, QUEUED, Interaction
from core import rows


def _stored(runtime, row: Interaction) -> dict:
    with Session(runtime.engine) as session:
        session.add(row)
        session.commit()
        found = session.exec(select(Interaction).where(Interaction.id == row.id)).one()
        return {k: v for k, v in found.model_dump().items() if k not in ("id", "created_at")} | {
            "has_created_at": found.created_at is not None
        }


def test_a_row_built_cheaply_is_stored_like_one_built_by_the_constructor(runtime):
    values = dict(direction=OUTBOUND, channel="sms", urn="tel:+8613800138000", text="已受理", status=QUEUED)
    assert _stored(runtime, rows.new(Interaction, **values)) == _stored(runtime, Interaction(**values))


def test_each_row_gets_its_own_mutable_default_and_unknown_fields_are_refused():
    first, second = rows.new(Interaction, direction=OUTBOUND), rows.new(Interaction, direction=OUTBOUND)
    first.payload["options"] = {"buttons": 2}
    assert second.payload == {}
    with pytest.raises(TypeError, match="no field colour"):
        rows.new(Interaction, colour="red")
