"""The OpenAPI 3 description of /api, written by hand and served at /api/openapi.json (tests check it)."""

from __future__ import annotations

from flask import Blueprint, jsonify

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
        },
    },
}


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


LIST_PARAMETERS = [
    _query("folder", "mine, unassigned, waiting, due_soon, overdue, all, or dept:<id> (default all)"),
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
                "parameters": [{"name": "citizen_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": _json("Citizen"), "401": _ERROR, "404": _ERROR},
            }
        },
    },
}


@bp.get("/api/openapi.json")
def openapi():
    """Serve the API description (public: it holds no data)."""
    return jsonify(SPEC)
