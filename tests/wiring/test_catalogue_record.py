"""The database is the department catalogue's record: a process starting on another host, with an old
departments.toml of its own, never undoes an admin's edit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import Session, select

from staff.catalogue import DEFAULT_CATALOGUE
from staff.models import Department
from tests.helpers.staff import csrf_token, department_id, make_user, sign_in_with_form

ROOT = Path(__file__).resolve().parents[2]


def _start_a_process_on_another_host(runtime, data_dir: Path) -> None:
    """Start the service's bootstrap in a new process with its own data directory (and its old catalogue)."""
    data_dir.mkdir(parents=True)
    (data_dir / "departments.toml").write_bytes(DEFAULT_CATALOGUE.read_bytes())  # as shipped, before the edit
    env = dict(
        os.environ,
        DATABASE_URL=runtime.settings.effective_database_url,
        REDIS_URL=runtime.settings.redis_url,
        CIVICLINE_DATA_DIR=str(data_dir),
        SECRET_KEY="test-secret",
    )
    code = "from wiring import bootstrap; bootstrap.build_runtime()"
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True, timeout=120)


def test_a_department_renamed_on_the_admin_page_stays_renamed_after_another_host_starts(client, runtime, tmp_path):
    make_user(runtime, "root", role="admin")
    sign_in_with_form(client, "root")
    env = department_id(runtime, "environment")
    form = {"name_zh": "生态环境局", "name_en": "Ecology Bureau", "keywords": "噪音", "active": "1"}
    client.post(f"/admin/departments/{env}", data={**form, "csrf_token": csrf_token(client, "/admin/departments")})
    _start_a_process_on_another_host(runtime, tmp_path / "worker-host")
    with Session(runtime.engine) as session:
        dept = session.get(Department, env)
    assert (dept.name_zh, dept.name_en, dept.keywords) == ("生态环境局", "Ecology Bureau", ["噪音"])
    assert "生态环境局" in client.get("/admin/departments").get_data(as_text=True)


def test_a_new_install_is_seeded_from_the_data_directorys_catalogue_once(runtime, tmp_path):
    with Session(runtime.engine) as session:
        before = len(session.exec(select(Department)).all())
    _start_a_process_on_another_host(runtime, tmp_path / "second")
    with Session(runtime.engine) as session:
        assert len(session.exec(select(Department)).all()) == before > 0  # seeded by the first start only


def test_departments_import_replaces_and_export_writes_what_the_database_holds(runtime, tmp_path):
    from app import create_app

    runner = create_app(runtime=runtime).test_cli_runner()
    exported = tmp_path / "out.toml"
    assert "catalogue written" in runner.invoke(args=["departments", "export", str(exported)]).output
    edited = exported.read_text(encoding="utf-8").replace('name_en = "Environment', 'name_en = "Green Office', 1)
    exported.write_text(edited, encoding="utf-8")
    result = runner.invoke(args=["departments", "import", str(exported)])
    assert result.exit_code == 0 and "departments loaded" in result.output
    assert "Green Office" in runner.invoke(args=["departments", "export"]).output


def test_a_duty_phone_travels_with_the_catalogue_and_a_file_without_one_leaves_it(runtime, tmp_path):
    from app import create_app

    runner = create_app(runtime=runtime).test_cli_runner()
    with Session(runtime.engine) as session:
        session.get(Department, department_id(runtime, "transport")).duty_phone = "+8657188880001"
        session.commit()
    exported = tmp_path / "out.toml"
    runner.invoke(args=["departments", "export", str(exported)])
    text = exported.read_text(encoding="utf-8")
    assert 'duty_phone = "+8657188880001"' in text

    other = create_app(runtime=runtime).test_cli_runner()
    exported.write_text(text.replace('"+8657188880001"', '"+86 571 8888 0002"'), encoding="utf-8")
    assert other.invoke(args=["departments", "import", str(exported)]).exit_code == 0
    exported.write_text(text.replace('duty_phone = "+8657188880001"\n', ""), encoding="utf-8")  # an older file
    assert other.invoke(args=["departments", "import", str(exported)]).exit_code == 0
    with Session(runtime.engine) as session:
        assert session.get(Department, department_id(runtime, "transport")).duty_phone == "+8657188880002"

    exported.write_text(text.replace('"+8657188880001"', '"88880002"'), encoding="utf-8")
    refused = other.invoke(args=["departments", "import", str(exported)])
    assert refused.exit_code != 0 and "'duty_phone' must be a phone number in +E.164 form" in refused.output
    with Session(runtime.engine) as session:
        assert session.get(Department, department_id(runtime, "transport")).duty_phone == "+8657188880002"
