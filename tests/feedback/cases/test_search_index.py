"""The case search index: Chinese words cut by jieba, kept up to date by whatever writes a case, on both databases."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from channels.models import INBOUND, PROCESSED, Interaction
from feedback.cases import search_index
from feedback.cases.models import Case
from router.identity.models import Citizen, Identity
from tests.helpers.cases import quick_case


def _found(runtime, term: str) -> set[int]:
    with Session(runtime.engine) as session:
        query = search_index.matching(runtime.engine.dialect.name, term, "CN")
        return set(session.exec(query).scalars()) if query is not None else set()  # type: ignore[call-overload]


def test_a_case_is_found_by_a_chinese_word_of_its_text_but_not_by_a_word_it_lacks(runtime):
    case_id = quick_case(runtime, "村口的路灯坏了三天了，晚上很危险")
    quick_case(runtime, "小区停水两天了", urn="tel:+8613900139000")
    assert _found(runtime, "路灯") == {case_id}
    assert _found(runtime, "路灯 村口") == {case_id}
    assert _found(runtime, "路灯 停水") == set()
    assert _found(runtime, "垃圾") == set()


def test_a_message_added_later_and_a_name_given_later_are_found_at_once(runtime):
    case_id = quick_case(runtime, "村口的路灯坏了")
    with Session(runtime.engine) as session:
        case = session.get(Case, case_id)
        session.add(Interaction(direction=INBOUND, channel="sms", urn="tel:+8613800138000", text="补充：井盖也丢了",
                                status=PROCESSED, citizen_id=case.citizen_id, case_id=case_id))  # fmt: skip
        citizen = session.get(Citizen, case.citizen_id)
        citizen.name = "王秀英"
        session.add(citizen)
        session.commit()
    assert _found(runtime, "井盖") == {case_id}
    assert _found(runtime, "王秀英") == {case_id}
    assert _found(runtime, "13800138000") == {case_id}
    assert _found(runtime, "+86 138-0013-8000") == {case_id}
    assert _found(runtime, "1380013") == {case_id}  # the beginning of a number


def test_a_message_moved_to_another_case_is_found_only_there(runtime):
    first, second = quick_case(runtime, "路灯坏了"), quick_case(runtime, "噪音扰民", urn="tel:+8613900139000")
    with Session(runtime.engine) as session:
        message = Interaction(direction=INBOUND, channel="sms", urn="tel:+8613800138000", text="井盖丢了",
                              status=PROCESSED, case_id=first)  # fmt: skip
        session.add(message)
        session.commit()
        assert _found(runtime, "井盖") == {first}
        message.case_id = second
        session.add(message)
        session.commit()
    assert _found(runtime, "井盖") == {second}


def test_the_backfill_indexes_cases_written_before_the_index_existed(runtime):
    case_id = quick_case(runtime, "河道里有人倾倒垃圾")
    with runtime.engine.begin() as connection:
        connection.execute(text("DELETE FROM case_search"))
    assert _found(runtime, "垃圾") == set()
    with runtime.engine.begin() as connection:
        assert search_index.backfill(connection) == 1
    assert _found(runtime, "垃圾") == {case_id}
    assert _found(runtime, "倾倒 河道") == {case_id}


def test_a_new_phone_number_of_the_citizen_finds_their_cases(runtime):
    case_id = quick_case(runtime, "路灯坏了")
    with Session(runtime.engine) as session:
        citizen_id = session.get(Case, case_id).citizen_id
        session.add(Identity(urn="tel:+8613700137000", scheme="tel", citizen_id=citizen_id))
        session.commit()
    assert _found(runtime, "13700137000") == {case_id}
