"""Admin pages, escaping of what citizens send, and the JSON API against its own OpenAPI description."""

from __future__ import annotations

import io
import tomllib

import jsonschema
from sqlmodel import Session, select

from channels.models import Attachment, Interaction
from staff.models import Department, User, UserDepartment
from tests.helpers.cases import text_in
from tests.helpers.staff import csrf_token, department_id, make_user, sign_in_with_form

URBAN = "urban_rural_construction"


def _admin(client, runtime):
    make_user(runtime, "root", role="admin")
    sign_in_with_form(client, "root")


def test_an_admin_creates_an_agent_with_departments_and_languages_who_can_then_sign_in(client, runtime):
    _admin(client, runtime)
    form = {
        "username": "zhao.agent", "display_name": "赵", "role": "agent", "language": "zh", "speaks_zh": "1",
        "speaks_en": "1", "active": "1", "password": "a long enough password",
        "department_ids": [str(department_id(runtime, URBAN))], "csrf_token": csrf_token(client, "/admin/users/new"),
    }  # fmt: skip
    assert client.post("/admin/users/new", data=form).status_code == 302
    with Session(runtime.engine) as session:
        user = session.exec(select(User).where(User.username == "zhao.agent")).one()
        links = session.exec(select(UserDepartment).where(UserDepartment.user_id == user.id)).all()
    assert user.role == "agent" and user.languages == "zh,en" and len(links) == 1
    client.post("/signout", data={"csrf_token": csrf_token(client, "/admin/users")})
    assert sign_in_with_form(client, "zhao.agent", "a long enough password").status_code == 302


def test_an_admin_gives_a_supervisor_a_mobile_and_an_email_for_urgent_alerts(client, runtime):
    _admin(client, runtime)
    form = {
        "username": "duty", "role": "supervisor", "language": "zh", "active": "1",
        "password": "a long enough password", "phone": "139 0013 9000", "email": "Duty@County.example",
        "csrf_token": csrf_token(client, "/admin/users/new"),
    }  # fmt: skip
    assert client.post("/admin/users/new", data=form).status_code == 302
    with Session(runtime.engine) as session:
        user = session.exec(select(User).where(User.username == "duty")).one()
    assert (user.phone, user.email) == ("+8613900139000", "Duty@county.example")
    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert 'value="+8613900139000"' in page


def test_a_mobile_that_cannot_take_texts_is_refused_and_nothing_is_saved(client, runtime):
    _admin(client, runtime)
    form = {"username": "duty", "role": "supervisor", "password": "a long enough password", "phone": "12",
            "csrf_token": csrf_token(client, "/admin/users/new")}  # fmt: skip
    response = client.post("/admin/users/new", data=form)
    assert response.status_code == 400 and "not a phone number" in response.get_data(as_text=True)
    with Session(runtime.engine) as session:
        assert session.exec(select(User).where(User.username == "duty")).first() is None


def test_a_short_password_is_refused_and_no_user_is_created(client, runtime):
    _admin(client, runtime)
    token = csrf_token(client, "/admin/users/new")
    form = {"username": "weak", "role": "agent", "password": "short", "csrf_token": token}
    response = client.post("/admin/users/new", data=form)
    assert response.status_code == 400 and "at least 12 characters" in response.get_data(as_text=True)
    with Session(runtime.engine) as session:
        assert session.exec(select(User).where(User.username == "weak")).first() is None


def test_editing_keywords_updates_the_database_and_the_exported_catalogue(client, runtime):
    _admin(client, runtime)
    env = department_id(runtime, "environment")
    form = {"name_zh": "环境保护", "name_en": "Environment", "keywords": "噪音，油烟\nnoise", "active": "1"}
    client.post(f"/admin/departments/{env}", data={**form, "csrf_token": csrf_token(client, "/admin/departments")})
    with Session(runtime.engine) as session:
        assert session.get(Department, env).keywords == ["噪音", "油烟", "noise"]
    exported = client.get("/admin/departments/export")
    assert exported.headers["Content-Disposition"] == 'attachment; filename="departments.toml"'
    written = tomllib.loads(exported.get_data(as_text=True))
    [entry] = [d for d in written["department"] if d["code"] == "environment"]
    assert entry["keywords"] == ["噪音", "油烟", "noise"] and entry["name_en"] == "Environment"
    assert not (runtime.settings.data_dir / "departments.toml").exists()  # no host keeps its own copy


def test_a_csv_taxonomy_import_adds_its_first_level_categories(client, runtime):
    _admin(client, runtime)
    csv = "level1,level2,level3\n城乡建设,安全生产,事故处理\n乡村振兴,农业,种植\n乡村振兴,农业,养殖\n".encode()
    response = _upload(client, "taxonomy.csv", csv)
    assert "Imported: 1 departments." in response.get_data(as_text=True)
    with Session(runtime.engine) as session:
        assert session.exec(select(Department).where(Department.name_zh == "乡村振兴")).one().active


def test_a_taxonomy_larger_than_a_webhook_body_can_be_imported(client, runtime):
    _admin(client, runtime)
    rows = "".join(f"城乡建设,市政设施,第{i}项细类\n" for i in range(6000))  # ~200 KB, above MAX_BODY_BYTES
    csv = ("level1,level2,level3\n" + rows).encode()
    assert len(csv) > runtime.settings.max_body_bytes
    response = _upload(client, "taxonomy.csv", csv)
    assert response.status_code == 200 and "Imported:" in response.get_data(as_text=True)


def test_a_bad_catalogue_is_refused_with_the_reason_and_changes_nothing(client, runtime):
    _admin(client, runtime)
    with Session(runtime.engine) as session:
        before = session.exec(select(Department.code, Department.active)).all()
    two_triage = b'[[department]]\ncode="a"\nname_zh="A"\nname_en="A"\ntriage=true\n' * 2
    response = _upload(client, "catalogue.toml", two_triage)
    assert response.status_code == 400 and "duplicate department codes: a" in response.get_data(as_text=True)
    no_column = _upload(client, "taxonomy.csv", b"name\nfoo\n")
    assert no_column.status_code == 400 and "no level1 column" in no_column.get_data(as_text=True)
    with Session(runtime.engine) as session:
        assert session.exec(select(Department.code, Department.active)).all() == before


def _upload(client, name: str, data: bytes):
    import io

    token = csrf_token(client, "/admin/departments")
    return client.post(
        "/admin/departments/import",
        data={"catalogue": (io.BytesIO(data), name), "csrf_token": token},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_a_script_in_a_message_or_a_name_is_shown_as_text(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    case = text_in(client, runtime, body="路灯<script>alert(1)</script>坏了")
    sign_in_with_form(client, "li.agent")
    page = client.get(f"/cases/{case.reference}")
    html = page.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "<script>alert" not in client.get("/inbox?folder=unassigned").get_data(as_text=True)


def test_an_html_attachment_is_served_as_a_download_that_cannot_run(client, runtime, twilio):
    make_user(runtime, "li.agent", departments=(URBAN,))
    case = text_in(client, runtime)
    runtime.blobs.put("media/evil.html", io.BytesIO(b"<script>alert(1)</script>"))
    with Session(runtime.engine) as session:
        contact = session.exec(select(Interaction).where(Interaction.case_id == case.id)).first()
        evil = Attachment(interaction_id=contact.id, path="media/evil.html", filename="evil<b>.html")
        session.add(evil.sqlmodel_update({"content_type": "text/html"}))
        session.add(Attachment(interaction_id=contact.id, path="media/../../etc/passwd", content_type="text/plain"))
        session.commit()
    sign_in_with_form(client, "li.agent")
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "evil&lt;b&gt;.html" in page and "evil<b>" not in page
    response = client.get("/attachments/1")
    assert response.status_code == 200 and response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert client.get("/attachments/2").status_code == 404  # outside the media store


def _validator(client, name: str) -> jsonschema.Draft202012Validator:
    spec = client.get("/api/openapi.json").get_json()
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    return jsonschema.Draft202012Validator(schema)


def test_api_answers_match_the_served_openapi_description(client, runtime, twilio):
    case = text_in(client, runtime)
    bearer = {"Authorization": f"Bearer {runtime.settings.api_token}"}
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.") and "/api/cases/{reference}/transfers" in spec["paths"]
    answers = {
        "CaseList": client.get("/api/cases?q=路灯", headers=bearer),
        "CaseDetail": client.get(f"/api/cases/{case.reference}", headers=bearer),
        "Messages": client.get(f"/api/cases/{case.reference}/messages", headers=bearer),
        "Message": client.post(f"/api/cases/{case.reference}/replies", json={"text": "收到"}, headers=bearer),
        "Note": client.post(f"/api/cases/{case.reference}/notes", json={"text": "备注"}, headers=bearer),
        "Case": client.post(
            f"/api/cases/{case.reference}/transfers",
            json={"department": "environment", "reason": "噪音"},
            headers=bearer,
        ),
        "Citizen": client.get(f"/api/citizens/{case.citizen_id}", headers=bearer),
        "Error": client.post(f"/api/cases/{case.reference}/notes", json={"text": ""}, headers=bearer),
    }
    for schema, response in answers.items():
        assert response.status_code < 500, schema
        _validator(client, schema).validate(response.get_json())
    assert answers["Case"].get_json()["transfer_count"] == 1
    assert answers["Error"].status_code == 400 and "text" in answers["Error"].get_json()["error"]
    assert client.get("/api/cases?limit=0", headers=bearer).status_code == 400


def test_a_refused_user_form_keeps_what_the_admin_typed(client, runtime):

    make_user(runtime, "root", role="admin")
    make_user(runtime, "taken")
    sign_in_with_form(client, "root")
    urban = department_id(runtime, "urban_rural_construction")
    form = {
        "csrf_token": csrf_token(client, "/admin/users/new"), "username": "taken", "display_name": "李四",
        "role": "supervisor", "language": "en", "speaks_en": "1", "department_ids": [str(urban)],
        "phone": "+8613800138000", "email": "li.si@example.gov.cn", "active": "1", "password": "long-enough-pw",
    }  # fmt: skip
    answer = client.post("/admin/users/new", data=form)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "Choose a username that is not taken." in page
    for kept in ('value="taken"', 'value="李四"', 'value="+8613800138000"', 'value="li.si@example.gov.cn"'):
        assert kept in page
    assert '<option value="supervisor" selected>' in page
    assert f'value="{urban}" checked' in page
    assert "long-enough-pw" not in page  # a password is never sent back
