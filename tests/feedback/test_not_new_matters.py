"""Messages that are not new matters: status questions, STOP / 退订, thanks, and which of several cases."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from channels.models import Interaction
from feedback.answers.resolution import resolve_with_answer
from feedback.cases import lifecycle
from feedback.cases.models import Case, CaseEvent
from feedback.cases.reference import new_reference
from router.identity.models import Citizen
from staff.models import Department
from tests.helpers.cases import case_events, outbound, quick_case, text_in
from tests.helpers.twilio import CITIZEN

STRANGER = "+8613911112222"


def _cases(runtime) -> int:
    with Session(runtime.engine) as session:
        return session.exec(select(func.count()).select_from(Case)).one()


def _last_reply(runtime, to: str = CITIZEN) -> Interaction:
    with Session(runtime.engine) as session:
        query = select(Interaction).where(Interaction.direction == "out", Interaction.urn == "tel:" + to)
        return session.exec(query.order_by(col(Interaction.id).desc())).first()


def _case(runtime, case_id: int) -> Case:
    with Session(runtime.engine) as session:
        return session.get(Case, case_id)


def test_the_owner_asking_by_reference_gets_that_cases_status_and_no_case_is_opened(client, runtime, twilio):
    case = text_in(client, runtime, "村口的路灯坏了三天了")
    text_in(client, runtime, f"查询 {case.reference}")
    reply = _last_reply(runtime)
    assert case.reference in reply.text and "城乡建设" in reply.text and "已受理" in reply.text
    assert _cases(runtime) == 1
    assert [e.kind for e in case_events(runtime, case.id)] == ["opened"]  # read, not added as new information


def test_a_stranger_asking_by_reference_is_refused_politely_and_learns_nothing(client, runtime, twilio):
    case = text_in(client, runtime, "村口的路灯坏了三天了")
    text_in(client, runtime, f"查询 {case.reference}", sender=STRANGER)
    reply = _last_reply(runtime, STRANGER)
    assert "未查到您名下" in reply.text and "城乡建设" not in reply.text and "已受理" not in reply.text
    unused = next(r for r in iter(new_reference, None) if r != case.reference)
    text_in(client, runtime, f"查询 {unused}", sender=STRANGER)  # no such case at all: the very same answer
    assert _last_reply(runtime, STRANGER).text == reply.text.replace(case.reference, unused)
    assert _cases(runtime) == 1


def test_a_mistyped_reference_is_pointed_out(client, runtime, twilio):
    case = text_in(client, runtime, "村口的路灯坏了三天了")
    wrong = case.reference[:-1] + str((int(case.reference[-1]) + 1) % 10)
    text_in(client, runtime, f"查询{wrong}")
    assert "有误" in _last_reply(runtime).text and _cases(runtime) == 1


def test_stop_and_tuiding_are_recorded_confirmed_and_open_nothing(client, runtime, twilio):
    text_in(client, runtime, "退订")
    with Session(runtime.engine) as session:
        citizen = session.exec(select(Citizen)).one()
    assert citizen.opted_out_at is not None and citizen.opted_out_via == "tel:" + CITIZEN
    assert "已为您退订" in _last_reply(runtime).text and _cases(runtime) == 0
    text_in(client, runtime, "START")
    with Session(runtime.engine) as session:
        assert session.exec(select(Citizen)).one().opted_out_at is None
    text_in(client, runtime, "STOP", sender=STRANGER)
    assert (
        "no more surveys" in _last_reply(runtime, STRANGER).text or "已为您退订" in _last_reply(runtime, STRANGER).text
    )
    assert _cases(runtime) == 0


def test_stop_inside_a_sentence_is_a_matter(client, runtime, twilio):
    text_in(client, runtime, "the bus stop on Main Street has no shelter, please stop ignoring it")
    assert _cases(runtime) == 1


def test_a_citizen_who_opted_out_gets_the_answer_but_no_survey(client, runtime, twilio):
    case = text_in(client, runtime, "村口的路灯坏了三天了")
    text_in(client, runtime, "退订")
    with runtime.session() as session:
        resolve_with_answer(session, session.get(Case, case.id), "路灯已修好。", "agent")
    assert [m.text for m in outbound(runtime, "answer")] == ["路灯已修好。"]
    assert outbound(runtime, "survey") == []


def test_thanks_after_the_answer_neither_reopens_the_case_nor_gets_a_reply(client, runtime, twilio):
    case = text_in(client, runtime, "村口的路灯坏了三天了")
    with runtime.session() as session:
        resolve_with_answer(session, session.get(Case, case.id), "路灯已修好。", "agent")
    with Session(runtime.engine) as session:
        sent = session.exec(select(func.count()).select_from(Interaction).where(Interaction.direction == "out")).one()
    for thanks in ("谢谢！", "好的，辛苦了", "OK 👍"):
        text_in(client, runtime, thanks)
    assert _case(runtime, case.id).status == "resolved" and _cases(runtime) == 1
    with Session(runtime.engine) as session:
        kept = session.exec(select(Interaction.case_id).where(Interaction.text == "谢谢！")).one()
        replies = session.exec(select(func.count()).select_from(Interaction).where(Interaction.direction == "out"))
    assert kept == case.id and replies.one() == sent


def test_thanks_from_someone_with_no_case_opens_nothing(client, runtime, twilio):
    text_in(client, runtime, "谢谢")
    assert _cases(runtime) == 0 and _last_reply(runtime) is None


def test_a_reply_goes_to_the_case_waiting_on_the_citizen_not_the_newest(client, runtime, twilio):
    waiting = quick_case(runtime, "小区门口的井盖丢了")
    newest = quick_case(runtime, "楼下烧烤店油烟太大")
    with runtime.session() as session:
        case = session.get(Case, waiting)
        lifecycle.transition(session, case, "assigned", "agent", "")
        lifecycle.transition(session, case, "in_progress", "agent", "")
        lifecycle.transition(session, case, "waiting_on_citizen", "agent", "which gate?")
    text_in(client, runtime, "是北门，靠近菜市场那边")
    assert _case(runtime, waiting).status == "in_progress"
    assert "message_added" in [e.kind for e in case_events(runtime, waiting)]
    assert "message_added" not in [e.kind for e in case_events(runtime, newest)]


def test_with_several_open_cases_the_citizen_is_asked_which_and_the_answer_files_the_message(client, runtime, twilio):
    first = quick_case(runtime, "小区门口的井盖丢了")
    second = quick_case(runtime, "楼下烧烤店油烟太大")
    text_in(client, runtime, "今天又有人差点踩空")
    question = _last_reply(runtime)
    references = {_case(runtime, first).reference, _case(runtime, second).reference}
    assert question.purpose == "which_case" and all(ref in question.text for ref in references)
    assert "井盖" in question.text and _cases(runtime) == 2
    text_in(client, runtime, _case(runtime, first).reference)
    with Session(runtime.engine) as session:
        filed = session.exec(select(Interaction.case_id).where(Interaction.text == "今天又有人差点踩空")).one()
    assert filed == first and "已加入工单" in _last_reply(runtime).text


def test_answering_new_opens_a_new_case_from_the_held_message(client, runtime, twilio):
    quick_case(runtime, "小区门口的井盖丢了")
    quick_case(runtime, "楼下烧烤店油烟太大")
    text_in(client, runtime, "学校门口的红绿灯坏了")
    text_in(client, runtime, "新")
    assert _cases(runtime) == 3
    with Session(runtime.engine) as session:
        newest = session.exec(select(Case).order_by(col(Case.id).desc())).first()
        department = session.get(Department, newest.department_id)
    assert "红绿灯" in newest.summary and department.code == "public_security_justice"


def test_a_text_quoting_its_reference_joins_that_case(client, runtime, twilio):
    first = quick_case(runtime, "小区门口的井盖丢了")
    quick_case(runtime, "楼下烧烤店油烟太大")
    text_in(client, runtime, f"{_case(runtime, first).reference} 井盖还是没人管")
    assert "message_added" in [e.kind for e in case_events(runtime, first)]


def test_a_message_with_no_matter_is_asked_what_and_where_then_routed_once_it_says(client, runtime, twilio):
    case = text_in(client, runtime, "你好，我想咨询一下")
    assert "具体是什么事、在什么地方" in _last_reply(runtime).text
    with Session(runtime.engine) as session:
        assert session.get(Department, case.department_id).is_triage
    text_in(client, runtime, "我家的自来水停了两天了，在幸福路8号")
    case = _case(runtime, case.id)
    with Session(runtime.engine) as session:
        assert session.get(Department, case.department_id).code == "urban_rural_construction"
        routed = session.exec(select(CaseEvent).where(CaseEvent.kind == "routed")).one()
    assert routed.actor == "router" and "自来水" in case.summary
    assert "已转城乡建设办理" in _last_reply(runtime).text and _cases(runtime) == 1
