"""The API description is complete and true: every /api route is in openapi.json with the answers it gives, a
request without credentials gets the documented 401, and schemathesis finds no server error and no answer that
breaks the description."""

from __future__ import annotations

import re

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.helpers.cases import quick_case

EXAMPLES = 20  # per operation: bounded, so the run takes seconds
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


def _api_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:[^:<>]+:)?(\w+)>", r"{\1}", rule.rule)
            routes |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return routes


def test_every_api_route_and_method_is_described(app, client):
    spec = client.get("/api/openapi.json").get_json()
    described = {(path, method) for path, item in spec["paths"].items() for method in item}
    assert _api_routes(app) - described == set()
    assert described - _api_routes(app) == set()  # and nothing described that is not there


def test_every_protected_operation_documents_401_and_a_request_without_credentials_gets_it(app, client):
    spec = client.get("/api/openapi.json").get_json()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if operation.get("security") == []:
                continue
            assert "401" in operation["responses"], f"{method} {path}"
            url = re.sub(r"\{\w+\}", "1", path)
            response = client.open(url, method=method.upper(), json={})  # no token, no session, no CSRF token
            assert response.status_code == 401, f"{method} {path}: {response.status_code}"
            assert response.headers["WWW-Authenticate"] == "Bearer" and response.get_json()["error"]


def test_the_api_gives_no_server_error_and_no_answer_outside_its_description(app, runtime, twilio):
    quick_case(runtime)  # a case and a citizen for the generated ids and references to sometimes find
    app.config.update(PROPAGATE_EXCEPTIONS=False)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    failures, operations, labels = [], 0, []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        labels.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case) -> None:
            case.call_and_validate(headers={"Authorization": "Bearer test-api-token"}, checks=CHECKS)

        try:
            call()
        except Exception as exc:
            failures.append(f"{operation.label}: {str(exc)[:600]}")
    # Every route but the description itself, which schemathesis leaves out.
    assert failures == [] and operations == len(_api_routes(app)) - 1, labels
