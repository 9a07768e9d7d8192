"""The knowledge admin pages: only admins, articles written and edited through forms, imports followed to the end."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from knowledge.models import Article, KnowledgeAnswer
from tests.helpers import FIXTURES
from tests.helpers.knowledge import article, load_seed, receive
from tests.helpers.staff import make_user, sign_in_with_cookie
from tests.helpers.worker import work

NEW = {
    "title": "图书馆开放时间",
    "questions": "县图书馆几点开门？\n图书馆周一开吗？",
    "short_answer": "县图书馆周二至周日 9:00-20:00 开放，周一闭馆。",
    "body": "",
    "language": "zh",
    "department": "education_culture_sport",
    "keywords": "图书馆, 借书, 开放时间",
    "published": "y",
    "reviewed_on": "2026-11-01",
}


@pytest.fixture
def admin(client, runtime):
    sign_in_with_cookie(client, make_user(runtime, "admin", role="admin"))
    return client


def csrf(page) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def test_agents_and_supervisors_are_refused_and_strangers_are_not_let_in(client, runtime):
    stranger = client.get("/knowledge/admin/")
    assert stranger.status_code == 302 and "/signin" in stranger.headers["Location"]
    sign_in_with_cookie(client, make_user(runtime, "supervisor", role="supervisor"))
    assert client.get("/knowledge/admin/").status_code == 403
    assert client.post("/knowledge/admin/new", data=NEW).status_code in (400, 403)  # no CSRF token, no role


def test_the_list_shows_each_article_with_how_often_its_answers_ended_the_matter(admin, runtime):
    load_seed(runtime)
    receive(runtime, "sms", "tel:+8613800000001", "失业金怎么申请")
    with Session(runtime.engine) as session:
        [answer] = session.exec(select(KnowledgeAnswer))
        answer.created_at -= timedelta(days=8)
        answer.window_ends_at -= timedelta(days=8)
        session.add(answer)
        session.commit()
        article_id = answer.article_id
    page = admin.get("/knowledge/admin/?language=zh").get_data(as_text=True)
    row = re.search(rf'<tr class="article" data-id="{article_id}">(.*?)</tr>', page, re.S).group(1)
    assert "失业登记与失业保险金" in row and "100% (1)" in row
    assert "Government service centre opening hours" not in page


def test_the_list_filters_by_title_and_pages_through_many_articles(admin, runtime, monkeypatch):
    from web import knowledge_pages

    load_seed(runtime)
    monkeypatch.setattr(knowledge_pages, "PAGE_SIZE", 20)
    titles = re.compile(r'<tr class="article" data-id="\d+">\s*<td><a [^>]*>([^<]*)</a>')
    first = admin.get("/knowledge/admin/").get_data(as_text=True)
    second = admin.get("/knowledge/admin/?page=3").get_data(as_text=True)
    assert len(titles.findall(first)) == 20 and len(titles.findall(second)) == 51 - 40
    assert "page=2" in first and "page=4" not in second
    assert sorted(titles.findall(admin.get("/knowledge/admin/?q=身份证").get_data(as_text=True))) == [
        "临时身份证办理",
        "身份证丢失补办",
        "身份证到期换领",
        "身份证首次申领",
    ]


def test_an_admin_writes_an_article_and_the_bot_answers_with_it_at_once(admin, runtime):
    form = admin.get("/knowledge/admin/new")
    response = admin.post("/knowledge/admin/new", data={**NEW, "csrf_token": csrf(form)})
    assert response.status_code == 302
    saved = article(runtime, "图书馆开放时间")
    assert saved.questions == ["县图书馆几点开门？", "图书馆周一开吗？"] and saved.keywords == [
        "图书馆",
        "借书",
        "开放时间",
    ]
    assert saved.published and saved.reviewed_on.isoformat() == "2026-11-01"

    receive(runtime, "sms", "tel:+8613800000002", "图书馆星期一开门吗")
    with Session(runtime.engine) as session:
        assert session.exec(select(KnowledgeAnswer)).one().article_id == saved.id


def test_a_short_answer_too_long_for_two_sms_is_refused_and_nothing_is_saved(admin, runtime):
    form = admin.get("/knowledge/admin/new")
    response = admin.post("/knowledge/admin/new", data={**NEW, "short_answer": "开" * 200, "csrf_token": csrf(form)})
    assert response.status_code == 400
    assert "short answer has 200 characters; at most 134 fit in two SMS" in response.get_data(as_text=True)
    with Session(runtime.engine) as session:
        assert session.exec(select(Article)).all() == []


def test_a_form_posted_without_its_csrf_token_is_refused(admin, runtime):
    assert admin.post("/knowledge/admin/new", data=NEW).status_code == 400
    with Session(runtime.engine) as session:
        assert session.exec(select(Article)).all() == []


def test_editing_shows_the_article_and_saves_changes(admin, runtime):
    load_seed(runtime)
    target = article(runtime, "结婚登记")
    page = admin.get(f"/knowledge/admin/{target.id}/edit")
    assert "结婚登记需要带什么？" in page.get_data(as_text=True)
    data = {**NEW, "title": "结婚登记", "department": "civil_affairs", "published": "", "csrf_token": csrf(page)}
    assert admin.post(f"/knowledge/admin/{target.id}/edit", data=data).status_code == 302
    edited = article(runtime, "结婚登记")
    assert edited.id == target.id and not edited.published and edited.short_answer == NEW["short_answer"]
    assert admin.get("/knowledge/admin/999999/edit").status_code == 404


def test_titles_and_answers_are_shown_escaped(admin, runtime):
    form = admin.get("/knowledge/admin/new")
    admin.post("/knowledge/admin/new", data={**NEW, "title": "<script>alert(1)</script>", "csrf_token": csrf(form)})
    page = admin.get("/knowledge/admin/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_upload_is_imported_by_a_worker_and_its_progress_page_reports_the_bad_lines(admin, runtime):
    form = admin.get("/knowledge/admin/import")
    upload = (FIXTURES / "knowledge" / "articles_with_bad_rows.csv").read_bytes()
    response = admin.post(
        "/knowledge/admin/import",
        data={"file": (io.BytesIO(upload), "articles.csv"), "csrf_token": csrf(form)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    progress_page = response.headers["Location"]
    assert "<progress" in admin.get(progress_page).get_data(as_text=True)
    assert admin.get(progress_page + ".json").get_json()["status"] == "queued"

    work(runtime)

    status = admin.get(progress_page + ".json").get_json()
    assert status["status"] == "finished" and status["done"] == status["total"] == 9
    assert (status["report"]["created"], [p["line"] for p in status["report"]["problems"]]) == (
        2,
        [3, 8, 9, 10, 11, 12, 13],
    )
    assert article(runtime, "Fishing permit").department_id is not None  # the good rows are in


def test_a_file_that_is_not_an_article_file_is_reported_by_the_job(admin, runtime):
    form = admin.get("/knowledge/admin/import")
    response = admin.post(
        "/knowledge/admin/import",
        data={"file": (io.BytesIO(b"name,answer\nx,y\n"), "other.csv"), "csrf_token": csrf(form)},
        content_type="multipart/form-data",
    )
    work(runtime)
    report = admin.get(response.headers["Location"] + ".json").get_json()["report"]
    assert "lacks the column(s) title, short_answer, language" in report["error"]


def test_an_unknown_import_job_is_not_found(admin):
    assert admin.get("/knowledge/admin/import/not-a-job.json").status_code == 404
    assert admin.get("/knowledge/admin/import/0123456789abcdef0123456789abcdef.json").status_code == 404


def test_an_import_file_larger_than_a_webhook_body_is_accepted(admin, runtime):
    rows = ["title,short_answer,body,language"] + [f"Topic {n},Answer {n}.,{'Details. ' * 40},en" for n in range(300)]
    upload = "\n".join(rows).encode()
    assert len(upload) > runtime.settings.max_body_bytes
    form = admin.get("/knowledge/admin/import")
    response = admin.post(
        "/knowledge/admin/import",
        data={"file": (io.BytesIO(upload), "many.csv"), "csrf_token": csrf(form)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    work(runtime)
    status = admin.get(response.headers["Location"] + ".json").get_json()
    assert status["done"] == status["total"] == 300 and status["report"]["created"] == 300
