"""The OpenAPI 3 description of /api, written by hand and served at /api/openapi.json (tests check it)."""

from __future__ import annotations

from flask import Blueprint, jsonify

from channels.registry import KINDS
from core.config import LANGUAGES
from router.identity.profile import AGE_GROUPS, TEXT_LIMITS
from web import openapi_collaboration

bp = Blueprint("openapi", __name__)

_STRING_OR_NULL = {"type": ["string", "null"]}
_TIME = {"type": ["string", "null"], "format": "date-time"}
_ERROR = {"description": "Refused", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_REF = {"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}}


def _json(schema_name: str, description: str = "OK") -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
    }


def _body(*fields: str, optional: tuple[str, ...] = ()) -> dict:
    props = {name: {"type": "string", "minLength": 1} for name in fields} | {
        name: {"type": "string"} for name in optional
    }
    schema = {"type": "object", "required": list(fields), "properties": props}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
    "Department": {
        "type": "object",
        "required": ["code", "name_zh", "name_en"],
        "properties": {"code": {"type": "string"}, "name_zh": {"type": "string"}, "name_en": {"type": "string"}},
    },
    "Message": {
        "type": "object",
        "required": ["direction", "channel", "purpose", "text", "status", "created_at"],
        "properties": {
            "direction": {"enum": ["in", "out"]},
            "channel": {"type": "string"},
            "purpose": {"type": "string"},
            "text": {"type": "string"},
            "status": {"type": "string"},
            "error": _STRING_OR_NULL,
            "created_at": _TIME,
            "sent_at": _TIME,
            "delivered_at": _TIME,
        },
    },
    "Case": {
        "type": "object",
        "required": ["reference", "status", "priority", "channel", "department", "citizen_id", "opened_at"],
        "properties": {
            "reference": {"type": "string"},
            "status": {"enum": ["new", "assigned", "in_progress", "waiting_on_citizen", "resolved", "closed"]},
            "priority": {"type": "string"},
            "kind": {"type": "string"},
            "channel": {"type": "string"},
            "language": {"type": "string"},
            "department": {"$ref": "#/components/schemas/Department"},
            "citizen_id": {"type": "integer"},
            "assignee_id": {"type": ["integer", "null"]},
            "region": _STRING_OR_NULL,
            "transfer_count": {"type": "integer", "minimum": 0},
            "summary": {"type": "string"},
            "routing_rule": _STRING_OR_NULL,
            "overdue": {"type": "boolean"},
            **{
                name: _TIME
                for name in (
                    "opened_at",
                    "first_response_at",
                    "resolution_due_at",
                    "resolved_at",
                    "answered_at",
                    "updated_at",
                )
            },
        },
    },
    "CaseDetail": {
        "allOf": [
            {"$ref": "#/components/schemas/Case"},
            {
                "type": "object",
                "required": ["messages"],
                "properties": {"messages": {"type": "array", "items": {"$ref": "#/components/schemas/Message"}}},
            },
        ]
    },
    "CaseList": {
        "type": "object",
        "required": ["total", "limit", "offset", "cases"],
        "properties": {
            "total": {"type": "integer"},
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "cases": {"type": "array", "items": {"$ref": "#/components/schemas/Case"}},
        },
    },
    "Messages": {
        "type": "object",
        "required": ["messages"],
        "properties": {"messages": {"type": "array", "items": {"$ref": "#/components/schemas/Message"}}},
    },
    "User": {
        "type": "object",
        "required": ["id", "username", "role", "active", "max_open_cases", "languages", "open_cases"],
        "properties": {
            "id": {"type": "integer"},
            "username": {"type": "string"},
            "role": {"type": "string", "enum": ["agent", "supervisor", "admin"]},
            "active": {"type": "boolean"},
            "max_open_cases": {"type": "integer", "minimum": 0, "maximum": 500},
            "languages": {"type": "array", "items": {"type": "string", "enum": ["zh", "en"]}},
            "open_cases": {"type": "integer"},
            "department_ids": {"type": "array", "items": {"type": "integer"}},
        },
    },
    "Acknowledgement": {
        "type": "object",
        "required": ["reference", "breach_id", "note"],
        "properties": {"reference": {"type": "string"}, "breach_id": {"type": "integer"}, "note": {"type": "string"}},
    },
    "UserList": {
        "type": "object",
        "required": ["users"],
        "properties": {"users": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}},
    },
    "Note": {
        "type": "object",
        "required": ["reference", "text"],
        "properties": {"reference": {"type": "string"}, "text": {"type": "string"}},
    },
    "Citizen": {
        "type": "object",
        "required": ["id", "identities", "cases"],
        "properties": {
            "id": {"type": "integer"},
            "name": _STRING_OR_NULL,
            "language": _STRING_OR_NULL,
            "region": _STRING_OR_NULL,
            "identities": {"type": "array", "items": {"type": "string"}},
            "cases": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["reference", "status"],
                    "properties": {"reference": {"type": "string"}, "status": {"type": "string"}, "opened_at": _TIME},
                },
            },
            "cases_in_other_departments": {
                "type": "integer",
                "description": "the citizen's cases outside an agent's departments, counted but not shown",
            },
        },
    },
    "CitizenRecord": {
        "type": "object",
        "required": ["id", "merged_into_id", "identities", "open_cases", "merges"],
        "properties": {
            "id": {"type": "integer"},
            **{name: _STRING_OR_NULL for name in ("name", "language", "region", "county", "township", "village")},
            **{name: _STRING_OR_NULL for name in ("preferred_channel", "age_group", "occupation")},
            "merged_into_id": {"type": ["integer", "null"]},
            "identities": {"type": "array", "items": {"$ref": "#/components/schemas/Identity"}},
            "open_cases": {"type": "integer", "minimum": 0},
            "merges": {"type": "array", "items": {"$ref": "#/components/schemas/Merge"}},
        },
    },
    "Identity": {
        "type": "object",
        "required": ["id", "urn", "scheme", "shared"],
        "properties": {
            "id": {"type": "integer"},
            "urn": {"type": "string"},
            "scheme": {"type": "string"},
            "shared": {"type": "boolean"},
        },
    },
    "Merge": {
        "type": "object",
        "required": ["id", "kept_id", "merged_id", "moved", "actor", "created_at", "undone_at"],
        "properties": {
            "id": {"type": "integer"},
            "kept_id": {"type": "integer"},
            "merged_id": {"type": "integer"},
            "moved": {"type": "object", "description": "the ids of every row that moved, by table, and the profile"},
            "actor": {"type": "string"},
            "created_at": _TIME,
            "undone_at": _TIME,
        },
    },
    "Unlinked": {
        "type": "object",
        "required": ["identity_id", "citizen_id"],
        "properties": {"identity_id": {"type": "integer"}, "citizen_id": {"type": "integer"}},
    },
    "IncidentList": {
        "type": "object",
        "required": ["incidents"],
        "properties": {
            "incidents": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "title", "place", "status", "confirmed", "first_contact_at",
                                 "last_contact_at", "reports", "cases"],
                    "properties": {
                        "id": {"type": "integer"},
                        "title": {"type": "string"},
                        "place": {"type": "string"},
                        "status": {"type": "string", "enum": ["open", "resolved", "merged"]},
                        "confirmed": {"type": "boolean"},
                        "first_contact_at": _TIME,
                        "last_contact_at": _TIME,
                        "reports": {"type": "integer"},
                        "cases": {"type": "array", "items": {"type": "string"}},
                    },
                },
            }
        },
    },
    "HotspotList": {
        "type": "object",
        "required": ["start", "end", "hotspots"],
        "properties": {
            "start": {"type": "string", "format": "date"},
            "end": {"type": "string", "format": "date"},
            "hotspots": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["rank", "heat", "place", "description", "first_contact_at", "last_contact_at",
                                 "reporters", "cases"],
                    "properties": {
                        "rank": {"type": "integer"},
                        "heat": {"type": "number"},
                        "place": {"type": "string"},
                        "description": {"type": "string"},
                        "first_contact_at": _TIME,
                        "last_contact_at": _TIME,
                        "reporters": {"type": "integer"},
                        "cases": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
        },
    },
    "AlertList": {
        "type": "object",
        "required": ["alerts"],
        "properties": {
            "alerts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "kind", "problem", "place", "count", "expected", "probability", "created_at"],
                    "properties": {
                        "id": {"type": "integer"},
                        "kind": {"type": "string"},
                        "problem": {"type": "string", "description": "a kind of problem, or * for any"},
                        "place": {"type": "string"},
                        "count": {"type": "integer"},
                        "expected": {"type": "number"},
                        "probability": {"type": "number"},
                        "created_at": _TIME,
                    },
                },
            }
        },
    },
}  # fmt: skip


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _id(name: str) -> dict:
    # Ids beyond the database's integers are simply not found (web.errors).
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _object(properties: dict, required: list[str]) -> dict:
    schema = {"type": "object", "required": required, "properties": properties}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


# The citizens' record routes are for integrators: the install's token, not a staff session.
TOKEN_ONLY = [{"token": []}]
PROFILE_CHANGE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **{name: {"type": ["string", "null"], "maxLength": limit} for name, limit in TEXT_LIMITS.items()},
        "language": {"enum": [*LANGUAGES, None, ""]},
        "preferred_channel": {"enum": [*KINDS, None, ""]},
        "age_group": {"enum": [*AGE_GROUPS, None, ""]},
    },
}

LIST_PARAMETERS = [
    _query(
        "folder",
        "mine, assisting, unassigned, waiting, due_soon, overdue, arbitration, all, or dept:<id> (default all)",
    ),
    _query("status", "case status"),
    _query("channel", "sms, voice, telegram, email, phone, in_person"),
    _query("priority", "urgent, high, normal, low"),
    _query("region", "the citizen's region"),
    _query("department", "department code"),
    _query(
        "urn",
        "a citizen identity such as tel:+8613800138000 (+ written %2B; a phone number in any common spelling)",
    ),
    _query("q", "search: case reference, phone number, name or text"),
    _query("limit", "page size", {"type": "integer", "minimum": 1, "maximum": 200}),
    _query("offset", "rows to skip", {"type": "integer", "minimum": 0}),
]

SPEC = {
    "openapi": "3.1.0",
    "info": {
        "title": "CivicLine API",
        "version": "1",
        "description": "Cases, messages, replies, notes, transfers and citizens; agents see their departments only.",
    },
    "components": {
        "schemas": SCHEMAS,
        "securitySchemes": {
            "token": {"type": "http", "scheme": "bearer", "description": "The install's API_TOKEN"},
            "session": {
                "type": "apiKey",
                "in": "cookie",
                "name": "session",
                "description": "A staff sign-in; changes also need X-CSRFToken",
            },
        },
    },
    "security": [{"token": []}, {"session": []}],
    "paths": {
        "/api/cases": {
            "get": {
                "summary": "List cases",
                "parameters": LIST_PARAMETERS,
                "responses": {"200": _json("CaseList"), "400": _ERROR, "401": _ERROR},
            }
        },
        "/api/cases/{reference}": {
            "get": {
                "summary": "One case with its messages",
                "parameters": [_REF],
                "responses": {"200": _json("CaseDetail"), "401": _ERROR, "404": _ERROR},
            }
        },
        "/api/cases/{reference}/messages": {
            "get": {
                "summary": "A case's messages in and out",
                "parameters": [_REF],
                "responses": {"200": _json("Messages"), "401": _ERROR, "404": _ERROR},
            }
        },
        "/api/cases/{reference}/replies": {
            "post": {
                "summary": "Reply to the citizen on their channel",
                "parameters": [_REF],
                "requestBody": _body("text"),
                "responses": {"201": _json("Message", "Queued"), "400": _ERROR, "401": _ERROR, "404": _ERROR},
            }
        },
        "/api/cases/{reference}/notes": {
            "post": {
                "summary": "Add an internal note (never sent)",
                "parameters": [_REF],
                "requestBody": _body("text"),
                "responses": {"201": _json("Note", "Added"), "400": _ERROR, "401": _ERROR, "404": _ERROR},
            }
        },
        "/api/cases/{reference}/transfers": {
            "post": {
                "summary": "Transfer to another department",
                "parameters": [_REF],
                "requestBody": _body("department", "reason"),
                "responses": {"201": _json("Case", "Transferred"), "400": _ERROR, "401": _ERROR, "404": _ERROR},
            }
        },
        "/api/cases/{reference}/priority": {
            "post": {
                "summary": "Change an open case's priority (urgent, high, normal); lowering needs a reason",
                "parameters": [_REF],
                "requestBody": _body("priority", optional=("reason",)),
                "responses": {"200": _json("Case", "Changed"), "400": _ERROR, "401": _ERROR, "404": _ERROR},
            }
        },
        "/api/cases/{reference}/kind": {
            "post": {
                "summary": "Change an open case's kind (consultation, help_request, complaint, report, suggestion…)",
                "parameters": [_REF],
                "requestBody": _body("kind"),
                "responses": {"200": _json("Case", "Changed"), "400": _ERROR, "401": _ERROR, "404": _ERROR},
            }
        },
        "/api/cases/{reference}/breaches/{breach_id}/acknowledgement": {
            "post": {
                "summary": "Acknowledge a missed deadline with the action taken (assignee, supervisor or the token)",
                "parameters": [
                    _REF,
                    {"name": "breach_id", "in": "path", "required": True, "schema": {"type": "integer"}},
                ],
                "requestBody": _body("note"),
                "responses": {
                    "201": _json("Acknowledgement", "Acknowledged"),
                    "400": _ERROR,
                    "401": _ERROR,
                    "404": _ERROR,
                },
            }
        },
        "/api/users": {
            "get": {
                "summary": "Every user's cap, languages and open cases (API token or an admin)",
                "responses": {"200": _json("UserList"), "401": _ERROR, "403": _ERROR},
            }
        },
        "/api/users/{user_id}": {
            "patch": {
                "summary": "Set an agent's max_open_cases (0-500) and/or languages (API token or an admin)",
                "parameters": [{"name": "user_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "max_open_cases": {"type": "integer", "minimum": 0, "maximum": 500},
                                    "languages": {"type": "array", "items": {"type": "string", "enum": ["zh", "en"]}},
                                },
                            }
                        }
                    },
                },
                "responses": {"200": _json("User"), "400": _ERROR, "401": _ERROR, "403": _ERROR, "404": _ERROR},
            }
        },
        "/api/citizens/{citizen_id}": {
            "get": {
                "summary": "A citizen, their identities and cases",
                "parameters": [_id("citizen_id")],
                "responses": {"200": _json("Citizen"), "401": _ERROR, "404": _ERROR},
            },
            "patch": {
                "summary": "Fill in or correct profile fields (unknown fields or bad values change nothing)",
                "security": TOKEN_ONLY,
                "parameters": [_id("citizen_id")],
                "requestBody": {"required": True, "content": {"application/json": {"schema": PROFILE_CHANGE}}},
                "responses": {"200": _json("CitizenRecord"), "400": _ERROR, "401": _ERROR, "404": _ERROR},
            },
        },
        "/api/citizens/{citizen_id}/profile": {
            "get": {
                "summary": "A citizen's whole record: profile, addresses, open cases and merges",
                "security": TOKEN_ONLY,
                "parameters": [_id("citizen_id")],
                "responses": {"200": _json("CitizenRecord"), "401": _ERROR, "404": _ERROR},
            }
        },
        "/api/citizens/{citizen_id}/merge": {
            "post": {
                "summary": "Merge another record into this one (it can be undone)",
                "security": TOKEN_ONLY,
                "parameters": [_id("citizen_id")],
                "requestBody": _object({"other_id": {"type": "integer"}}, ["other_id"]),
                "responses": {"201": _json("Merge", "Merged"), "400": _ERROR, "401": _ERROR, "404": _ERROR},
            }
        },
        "/api/merges/{merge_id}/undo": {
            "post": {
                "summary": "Undo a merge: what moved goes back, and the other record lives again",
                "security": TOKEN_ONLY,
                "parameters": [_id("merge_id")],
                "responses": {"200": _json("Merge", "Undone"), "400": _ERROR, "401": _ERROR, "404": _ERROR},
            }
        },
        "/api/citizens/{citizen_id}/identities": {
            "post": {
                "summary": "Link an address (tel:, telegram:, mailto:) to a citizen",
                "security": TOKEN_ONLY,
                "parameters": [_id("citizen_id")],
                "requestBody": _object({"urn": {"type": "string"}, "shared": {"type": "boolean"}}, ["urn"]),
                "responses": {"201": _json("Identity", "Linked"), "400": _ERROR, "401": _ERROR, "404": _ERROR},
            }
        },
        "/api/identities/{identity_id}": {
            "patch": {
                "summary": "Flag an address as shared by a household or village, or clear the flag",
                "security": TOKEN_ONLY,
                "parameters": [_id("identity_id")],
                "requestBody": _object({"shared": {"type": "boolean"}}, ["shared"]),
                "responses": {"200": _json("Identity"), "400": _ERROR, "401": _ERROR, "404": _ERROR},
            },
            "delete": {
                "summary": "Unlink an address from its citizen; it becomes a record of its own",
                "security": TOKEN_ONLY,
                "parameters": [_id("identity_id")],
                "responses": {"200": _json("Unlinked", "Unlinked"), "400": _ERROR, "401": _ERROR, "404": _ERROR},
            },
        },
        "/api/incidents": {
            "get": {
                "summary": "Open incidents (reports of one problem at one place by several citizens), latest first",
                "security": TOKEN_ONLY,
                "responses": {"200": _json("IncidentList"), "401": _ERROR},
            }
        },
        "/api/hotspots": {
            "get": {
                "summary": "Hot spots of a period (local dates, end included; the last 30 days by default)",
                "security": TOKEN_ONLY,
                "parameters": [
                    _query("start", "first local day, YYYY-MM-DD", {"type": "string", "format": "date"}),
                    _query("end", "last local day, YYYY-MM-DD", {"type": "string", "format": "date"}),
                ],
                "responses": {"200": _json("HotspotList"), "400": _ERROR, "401": _ERROR},
            }
        },
        "/api/alerts": {
            "get": {
                "summary": "Surge alerts of the last days, newest first",
                "security": TOKEN_ONLY,
                "parameters": [_query("days", "how many days back, 1 to 90 (default 7)", {"type": "integer"})],
                "responses": {"200": _json("AlertList"), "400": _ERROR, "401": _ERROR},
            }
        },
        "/api/openapi.json": {
            "get": {
                "summary": "This description (public: it holds no data)",
                "security": [],
                "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}},
            }
        },
    },
}


SPEC["paths"].update(openapi_collaboration.PATHS)  # type: ignore[attr-defined]
SPEC["components"]["schemas"].update(openapi_collaboration.SCHEMAS)  # type: ignore[index]


@bp.get("/api/openapi.json")
def openapi():
    """Serve the API description (public: it holds no data)."""
    return jsonify(SPEC)
