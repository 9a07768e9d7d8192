"""The citizen record over the API: profile, merge and undo, link and unlink, shared numbers, report slices."""

from __future__ import annotations

from sqlmodel import Session, select

from channels.models import Interaction
from feedback.cases.models import Case
from router.identity.models import Citizen, Identity
from tests.helpers import fixture
from tests.helpers.staff import csrf_token, make_user, sign_in_with_form
from tests.helpers.twilio import twilio_post
from tests.helpers.worker import work

AUTH = {"Authorization": "Bearer test-api-token"}
BASE = fixture("twilio/sms_incoming_zh.json")


def _sms(client, runtime, body: str, sender: str, sid: str) -> None:
    sid = "SM" + sid * 32
    form = dict(BASE, Body=body, From=sender, MessageSid=sid, SmsSid=sid, SmsMessageSid=sid)
    assert twilio_post(client, runtime.settings, "/channels/sms", form).status_code == 200
    work(runtime)


def _citizen_of(runtime, urn: str) -> int:
    with Session(runtime.engine) as session:
        return session.exec(select(Identity).where(Identity.urn == urn)).one().citizen_id


def _cases(runtime, citizen_id: int) -> list[str]:
    with Session(runtime.engine) as session:
        return sorted(c.summary for c in session.exec(select(Case).where(Case.citizen_id == citizen_id)))


def test_the_citizen_api_needs_the_token_and_says_when_a_citizen_does_not_exist(client):
    assert client.get("/api/citizens/1/profile").status_code == 401
    missing = client.get("/api/citizens/999/profile", headers=AUTH)
    assert missing.status_code == 404 and missing.get_json()["error"] == "no citizen 999"


def test_an_agent_fills_in_the_profile_and_reports_can_slice_by_region_and_segment(client, runtime):
    _sms(client, runtime, "村口的路灯坏了三天了", "+8613800000001", "a")
    _sms(client, runtime, "学校门口的路灯不亮", "+8613800000002", "b")
    farmer = _citizen_of(runtime, "tel:+8613800000001")
    profile = {
        "name": "王芳",
        "region": "青山县",
        "county": "青山县",
        "township": "石门镇",
        "village": "上湾村",
        "age_group": "60_plus",
        "occupation": "农民",
        "preferred_channel": "sms",
        "language": "zh",
    }
    response = client.patch(f"/api/citizens/{farmer}", json=profile, headers=AUTH)
    assert response.status_code == 200
    body = client.get(f"/api/citizens/{farmer}/profile", headers=AUTH).get_json()
    assert {k: body[k] for k in profile} == profile
    assert body["identities"] == [
        {"id": body["identities"][0]["id"], "urn": "tel:+8613800000001", "scheme": "tel", "shared": False}
    ]
    assert body["open_cases"] == 1
    for query in (
        "region=青山县",
        "age_group=60_plus",
        "occupation=农民",
        "village=上湾村",
        "region=青山县&age_group=60_plus",
    ):
        cases = client.get(f"/api/cases?{query}", headers=AUTH).get_json()["cases"]
        assert [c["summary"] for c in cases] == ["村口的路灯坏了三天了"], query
    assert client.get("/api/cases?occupation=教师", headers=AUTH).get_json()["total"] == 0


def test_a_profile_update_with_one_bad_field_changes_nothing(client, runtime):
    _sms(client, runtime, "村口的路灯坏了三天了", "+8613800000001", "a")
    citizen = _citizen_of(runtime, "tel:+8613800000001")
    bad_choice = client.patch(f"/api/citizens/{citizen}", json={"name": "王芳", "age_group": "old"}, headers=AUTH)
    unknown = client.patch(f"/api/citizens/{citizen}", json={"name": "王芳", "email": "a@b.cn"}, headers=AUTH)
    not_json = client.patch(f"/api/citizens/{citizen}", data="name=王芳", headers=AUTH)
    too_long = client.patch(f"/api/citizens/{citizen}", json={"village": "村" * 101}, headers=AUTH)
    assert bad_choice.status_code == 400 and "age_group must be one of" in bad_choice.get_json()["error"]
    assert unknown.status_code == 400 and "unknown field(s): email" in unknown.get_json()["error"]
    assert not_json.status_code == 400 and too_long.status_code == 400
    assert client.get(f"/api/citizens/{citizen}/profile", headers=AUTH).get_json()["name"] is None


def test_merging_two_records_moves_everything_and_undo_restores_exactly_what_moved(client, runtime):
    _sms(client, runtime, "村口的路灯坏了三天了", "+8613800000001", "a")
    _sms(client, runtime, "My son's school has no heating", "+447700900123", "b")
    kept, other = _citizen_of(runtime, "tel:+8613800000001"), _citizen_of(runtime, "tel:+447700900123")
    client.patch(f"/api/citizens/{other}", json={"occupation": "teacher", "name": "Li Wei"}, headers=AUTH)
    client.patch(f"/api/citizens/{kept}", json={"name": "李伟"}, headers=AUTH)

    merged = client.post(f"/api/citizens/{kept}/merge", json={"other_id": other}, headers=AUTH)
    assert merged.status_code == 201
    record = merged.get_json()
    assert record["moved"]["profile"] == {"occupation": "teacher"}  # the kept record's own name stands
    body = client.get(f"/api/citizens/{kept}/profile", headers=AUTH).get_json()
    assert sorted(i["urn"] for i in body["identities"]) == ["tel:+447700900123", "tel:+8613800000001"]
    assert _cases(runtime, kept) == ["My son's school has no heating", "村口的路灯坏了三天了"]
    assert client.get(f"/api/citizens/{other}/profile", headers=AUTH).get_json()["merged_into_id"] == kept

    # After the merge the other number is the same person: a new message joins their open case.
    _sms(client, runtime, "Any news about the heating?", "+447700900123", "c")
    with Session(runtime.engine) as session:
        joined = session.exec(select(Interaction).where(Interaction.text == "Any news about the heating?")).one()
        assert joined.citizen_id == kept

    assert client.post(f"/api/merges/{record['id']}/undo", headers=AUTH).status_code == 200
    assert _cases(runtime, other) == ["My son's school has no heating"]
    assert _cases(runtime, kept) == ["村口的路灯坏了三天了"]
    with Session(runtime.engine) as session:
        back = session.get(Citizen, other)
        assert back.merged_into_id is None and back.occupation == "teacher"
        assert session.get(Citizen, kept).occupation is None and session.get(Citizen, kept).name == "李伟"
        # What arrived after the merge was not part of it, so it stays with the record it went to.
        assert (
            session.exec(select(Interaction).where(Interaction.text == "Any news about the heating?")).one().citizen_id
            == kept
        )
    assert _citizen_of(runtime, "tel:+447700900123") == other
    again = client.post(f"/api/merges/{record['id']}/undo", headers=AUTH)
    assert again.status_code == 400 and "already undone" in again.get_json()["error"]


def test_merges_that_make_no_sense_are_refused(client, runtime):
    _sms(client, runtime, "路灯坏了", "+8613800000001", "a")
    _sms(client, runtime, "井盖丢了", "+8613800000002", "b")
    one, two = _citizen_of(runtime, "tel:+8613800000001"), _citizen_of(runtime, "tel:+8613800000002")
    itself = client.post(f"/api/citizens/{one}/merge", json={"other_id": one}, headers=AUTH)
    assert itself.status_code == 400 and "itself" in itself.get_json()["error"]
    assert client.post(f"/api/citizens/{one}/merge", json={"other_id": "2"}, headers=AUTH).status_code == 400
    assert client.post(f"/api/citizens/{one}/merge", json={"other_id": 999}, headers=AUTH).status_code == 404
    assert client.post(f"/api/citizens/{one}/merge", json={"other_id": two}, headers=AUTH).status_code == 201
    twice = client.post(f"/api/citizens/{one}/merge", json={"other_id": two}, headers=AUTH)
    assert twice.status_code == 400 and "already merged into" in twice.get_json()["error"]
    edit_merged = client.patch(f"/api/citizens/{two}", json={"name": "x"}, headers=AUTH)
    assert edit_merged.status_code == 400 and "edit that record" in edit_merged.get_json()["error"]


def test_link_and_unlink_an_address(client, runtime):
    _sms(client, runtime, "路灯坏了", "+8613800000001", "a")
    _sms(client, runtime, "井盖丢了", "+8613800000002", "b")
    citizen = _citizen_of(runtime, "tel:+8613800000001")
    linked = client.post(f"/api/citizens/{citizen}/identities", json={"urn": "mailto:wang@example.cn"}, headers=AUTH)
    assert linked.status_code == 201 and linked.get_json()["scheme"] == "mailto"
    taken = client.post(f"/api/citizens/{citizen}/identities", json={"urn": "tel:+8613800000002"}, headers=AUTH)
    assert taken.status_code == 400 and "merge the two records" in taken.get_json()["error"]
    bad = client.post(f"/api/citizens/{citizen}/identities", json={"urn": "fax:123"}, headers=AUTH)
    assert bad.status_code == 400 and "not a URN" in bad.get_json()["error"]
    typed = client.post(f"/api/citizens/{citizen}/identities", json={"urn": "tel:139-0000-0003"}, headers=AUTH)
    assert typed.status_code == 201 and typed.get_json()["urn"] == "tel:+8613900000003"
    not_a_phone = client.post(f"/api/citizens/{citizen}/identities", json={"urn": "tel:12"}, headers=AUTH)
    assert not_a_phone.status_code == 400 and "phone number" in not_a_phone.get_json()["error"]
    _sms(client, runtime, "路灯还是不亮", "+8613900000003", "d")  # the number as typed reaches the same person
    with Session(runtime.engine) as session:
        assert session.exec(select(Interaction).where(Interaction.text == "路灯还是不亮")).one().citizen_id == citizen

    phone = client.get(f"/api/citizens/{citizen}/profile", headers=AUTH).get_json()["identities"][0]
    unlinked = client.delete(f"/api/identities/{phone['id']}", headers=AUTH)
    assert unlinked.status_code == 200 and unlinked.get_json()["citizen_id"] != citizen
    _sms(client, runtime, "路灯还是没修", "+8613800000001", "c")
    assert _cases(runtime, _citizen_of(runtime, "tel:+8613800000001")) == ["路灯还是没修"]
    profile = client.get(f"/api/citizens/{citizen}/profile", headers=AUTH).get_json()
    assert [i["urn"] for i in profile["identities"]] == ["mailto:wang@example.cn", "tel:+8613900000003"]
    assert client.delete("/api/identities/999", headers=AUTH).status_code == 404


def test_each_message_from_a_shared_village_phone_opens_its_own_case(client, runtime):
    _sms(client, runtime, "我家的低保金这个月没到账", "+8613800000009", "a")
    with Session(runtime.engine) as session:
        identity = session.exec(select(Identity).where(Identity.urn == "tel:+8613800000009")).one()
    flagged = client.patch(f"/api/identities/{identity.id}", json={"shared": True}, headers=AUTH)
    assert flagged.status_code == 200 and flagged.get_json()["shared"] is True
    _sms(client, runtime, "村口的路灯坏了三天了", "+8613800000009", "b")
    assert _cases(runtime, identity.citizen_id) == ["我家的低保金这个月没到账", "村口的路灯坏了三天了"]
    assert client.patch(f"/api/identities/{identity.id}", json={"shared": "yes"}, headers=AUTH).status_code == 400


def test_the_case_list_finds_a_citizen_by_phone_however_the_number_is_written_in_the_url(client, runtime):
    _sms(client, runtime, "村口的路灯坏了三天了", "+8613800000001", "a")
    _sms(client, runtime, "小区门口的垃圾没人清运", "+8613900000002", "b")
    for written in ("tel:%2B8613800000001", "tel:+8613800000001", "tel:+86 138 0000 0001", "tel:138-0000-0001"):
        cases = client.get(f"/api/cases?urn={written}", headers=AUTH).get_json()["cases"]
        assert [c["summary"] for c in cases] == ["村口的路灯坏了三天了"], written
    assert client.get("/api/cases?urn=tel:not-a-number", headers=AUTH).get_json()["total"] == 0


def _staff_post(client, path: str, data: dict):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/inbox")}, follow_redirects=True)


def _case_of(runtime, summary: str) -> Case:
    with Session(runtime.engine) as session:
        return session.exec(select(Case).where(Case.summary == summary)).one()


FORM = {
    "name": "王芳",
    "language": "zh",
    "region": "青山县",
    "county": "青山县",
    "township": "石门镇",
    "village": "上湾村",
    "preferred_channel": "sms",
    "age_group": "60_plus",
    "occupation": "农民",
}


def test_an_agent_fills_in_the_citizens_details_on_the_case_page(client, runtime):
    _sms(client, runtime, "村口的路灯坏了三天了", "+8613800000001", "a")
    case = _case_of(runtime, "村口的路灯坏了三天了")
    make_user(runtime, "li.agent", departments=("urban_rural_construction",))
    sign_in_with_form(client, "li.agent")
    assert "Edit citizen details" in client.get(f"/cases/{case.reference}").get_data(as_text=True)

    refused = _staff_post(client, f"/cases/{case.reference}/profile", {**FORM, "age_group": "old"})
    assert "Not done: age_group must be one of" in refused.get_data(as_text=True)
    with Session(runtime.engine) as session:
        assert session.get(Citizen, case.citizen_id).name is None

    saved = _staff_post(client, f"/cases/{case.reference}/profile", FORM).get_data(as_text=True)
    assert "Citizen details saved." in saved and "60 and over" in saved and "农民" in saved
    with Session(runtime.engine) as session:
        citizen = session.get(Citizen, case.citizen_id)
        assert {name: getattr(citizen, name) for name in FORM} == FORM
        assert session.get(Case, case.id).region == "青山县"
    cleared = _staff_post(client, f"/cases/{case.reference}/profile", {**FORM, "occupation": ""})
    assert "Citizen details saved." in cleared.get_data(as_text=True)
    with Session(runtime.engine) as session:
        assert session.get(Citizen, case.citizen_id).occupation is None


def test_an_agent_flags_a_village_phone_as_shared_so_each_message_opens_its_own_case(client, runtime):
    _sms(client, runtime, "我家的低保金这个月没到账", "+8613800000009", "a")
    _sms(client, runtime, "井盖丢了", "+8613800000002", "b")
    case = _case_of(runtime, "我家的低保金这个月没到账")
    make_user(runtime, "zhao.sup", role="supervisor")
    sign_in_with_form(client, "zhao.sup")
    phone = _citizen_identity(runtime, "tel:+8613800000009")
    other = _citizen_identity(runtime, "tel:+8613800000002")
    not_theirs = _staff_post(client, f"/cases/{case.reference}/shared", {"identity_id": other, "shared": "1"})
    assert "no such address for this citizen" in not_theirs.get_data(as_text=True)

    page = _staff_post(client, f"/cases/{case.reference}/shared", {"identity_id": phone, "shared": "1"})
    assert "each message from this address will open its own case" in page.get_data(as_text=True)
    assert "shared by a household or village" in page.get_data(as_text=True)
    _sms(client, runtime, "村口的路灯坏了三天了", "+8613800000009", "c")
    assert _cases(runtime, case.citizen_id) == ["我家的低保金这个月没到账", "村口的路灯坏了三天了"]
    with Session(runtime.engine) as session:
        assert session.get(Identity, other).shared is False


def _citizen_identity(runtime, urn: str) -> int:
    with Session(runtime.engine) as session:
        return session.exec(select(Identity.id).where(Identity.urn == urn)).one()


def test_the_inbox_slices_by_the_citizens_place_and_segment(client, runtime):
    _sms(client, runtime, "村口的路灯坏了三天了", "+8613800000001", "a")
    _sms(client, runtime, "学校门口的路灯不亮", "+8613800000002", "b")
    farmer = _citizen_of(runtime, "tel:+8613800000001")
    assert client.patch(f"/api/citizens/{farmer}", json=FORM, headers=AUTH).status_code == 200
    make_user(runtime, "zhao.sup", role="supervisor")
    sign_in_with_form(client, "zhao.sup")
    for query in ("age_group=60_plus", "occupation=农民", "village=上湾村", "township=石门镇&county=青山县"):
        page = client.get(f"/inbox?folder=all&{query}").get_data(as_text=True)
        assert "村口的路灯坏了三天了" in page and "学校门口的路灯不亮" not in page, query
    page = client.get("/inbox?folder=all&age_group=18_34").get_data(as_text=True)
    assert "村口的路灯坏了三天了" not in page and "学校门口的路灯不亮" not in page
    assert 'value="60_plus" selected' in client.get("/inbox?folder=all&age_group=60_plus").get_data(as_text=True)


def test_linking_a_citizens_own_phone_again_as_shared_flags_it(client, runtime):
    _sms(client, runtime, "村里的自来水停了", "+8613800000008", "a")
    citizen = _citizen_of(runtime, "tel:+8613800000008")
    path = f"/api/citizens/{citizen}/identities"
    again = client.post(path, json={"urn": "tel:+8613800000008", "shared": True}, headers=AUTH)
    assert again.get_json()["shared"] is True
    unflagged_link = client.post(path, json={"urn": "tel:+8613800000008"}, headers=AUTH)
    assert unflagged_link.get_json()["shared"] is True  # leaving the flag out does not clear it
    _sms(client, runtime, "我家的低保金没到账", "+8613800000008", "b")
    assert sorted(_cases(runtime, citizen)) == ["我家的低保金没到账", "村里的自来水停了"]
