"""The OpenAPI description of departments working one case (web/collaboration_api.py), merged into web/openapi.py."""

from __future__ import annotations

from feedback.collaboration.returns import REASONS

_TIME = {"type": ["string", "null"], "format": "date-time"}
_STR = {"type": ["string", "null"]}
_ERROR = {"description": "Refused", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_REF = {"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}}
_ANSWERS = {"400": _ERROR, "401": _ERROR, "404": _ERROR}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _body(properties: dict, required: list[str]) -> dict:
    schema = {"type": "object", "required": required, "properties": properties}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _changed(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Collaboration")}}}


def _step(summary: str, body: dict, *ids: str) -> dict:
    return {
        "post": {
            "summary": summary,
            "parameters": [_REF, *(_id(name) for name in ids)],
            "requestBody": body,
            "responses": {"201": _changed("Done; the case's collaboration as it is now"), **_ANSWERS},
        }
    }


SCHEMAS = {
    "AssistTask": {
        "type": "object",
        "required": ["id", "department_id", "text", "due_at", "status"],
        "properties": {
            "id": {"type": "integer"}, "department_id": {"type": "integer"}, "text": {"type": "string"},
            "due_at": _TIME, "beyond_limit_reason": {"type": "string"},
            "status": {"enum": ["open", "done", "released"]}, "part": {"type": "string"}, "reason": {"type": "string"},
            "created_by": {"type": "string"}, "created_at": _TIME, "finished_by": _STR, "finished_at": _TIME,
            "late": {"type": "boolean"},
        },
    },
    "CaseReturn": {
        "type": "object",
        "required": ["id", "department_id", "reason_code", "text", "status"],
        "properties": {
            "id": {"type": "integer"}, "department_id": {"type": "integer"}, "reason_code": {"enum": list(REASONS)},
            "text": {"type": "string"}, "status": {"enum": ["pending", "upheld", "rejected"]},
            "created_by": {"type": "string"}, "created_at": _TIME, "to_department_id": {"type": ["integer", "null"]},
            "decision_reason": {"type": "string"}, "decided_by": _STR, "decided_at": _TIME,
        },
    },
    "SupervisionNotice": {
        "type": "object",
        "required": ["id", "department_id", "text", "reply_by"],
        "properties": {
            "id": {"type": "integer"}, "department_id": {"type": "integer"}, "text": {"type": "string"},
            "reply_by": _TIME, "issued_by": {"type": "string"}, "issued_at": _TIME, "reply": _STR,
            "replied_by": _STR, "replied_at": _TIME, "escalated": {"type": "boolean"},
        },
    },
    "Collaboration": {
        "type": "object",
        "required": ["reference", "lead_department_id", "tasks", "returns", "notices"],
        "properties": {
            "reference": {"type": "string"},
            "lead_department_id": {"type": "integer"},
            "reach": {"enum": ["lead", "assisting", "owner"]},
            "first_contact_user_id": {"type": ["integer", "null"]},
            "tasks": {"type": "array", "items": _ref("AssistTask")},
            "returns": {"type": "array", "items": _ref("CaseReturn")},
            "notices": {"type": "array", "items": _ref("SupervisionNotice")},
        },
    },
}  # fmt: skip

_TEXT = {"type": "string", "minLength": 1}
_RATE = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
_DAY = {"type": "string", "format": "date"}
_COUNT = {"type": "integer", "minimum": 0}
SCHEMAS["Ranking"] = {
    "type": "object",
    "required": ["start", "end", "departments"],
    "properties": {
        "start": {"type": "string"},
        "end": {"type": "string"},
        "departments": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["rank", "department_id", "cases", "score"],
                "properties": {
                    "rank": {"type": "integer"},
                    "department_id": {"type": "integer"},
                    "cases": _COUNT,
                    "contact_rate": _RATE,
                    "resolution_rate": _RATE,
                    "satisfaction_rate": _RATE,
                    "on_time_rate": _RATE,
                    "score": _RATE,
                    "return_rate": {"type": ["number", "null"], "minimum": 0},
                },
                "additionalProperties": _COUNT,
            },
        },
    },
}
PATHS = {
    "/api/departments/ranking": {
        "get": {
            "summary": "Departments ranked on the 三率 and the on-time rate (assisting work included), with returns "
            "upheld/rejected and supervision notices issued/answered/overdue (supervisors)",
            "parameters": [
                {"name": "start", "in": "query", "description": "first local day", "schema": _DAY},
                {"name": "end", "in": "query", "description": "last local day", "schema": _DAY},
            ],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": _ref("Ranking")}}},
                          "400": _ERROR, "401": _ERROR, "403": _ERROR},
        }
    },
    "/api/cases/{reference}/collaboration": {
        "get": {
            "summary": "The case's assisting tasks (协办), returns (退单), notices (督办) and first contact",
            "parameters": [_REF],
            "responses": {"200": _changed("OK"), "401": _ERROR, "404": _ERROR},
        }
    },
    "/api/cases/{reference}/assists": _step(
        "Add an assisting department with a task and a deadline in working days (the lead department or a supervisor)",
        _body({"department_id": {"type": "integer"}, "text": _TEXT, "working_days": {"type": "integer"},
               "beyond_limit_reason": {"type": "string"}}, ["department_id", "text", "working_days"]),
    ),
    "/api/cases/{reference}/assists/{task_id}/done": _step(
        "Post the assisting department's part for the lead and finish its task", _body({"part": _TEXT}, ["part"]),
        "task_id",
    ),
    "/api/cases/{reference}/assists/{task_id}/release": _step(
        "Release an assisting task with a reason (the lead department)", _body({"reason": _TEXT}, ["reason"]), "task_id"
    ),
    "/api/cases/{reference}/returns": _step(
        "Return the case to the hotline centre as not the lead department's, with a reason from the list",
        _body({"reason_code": {"enum": list(REASONS)}, "text": _TEXT}, ["reason_code", "text"]),
    ),
    "/api/cases/{reference}/returns/{return_id}/decision": _step(
        "Decide a return: the same department (binding) or another one, with a reason (supervisors)",
        _body({"department_id": {"type": "integer"}, "reason": _TEXT}, ["department_id", "reason"]), "return_id",
    ),
    "/api/cases/{reference}/notices": _step(
        "Issue a supervision notice to a department with a reply-by date (supervisors)",
        _body({"department_id": {"type": "integer"}, "text": _TEXT,
               "reply_by": {"type": "string", "description": "a local day (YYYY-MM-DD) or moment"}},
              ["department_id", "text", "reply_by"]),
    ),
    "/api/cases/{reference}/notices/{notice_id}/reply": _step(
        "Record the department's reply to a supervision notice", _body({"text": _TEXT}, ["text"]), "notice_id"
    ),
}  # fmt: skip
