"""With S3-compatible storage, a photo a worker keeps opens on any web host, and an unreachable store delays
the file, never the message."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select

from channels.models import Attachment
from feedback.cases.models import Case
from jobs import media
from tests.helpers.processes import free_port
from tests.helpers.servers import s3
from tests.helpers.staff import make_user, sign_in_with_form
from tests.helpers.telegram import post_update, update
from tests.helpers.worker import work

PICTURE = b"\xff\xd8\xff\xe0" + b"\x00" * 2044
PORT = free_port()


@pytest.fixture
def settings(settings):
    return settings.with_overrides(**s3.settings_for(f"http://127.0.0.1:{PORT}"))


def _photo_case(client, runtime, telegram) -> Case:
    telegram.add_file("AgACAgUAAxkBAAIBQ2Vx-large", "photos/file_12.jpg", PICTURE)
    post_update(client, update("photo"))
    work(runtime)
    with Session(runtime.engine) as session:
        case = session.exec(select(Case)).one()
    make_user(runtime, "mine", departments=(case.department_id,))
    sign_in_with_form(client, "mine")
    return case


def test_a_photo_kept_by_the_worker_is_served_from_object_storage_not_the_local_disk(client, runtime, telegram):
    with s3.serve(port=PORT):
        _photo_case(client, runtime, telegram)
        with Session(runtime.engine) as session:
            attachment = session.exec(select(Attachment)).one()
        assert not (runtime.settings.data_dir / "media").exists()  # nothing on this host's disk
        answer = client.get(f"/attachments/{attachment.id}")
        assert answer.status_code == 200 and answer.data == PICTURE
        assert runtime.blobs.exists(attachment.path)


def test_with_the_store_down_the_case_opens_the_agent_sees_attachment_pending_and_the_file_comes_later(
    client, runtime, telegram
):
    case = _photo_case(client, runtime, telegram)  # no server on PORT yet
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "attachment pending" in page and case.summary == "路面塌陷了，就在学校门口"
    with s3.serve(port=PORT):
        assert media.fetch_pending() == 1
        page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
        assert "attachment pending" not in page
        [attachment_id] = re.findall(r'href="/attachments/(\d+)"', page)
        assert client.get(f"/attachments/{attachment_id}").data == PICTURE


def test_healthz_reports_the_object_store_without_taking_the_web_host_out(client):
    down = client.get("/healthz")
    assert down.status_code == 200 and down.get_json()["blobs"] == "error: BlobUnavailable"
    with s3.serve(port=PORT):
        assert client.get("/healthz").get_json()["blobs"] == "ok"
