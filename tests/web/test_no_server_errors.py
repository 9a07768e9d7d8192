"""No input gives a 500: every route, called by a signed-in admin with numbers out of range, odd strings and JSON
nested too deep, answers with something other than a server error."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers.cases import only_case, quick_case
from tests.helpers.staff import make_user, sign_in_with_cookie

WEB = Path(__file__).resolve().parents[2] / "web"
# Every query-string and form field the staff pages and the API read, found in their code, so a new one is tried too.
READ = set(re.findall(r'(?:args|form)\.get(?:list)?\(\s*"(\w+)"', "".join(p.read_text() for p in WEB.rglob("*.py"))))
FIELDS = [*sorted(READ - {"csrf_token"}), "other_id", "urn", "shared", "reason"]
HUGE = "99999999999999999999999"
ODD_VALUES = [HUGE, "-1e999'\"<>%00 2026-13-45T99:99"]
ODD_IDS = ["2147483648", HUGE]
DEEP = "[" * 5000 + "]" * 5000


@pytest.fixture
def fuzz_client(app, runtime):
    app.config.update(PROPAGATE_EXCEPTIONS=False, WTF_CSRF_ENABLED=False)  # reach the views themselves
    client = app.test_client()
    admin = make_user(runtime, "zhao.admin", role="admin")
    return client, admin


def _urls(app, reference: str) -> list[tuple[str, list[str]]]:
    """Every route with its placeholders filled with odd values (and a real case reference), and its methods."""
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        choices = [{}]
        for name in rule.arguments - set(rule.defaults or {}):
            converter = type(rule._converters[name]).__name__
            values = ODD_IDS if "Integer" in converter else [reference, HUGE, "x%27%22"]
            choices = [{**c, name: v} for c in choices for v in values]
        for values in choices:
            path = rule.rule
            for name, value in values.items():
                path = re.sub(rf"<(?:[^:<>]+:)?{name}>", value, path)
            urls.append((path, methods))
    return urls


def test_every_route_answers_odd_input_without_a_server_error(fuzz_client, app, runtime, twilio):
    client, admin = fuzz_client
    quick_case(runtime)
    reference = only_case(runtime).reference
    failures = []
    for path, methods in _urls(app, reference):
        for method in methods:
            for value in ODD_VALUES:
                sign_in_with_cookie(client, admin)  # a route may have signed us out
                fields = dict.fromkeys(FIELDS, value)
                if method == "GET":
                    response = client.get(path, query_string=fields)
                elif path.startswith("/api"):
                    body = {k: (int(value) if value.lstrip("-").isdigit() else value) for k, value in fields.items()}
                    response = client.open(
                        path, method=method, json=body, headers={"Authorization": "Bearer test-api-token"}
                    )
                else:
                    response = client.open(path, method=method, data=fields)
                if response.status_code >= 500 and response.status_code != 503:
                    failures.append(f"{method} {path} {value!r}: {response.status_code}")
    assert failures == []


def test_json_nested_thousands_deep_is_refused_with_400_everywhere(fuzz_client, app, runtime):
    client, admin = fuzz_client
    sign_in_with_cookie(client, admin)
    failures = []
    for path, methods in _urls(app, "123456789"):
        for method in set(methods) - {"GET"}:
            response = client.open(path, method=method, data=DEEP, content_type="application/json",
                                   headers={"Authorization": "Bearer test-api-token"})  # fmt: skip
            if response.status_code >= 500:
                failures.append(f"{method} {path}: {response.status_code}")
    assert failures == []


def test_the_telegram_webhook_refuses_deeply_nested_json_quickly(client, runtime):
    from tests.helpers.telegram import post_update

    response = post_update(client, '{"update_id": 1, "message": ' + "[" * 30000 + "]" * 30000 + "}")
    assert response.status_code == 400 and "nested deeper than 64" in response.get_json()["error"]
    assert json.loads(post_update(client, "[" * 10 + "]" * 10).data)["error"]  # shallow junk: the usual answer
