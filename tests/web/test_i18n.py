"""Staff who read Chinese see every staff page in Chinese, and no message can ship without its translation."""

from __future__ import annotations

import importlib.util

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from sqlmodel import Session

from feedback.cases.models import Case
from tests.helpers import REPO
from tests.helpers.cases import quick_case
from tests.helpers.staff import make_user, sign_in_with_form


def _script():
    spec = importlib.util.spec_from_file_location("zh_messages", REPO / "scripts" / "zh_messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def _reads_chinese(page: str, chinese: tuple[str, ...], english: tuple[str, ...]) -> None:
    assert [words for words in chinese if words not in page] == []
    assert [words for words in english if words in page] == []


def _reference(runtime, case_id: int) -> str:
    with Session(runtime.engine) as session:
        return session.get(Case, case_id).reference


def test_a_supervisor_reading_chinese_sees_the_inbox_a_case_and_the_dashboard_in_chinese(client, runtime):
    make_user(runtime, "wang.supervisor", role="supervisor", language="zh")
    reference = _reference(runtime, quick_case(runtime))
    sign_in_with_form(client, "wang.supervisor")
    inbox = _page(client, "/inbox")
    _reads_chinese(inbox, ("收件箱", "待认领", "统计看板"), ("Inbox", "Unassigned", "Dashboard", "Search"))
    case = _page(client, f"/cases/{reference}")
    _reads_chinese(
        case,
        ("答复群众", "内部备注", "发送答复并办结", "并入此群众", "转办"),
        ("Reply to the citizen", "Send answer and resolve", "Merge into this citizen", "Other record", "Undo"),
    )
    dashboard = _page(client, "/dashboard/")
    _reads_chinese(
        dashboard,
        ("督办统计看板", "指标说明", "积压工单", "按部门", "不足 1 天"),
        ("Supervisors", "Definitions", "Backlog", "By department", "cases opened", "< 1 day", "open now"),
    )
    extensions = _page(client, "/sla/extensions")
    _reads_chinese(extensions, ("延期申请", "没有待审批的申请"), ("Extension requests", "No requests are waiting"))


def test_an_admin_reading_chinese_sees_the_knowledge_base_and_time_limits_in_chinese(client, runtime):
    make_user(runtime, "zhao.admin", role="admin", language="zh")
    sign_in_with_form(client, "zhao.admin")
    knowledge = _page(client, "/knowledge/admin/")
    _reads_chinese(
        knowledge,
        ("知识库", "新建知识条目", "标题包含", "一次办结"),
        ("Knowledge base", "New article", "Import articles", "Title contains", "Filter"),
    )
    sla = _page(client, "/admin/sla")
    _reads_chinese(
        sla,
        ("办理时限设置", "时限规则", "工作日历", "节假日与调休上班日"),
        ("Time limits", "Policies", "Working calendar", "Holidays and make-up", "First response", "Delete"),
    )


def test_an_admin_reading_english_still_sees_english(client, runtime):
    make_user(runtime, "lee.admin", role="admin", language="en")
    sign_in_with_form(client, "lee.admin")
    _reads_chinese(_page(client, "/admin/sla"), ("Time limits (SLA)", "Working calendar"), ("办理时限设置", "工作日历"))
    _reads_chinese(_page(client, "/knowledge/admin/"), ("Knowledge base", "New article"), ("知识库", "新建知识条目"))


def test_every_message_on_the_staff_pages_has_its_chinese_and_the_shipped_catalogue_is_current():
    script = _script()
    catalog = script.extract()
    assert script.problems(catalog) == []
    with open(REPO / "web" / "translations" / "zh" / "LC_MESSAGES" / "messages.mo", "rb") as handle:
        shipped = {message.id: message.string for message in read_mo(handle) if message.id}
    fresh = {message.id: message.string for message in catalog if message.id}
    assert shipped == fresh, "run `make translations` and commit the catalogue"


def test_a_new_message_without_chinese_or_with_a_lost_placeholder_is_reported():
    script = _script()
    catalog = Catalog(locale="zh")
    catalog.add("A sentence nobody has translated yet", None, [("web/new.html", 1)])
    assert script.problems(catalog) == ["untranslated: 'A sentence nobody has translated yet'"]
    script.ZH["Hello %(name)s"] = "你好"
    assert "placeholders differ: 'Hello %(name)s' -> '你好'" in script.problems(Catalog(locale="zh"))


def test_a_chinese_reader_sees_the_timeline_its_actors_roles_and_time_units_in_chinese(client, runtime):
    from feedback.cases import assignment
    from staff.models import User

    make_user(runtime, "wang.supervisor", role="admin", language="zh")
    agent_id = make_user(runtime, "li.agent", departments=("urban_rural_construction",), language="zh")
    case_id = quick_case(runtime)
    with runtime.session() as session:
        case = session.get(Case, case_id)
        case.status, case.assignee_id = "new", None
        assignment.assign(session, case, session.get(User, agent_id))
        reference = case.reference
    sign_in_with_form(client, "wang.supervisor")
    page = _page(client, f"/cases/{reference}")
    assert "自动分派给 li.agent" in page and "auto-assigned to" not in page
    assert "智能分派 ·" in page and "router ·" not in page
    assert "(管理员)" in page
    assert "工作日" in _page(client, "/admin/sla")
    assert "<td>坐席</td>" in _page(client, "/admin/users")
