"""The citizen record over the JSON API: read and fill in a profile, merge and unmerge, link and unlink addresses."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from sqlmodel import Session, col, func, select

from channels import registry
from core import urns
from core.api_token import token_required
from feedback.cases import citizens
from feedback.cases.models import Case
from feedback.cases.statuses import OPEN_STATUSES
from router.identity import addresses, merge, profile
from router.identity.models import Citizen, CitizenMerge, Identity

bp = Blueprint("citizens_api", __name__, url_prefix="/api")
ACTOR = "api"


class Invalid(ValueError):
    """A request body the API cannot apply; nothing is written."""


@bp.errorhandler(Invalid)
@bp.errorhandler(merge.MergeError)
@bp.errorhandler(addresses.LinkError)
@bp.errorhandler(profile.ProfileError)
def _refused(exc: ValueError):
    status = 404 if str(exc).startswith(("no citizen", "no live citizen", "no merge", "no identity")) else 400
    return jsonify(error=str(exc)), status


@bp.get("/citizens/<int:citizen_id>/profile")
@token_required
def get_citizen(citizen_id: int):
    """Return a citizen's whole record: profile, addresses, open cases and merges (integrators, install token)."""
    with _runtime().read_session() as session:
        citizen = session.get(Citizen, citizen_id)
        if citizen is None:
            return jsonify(error=f"no citizen {citizen_id}"), 404
        return jsonify(_citizen_json(session, citizen))


@bp.patch("/citizens/<int:citizen_id>")
@token_required
def update_citizen(citizen_id: int):
    """Fill in or correct profile fields; unknown fields or bad values are refused and nothing changes."""
    changes = profile.checked_changes(_json_body())
    with _runtime().session() as session:
        citizen = _live_citizen(session, citizen_id)
        citizens.update_profile(session, citizen, changes)
        session.flush()
        body = _citizen_json(session, citizen)
    return jsonify(body)


@bp.post("/citizens/<int:citizen_id>/merge")
@token_required
def merge_citizens(citizen_id: int):
    """Merge another record (`{"other_id": N}`) into this one; returns the merge, which can be undone."""
    other_id = _json_body().get("other_id")
    if not isinstance(other_id, int) or isinstance(other_id, bool):
        raise Invalid('send the record to merge in as {"other_id": <citizen id>}')
    with _runtime().session() as session:
        record = merge.merge(session, citizen_id, other_id, ACTOR)
        body = _merge_json(record)
    return jsonify(body), 201


@bp.post("/merges/<int:merge_id>/undo")
@token_required
def undo_merge(merge_id: int):
    """Undo a merge: what moved goes back, and the other record lives again."""
    with _runtime().session() as session:
        body = _merge_json(merge.undo(session, merge_id, ACTOR))
    return jsonify(body)


@bp.post("/citizens/<int:citizen_id>/identities")
@token_required
def link_identity(citizen_id: int):
    """Link an address (`{"urn": "tel:+86…", "shared": false}`) to a citizen."""
    body = _json_body()
    urn, shared = body.get("urn"), body.get("shared", False)
    if not isinstance(urn, str) or not isinstance(shared, bool):
        raise Invalid('send {"urn": "tel:+8613800138000", "shared": false}')
    with _runtime().session() as session:
        identity = addresses.link(session, citizen_id, _normalised(urn), shared)
        result = _identity_json(identity)
    return jsonify(result), 201


@bp.patch("/identities/<int:identity_id>")
@token_required
def update_identity(identity_id: int):
    """Flag an address as shared by a household or village (`{"shared": true}`), or clear the flag."""
    shared = _json_body().get("shared")
    if not isinstance(shared, bool):
        raise Invalid('send {"shared": true} or {"shared": false}')
    with _runtime().session() as session:
        result = _identity_json(addresses.set_shared(session, identity_id, shared))
    return jsonify(result)


@bp.delete("/identities/<int:identity_id>")
@token_required
def unlink_identity(identity_id: int):
    """Unlink an address from its citizen; it becomes a record of its own."""
    with _runtime().session() as session:
        alone = addresses.unlink(session, identity_id)
        result = {"identity_id": identity_id, "citizen_id": alone.id}
    return jsonify(result)


def _runtime():
    return current_app.extensions["civicline"]


def _normalised(urn: str) -> str:
    """Store an address as the channels will see it, or the citizen's next contact makes a second record."""
    try:
        return registry.normalise_urn(urn, _runtime().settings.default_region)
    except urns.InvalidURN as exc:
        raise Invalid(str(exc)) from exc


def _json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Invalid("the request body must be a JSON object")
    return body


def _live_citizen(session: Session, citizen_id: int) -> Citizen:
    citizen = session.get(Citizen, citizen_id)
    if citizen is None:
        raise Invalid(f"no citizen {citizen_id}")
    if citizen.merged_into_id is not None:
        raise Invalid(f"citizen {citizen_id} was merged into {citizen.merged_into_id}; edit that record")
    return citizen


def _citizen_json(session: Session, citizen: Citizen) -> dict:
    identities = session.exec(select(Identity).where(Identity.citizen_id == citizen.id).order_by(col(Identity.id)))
    open_cases = session.exec(
        select(func.count()).where(Case.citizen_id == citizen.id, col(Case.status).in_(OPEN_STATUSES))
    ).one()
    merges = session.exec(
        select(CitizenMerge)
        .where((CitizenMerge.kept_id == citizen.id) | (CitizenMerge.merged_id == citizen.id))
        .order_by(col(CitizenMerge.id))
    )
    profile = {name: getattr(citizen, name) for name in merge.PROFILE_FIELDS}
    return {
        "id": citizen.id,
        **profile,
        "merged_into_id": citizen.merged_into_id,
        "identities": [_identity_json(i) for i in identities],
        "open_cases": open_cases,
        "merges": [_merge_json(m) for m in merges],
    }


def _identity_json(identity: Identity) -> dict:
    return {"id": identity.id, "urn": identity.urn, "scheme": identity.scheme, "shared": identity.shared}


def _merge_json(record: CitizenMerge) -> dict:
    return {
        "id": record.id,
        "kept_id": record.kept_id,
        "merged_id": record.merged_id,
        "moved": record.moved,
        "actor": record.actor,
        "created_at": record.created_at.isoformat().replace("+00:00", "Z"),
        "undone_at": record.undone_at.isoformat().replace("+00:00", "Z") if record.undone_at else None,
    }
