"""Segments: saved queries over citizens, counted before anything is sent."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from core.clock import utcnow
from feedback.cases.models import Case
from feedback.incidents.models import CaseFingerprint, Incident
from feedback.outreach import segments
from feedback.outreach.models import Segment
from tests.helpers.cases import quick_case
from tests.helpers.outreach import citizen
from tests.helpers.staff import make_user, sign_in_with_cookie


def _count(runtime, **criteria) -> int:
    with Session(runtime.engine) as session:
        return segments.count(session, segments.clean(criteria))["citizens"]


def test_profile_channels_and_tags_narrow_the_segment(runtime):
    citizen(runtime, "tel:+8613800000001", township="城关镇", tags=("farmer",))
    citizen(runtime, "tel:+8613800000002", township="城关镇", language="en")
    citizen(runtime, "telegram:5550003", township="城关镇", tags=("farmer",))
    citizen(runtime, "tel:+8613800000004", township="河西乡", tags=("farmer",))
    assert _count(runtime, township="城关镇") == 3
    assert _count(runtime, township="城关镇", language="en") == 1
    assert _count(runtime, township="城关镇", channels=["sms"]) == 2
    assert _count(runtime, tags="Farmer") == 3
    assert _count(runtime, township="城关镇", tags="farmer", channels=["telegram"]) == 1


def test_reported_to_a_department_in_the_last_days_counts_only_recent_reports(runtime):
    recent = quick_case(runtime, "村口的路灯坏了三天了", urn="tel:+8613800000011")
    old = quick_case(runtime, "村口的路灯又坏了", urn="tel:+8613800000012")
    with runtime.session() as session:
        department = session.get(Case, recent).department_id
        session.get(Case, old).opened_at = utcnow() - timedelta(days=40)
    assert _count(runtime, department=str(department), days="30") == 1
    assert _count(runtime, department=str(department), days="60") == 2
    assert _count(runtime, topic="路灯", days="30") == 1


def test_citizens_linked_to_an_incident_are_a_segment(runtime):
    first = quick_case(runtime, "幸福路停水了", urn="tel:+8613800000021")
    quick_case(runtime, "幸福路还是没水", urn="tel:+8613800000022")
    with runtime.session() as session:
        incident = Incident(title="幸福路停水")
        session.add(incident)
        session.flush()
        case = session.get(Case, first)
        session.add(CaseFingerprint(case_id=first, department_id=case.department_id, incident_id=incident.id))
        incident_id = incident.id
    assert _count(runtime, incident=str(incident_id)) == 1


def test_the_preview_counts_live_and_refuses_bad_criteria(client, runtime):
    citizen(runtime, "tel:+8613800000031", township="城关镇")
    opted = citizen(runtime, "tel:+8613800000032", township="城关镇")
    with runtime.session() as session:
        from router.identity.models import Citizen

        session.get(Citizen, opted).opted_out_at = utcnow()
    sign_in_with_cookie(client, make_user(runtime, "lead", role="supervisor"))
    answer = client.get("/outreach/segments/preview?township=城关镇")
    assert answer.json == {"citizens": 2, "opted_out": 1, "reachable": 1}
    refused = client.get("/outreach/segments/preview?days=abc")
    assert refused.status_code == 400 and "whole number" in refused.json["error"]
    assert client.get("/outreach/segments/preview?channels=fax").status_code == 400


def test_a_supervisor_saves_a_segment_and_an_agent_may_not(client, runtime):
    from tests.helpers.staff import csrf_token

    sign_in_with_cookie(client, make_user(runtime, "lead", role="supervisor"))
    token = csrf_token(client, "/outreach/segments/new")
    saved = client.post("/outreach/segments/new", data={"csrf_token": token, "name": "城关镇农户",
                                                         "township": "城关镇", "tags": "farmer"})  # fmt: skip
    assert saved.status_code == 302
    with Session(runtime.engine) as session:
        segment = session.exec(select(Segment)).one()
    assert segment.criteria == {"township": "城关镇", "tags": ["farmer"]} and segment.created_by == "lead"
    sign_in_with_cookie(client, make_user(runtime, "wang", role="agent"))
    assert client.get("/outreach/segments/new").status_code == 403
