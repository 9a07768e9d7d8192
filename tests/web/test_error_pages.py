"""403, 404 and 500 are pages in the app's layout and the reader's language; integrations still get JSON."""

from __future__ import annotations

from tests.helpers.cases import text_in
from tests.helpers.staff import make_user, sign_in_with_form


def test_another_departments_case_is_a_404_page_in_chinese_with_the_menu(client, runtime, twilio):
    make_user(runtime, "zhang", departments=("environment",), language="zh")
    case = text_in(client, runtime)
    sign_in_with_form(client, "zhang")
    answer = client.get(f"/cases/{case.reference}")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 404
    assert "未找到" in page and "返回收件箱" in page and 'class="topbar"' in page
    assert "路灯" not in page  # nothing of the case shows


def test_a_page_above_the_users_role_is_a_403_page_in_english_for_an_english_reader(client, runtime):
    make_user(runtime, "li", language="en")
    sign_in_with_form(client, "li")
    answer = client.get("/admin/users")
    assert answer.status_code == 403
    assert "Not allowed" in answer.get_data(as_text=True) and "Back to the inbox" in answer.get_data(as_text=True)


def test_a_failure_is_a_500_page_and_the_api_keeps_json(app, client, runtime):
    def fail():
        raise RuntimeError("secret detail of the failure")

    app.add_url_rule("/boom-for-the-test", "boom", fail)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    make_user(runtime, "li", language="en")
    sign_in_with_form(client, "li")
    answer = client.get("/boom-for-the-test")
    assert answer.status_code == 500 and "Something went wrong" in answer.get_data(as_text=True)
    assert "secret detail" not in answer.get_data(as_text=True)
    missing = client.get("/api/cases/000000000", headers={"Authorization": "Bearer test-api-token"})
    assert missing.status_code == 404 and missing.is_json
