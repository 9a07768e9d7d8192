"""Open311 GeoReport v2: services and requests in JSON and XML, filing with an API key, and no personal data out."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from sqlmodel import Session, select

from channels.models import Interaction
from feedback.answers import resolution
from feedback.cases.models import Case
from router.identity.models import Identity
from tests.helpers.cases import quick_case
from web.open311 import keys

PERSONAL = {
    "first_name": "Xiaoming",
    "last_name": "Zhang",
    "email": "zhang.xiaoming@example.cn",
    "phone": "+8613912345678",
    "address_string": "幸福村3组17号",
    "lat": "30.274085",
    "long": "120.155070",
    "device_id": "device-5d1f",
}


@pytest.fixture
def api_key(runtime) -> str:
    with runtime.session() as session:
        return keys.create(session, "provincial portal")


def _file(client, api_key: str, fmt: str = "json", **fields):
    form = {"api_key": api_key, "service_code": "urban_rural_construction", "description": "村口的路灯坏了三天了"}
    form.update(PERSONAL)
    form.update(fields)
    return client.post(f"/open311/v2/requests.{fmt}", data=form)


def test_services_are_listed_in_json_and_xml(client):
    services = client.get("/open311/v2/services.json").get_json()
    assert {"service_code": "urban_rural_construction", "service_name": "城乡建设"}.items() <= services[1].items()
    xml = client.get("/open311/v2/services.xml")
    root = ElementTree.fromstring(xml.data)
    assert xml.mimetype == "text/xml" and root.tag == "services"
    assert [s.findtext("service_code") for s in root][: len(services)] == [s["service_code"] for s in services]


def test_a_portal_with_a_key_files_a_request_that_becomes_a_case_with_a_due_time(client, runtime, api_key):
    response = _file(client, api_key)
    assert response.status_code == 201
    [created] = response.get_json()
    reference = created["service_request_id"]
    with Session(runtime.engine) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        contact = session.exec(
            select(Interaction).where(Interaction.case_id == case.id, Interaction.direction == "in")
        ).one()
        identity = session.exec(select(Identity).where(Identity.citizen_id == case.citizen_id)).one()
    assert case.channel == "open311" and contact.payload["api_key"] == "provincial portal"
    assert identity.urn == "tel:+8613912345678"  # the same citizen as on the hotline's SMS
    [listed] = client.get(f"/open311/v2/requests/{reference}.json").get_json()
    assert listed["status"] == "open" and listed["status_notes"] == "已受理 Received"
    assert listed["expected_datetime"] == case.resolution_due_at.isoformat().replace("+00:00", "Z")
    assert (case.address, case.location) == ("幸福村3组17号", "30.274085,120.155070")  # where to send someone


def test_filing_without_a_valid_key_is_refused_and_stores_nothing(client, runtime, api_key):
    wrong = _file(client, "o311_not-a-key")
    missing = _file(client, "")
    assert wrong.status_code == 403 and missing.status_code == 403
    assert "api_key" in wrong.get_json()[0]["description"]
    with Session(runtime.engine) as session:
        assert session.exec(select(Case)).all() == []


@pytest.mark.parametrize(
    ("fields", "status", "says"),
    [
        ({"service_code": "no_such_service"}, 404, "no service"),
        ({"service_code": ""}, 400, "service_code is required"),
        ({"lat": "", "long": "", "address_string": ""}, 400, "a location is required"),
        ({"lat": "north"}, 400, "lat and long"),
        ({"phone": "call me"}, 400, "phone number"),
    ],
)
def test_a_malformed_request_gets_the_specs_error_and_stores_nothing(client, runtime, api_key, fields, status, says):
    response = _file(client, api_key, **fields)
    assert response.status_code == status and says in response.get_json()[0]["description"]
    with Session(runtime.engine) as session:
        assert session.exec(select(Case)).all() == [] and session.exec(select(Interaction)).all() == []


def test_errors_come_as_xml_on_the_xml_endpoints(client, api_key):
    response = _file(client, api_key, fmt="xml", service_code="no_such_service")
    root = ElementTree.fromstring(response.data)
    assert response.status_code == 404 and root.tag == "errors" and root.find("error/code").text == "404"


def test_requests_filter_by_status_service_and_date(client, runtime, api_key):
    open_ref = _file(client, api_key).get_json()[0]["service_request_id"]
    env_ref = _file(client, api_key, service_code="environment", phone="+8613700000001").get_json()[0]
    env_ref = env_ref["service_request_id"]
    with runtime.session() as session:
        case = session.exec(select(Case).where(Case.reference == env_ref)).one()
        resolution.resolve_with_answer(session, case, "已责令整改。", "agent:wang")

    def ids(query: str) -> set[str]:
        return {r["service_request_id"] for r in client.get(f"/open311/v2/requests.json?{query}").get_json()}

    assert ids("status=open") == {open_ref} and ids("status=closed") == {env_ref}
    assert ids("service_code=environment") == {env_ref}
    assert ids(f"service_request_id={open_ref},{env_ref}") == {open_ref, env_ref}
    assert ids("start_date=2001-01-01T00:00:00Z&end_date=2001-02-01T00:00:00Z") == set()
    bad = client.get("/open311/v2/requests.json?start_date=yesterday")
    assert bad.status_code == 400 and "W3C" in bad.get_json()[0]["description"]
    assert client.get("/open311/v2/requests/000000000.json").status_code == 404


def test_the_public_answer_is_the_status_notes_only_when_staff_made_the_case_public(client, runtime, api_key):
    reference = _file(client, api_key).get_json()[0]["service_request_id"]
    with runtime.session() as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        resolution.resolve_with_answer(session, case, "路灯已于周三修复。", "agent:wang")
    [private] = client.get(f"/open311/v2/requests/{reference}.json").get_json()
    assert private["status"] == "closed" and private["status_notes"] == "已办结 Resolved"
    assert private["description"] is None and private["expected_datetime"] is None
    with runtime.session() as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        case.public = True
        session.add(case)
    [public] = client.get(f"/open311/v2/requests/{reference}.json").get_json()
    assert public["status_notes"] == "已办结 Resolved: 路灯已于周三修复。"
    assert public["description"] == "村口的路灯坏了三天了"


def test_no_response_ever_carries_the_citizens_personal_data(client, runtime, api_key):
    quick_case(runtime, urn="tel:+8613800138000")
    reference = _file(client, api_key).get_json()[0]["service_request_id"]
    _file(client, api_key, phone="", email="", first_name="", last_name="")  # an anonymous one too
    with runtime.session() as session:
        for case in session.exec(select(Case)):
            case.public = True  # even public cases
            session.add(case)
    pages = (
        [f"/open311/v2/requests.{fmt}" for fmt in ("json", "xml")]
        + [f"/open311/v2/requests/{reference}.{fmt}" for fmt in ("json", "xml")]
        + ["/open311/v2/services.json"]
    )
    bodies = [client.get(page).get_data(as_text=True) for page in pages]
    bodies.append(_file(client, api_key).get_data(as_text=True))
    secrets = [*PERSONAL.values(), "13912345678", "13800138000", "Xiaoming", "幸福村"]
    for body in bodies:
        assert not [s for s in secrets if s in body], body


def test_an_operator_creates_and_revokes_a_key_on_the_command_line(app, client):
    cli = app.test_cli_runner()
    key = cli.invoke(args=["open311", "add-key", "county app"]).output.strip()
    assert key.startswith("o311_")
    assert _file(client, key).status_code == 201
    assert "1 key(s) revoked" in cli.invoke(args=["open311", "revoke-key", "county app"]).output
    assert _file(client, key).status_code == 403


def test_a_filer_with_a_phone_gets_the_acknowledgement_with_the_reference_by_sms(client, runtime, api_key, twilio):
    from tests.helpers.worker import work

    reference = _file(client, api_key).get_json()[0]["service_request_id"]
    work(runtime)
    [sms] = twilio.wait_for(1)
    assert sms["to"] == PERSONAL["phone"] and reference in sms["body"] and "已受理" in sms["body"]


def test_an_anonymous_filers_answer_counts_only_once_an_agent_makes_the_case_public(app, client, runtime, api_key):
    from tests.helpers.staff import make_user, sign_in_with_cookie

    app.config["WTF_CSRF_ENABLED"] = False
    anonymous = dict.fromkeys(("phone", "email", "first_name", "last_name"), "")
    reference = _file(client, api_key, **anonymous).get_json()[0]["service_request_id"]
    with runtime.session() as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        resolution.resolve_with_answer(session, case, "路灯已于周三修复。", "agent:wang")

    def case_now() -> Case:
        with Session(runtime.engine) as session:
            return session.exec(select(Case).where(Case.reference == reference)).one()

    assert case_now().answered_at is None  # published nowhere yet: the filer cannot have seen it
    sign_in_with_cookie(client, make_user(runtime, "zhao.sup", role="supervisor"))
    page = client.get(f"/cases/{reference}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "幸福村3组17号 (30.274085, 120.155070)" in page and "Make public" in page  # where to send someone
    assert client.post(f"/cases/{reference}/public", data={"public": "1"}).status_code == 302
    assert case_now().public and case_now().answered_at is not None
    [public] = client.get(f"/open311/v2/requests/{reference}.json").get_json()
    assert public["status_notes"] == "已办结 Resolved: 路灯已于周三修复。"
    client.post(f"/cases/{reference}/public", data={"public": "0"})
    [private] = client.get(f"/open311/v2/requests/{reference}.json").get_json()
    assert private["status_notes"] == "已办结 Resolved" and private["description"] is None


def test_a_service_definition_is_served_and_an_unknown_one_is_404(client):
    assert client.get("/open311/v2/services/urban_rural_construction.json").get_json() == {
        "service_code": "urban_rural_construction",
        "attributes": [],
    }
    xml = ElementTree.fromstring(client.get("/open311/v2/services/urban_rural_construction.xml").data)
    assert xml.tag == "service_definition" and xml.findtext("service_code") == "urban_rural_construction"
    missing = client.get("/open311/v2/services/no_such.json")
    assert missing.status_code == 404 and "no_such" in missing.get_json()[0]["description"]
