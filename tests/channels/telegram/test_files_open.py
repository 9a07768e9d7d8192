"""A citizen's Telegram files, stored by the real channel and worker, open for staff of the case's department only."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

from PIL import Image
from sqlmodel import Session, select

from channels.models import Attachment
from feedback.cases.models import Case
from staff.models import Department
from tests.helpers.staff import make_user, sign_in_with_form
from tests.helpers.telegram import post_update, update
from tests.helpers.worker import work


def _photo(width: int = 1600, height: int = 1200) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(out, "JPEG")
    return out.getvalue()


def _case_with(client, runtime, telegram, fixture: str, file_id: str, remote: str, data: bytes) -> Case:
    telegram.add_file(file_id, remote, data)
    post_update(client, update(fixture))
    work(runtime)
    with Session(runtime.engine) as session:
        return session.exec(select(Case)).one()


def _staff(runtime, case: Case) -> None:
    """Make `mine` (the case's department) and `other` (any other department)."""
    with Session(runtime.engine) as session:
        other = session.exec(select(Department.id).where(Department.id != case.department_id)).first()
    make_user(runtime, "mine", departments=(case.department_id,))
    make_user(runtime, "other", departments=(other,))


def test_a_telegram_photo_shows_as_a_thumbnail_and_opens_full_size_for_the_cases_department(client, runtime, telegram):
    picture = _photo()
    case = _case_with(client, runtime, telegram, "photo", "AgACAgUAAxkBAAIBQ2Vx-large", "photos/file_12.jpg", picture)
    _staff(runtime, case)
    sign_in_with_form(client, "mine")
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    [attachment_id] = re.findall(r'<img class="thumbnail" src="/attachments/(\d+)/thumbnail"', page)
    assert f'href="/attachments/{attachment_id}"' in page
    full = client.get(f"/attachments/{attachment_id}")
    assert full.status_code == 200 and full.data == picture and full.mimetype == "image/jpeg"
    small = client.get(f"/attachments/{attachment_id}/thumbnail")
    assert small.status_code == 200 and small.mimetype == "image/jpeg" and len(small.data) < len(picture)
    assert max(Image.open(io.BytesIO(small.data)).size) == 320
    client.post("/signout", data={"csrf_token": _token(client)})
    sign_in_with_form(client, "other")
    assert client.get(f"/attachments/{attachment_id}").status_code == 404
    assert client.get(f"/attachments/{attachment_id}/thumbnail").status_code == 404


def test_a_telegram_document_downloads_under_the_name_the_citizen_gave_it(client, runtime, telegram):
    case = _case_with(client, runtime, telegram, "document", "BQACAgUAAxkBAAIBRWVx-doc", "documents/f.pdf", b"%PDF-1.4")
    _staff(runtime, case)
    sign_in_with_form(client, "mine")
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "申请表.pdf" in page
    [attachment_id] = re.findall(r'<a href="/attachments/(\d+)"[^>]* download>', page)
    answer = client.get(f"/attachments/{attachment_id}")
    disposition = answer.headers["Content-Disposition"]
    assert answer.data == b"%PDF-1.4" and disposition.startswith("attachment")
    assert "申请表.pdf" in unquote(disposition)


def test_a_telegram_voice_note_plays_in_an_audio_player(client, runtime, telegram):
    voice = b"OggS" + b"\x00" * 1000
    case = _case_with(client, runtime, telegram, "voice", "AwACAgUAAxkBAAIBRGVx-voice", "voice/file_3.oga", voice)
    _staff(runtime, case)
    sign_in_with_form(client, "mine")
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    [attachment_id] = re.findall(r'<audio controls preload="none" src="/attachments/(\d+)">', page)
    answer = client.get(f"/attachments/{attachment_id}")
    assert answer.status_code == 200 and answer.data == voice and answer.mimetype == "audio/ogg"
    with Session(runtime.engine) as session:
        assert session.get(Attachment, int(attachment_id)).path.startswith("media/")


def _token(client) -> str:
    from tests.helpers.staff import csrf_token

    return csrf_token(client, "/inbox")
