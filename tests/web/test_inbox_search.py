"""The inbox's search box looks through every folder the agent has, and never into other departments."""

from __future__ import annotations

from sqlmodel import Session

from feedback.cases.models import Case
from tests.helpers.cases import quick_case
from tests.helpers.staff import department_id, make_user, sign_in_with_cookie

URBAN = "urban_rural_construction"


def _place(runtime, case_id: int, department: int, assignee: int | None = None, status: str = "assigned") -> str:
    with Session(runtime.engine) as session:
        case = session.get(Case, case_id)
        case.department_id, case.assignee_id, case.status = department, assignee, status
        session.add(case)
        session.commit()
        return case.reference


def test_a_search_from_the_unassigned_folder_finds_the_agents_own_case_and_names_its_folder(client, runtime):
    urban, other = department_id(runtime, URBAN), department_id(runtime, "environment")
    agent = make_user(runtime, "li.agent", departments=(URBAN,))
    mine = _place(runtime, quick_case(runtime, "村口的路灯坏了三天了"), urban, agent)
    closed = _place(runtime, quick_case(runtime, "路灯不亮", urn="tel:+8613900139000"), urban, None, "closed")
    elsewhere = _place(runtime, quick_case(runtime, "河边路灯倒了", urn="tel:+8613700137000"), other, None, "new")
    sign_in_with_cookie(client, agent)
    page = client.get("/inbox", query_string={"folder": "unassigned", "q": "路灯"}).get_data(as_text=True)
    assert "Search results for “路灯” in every folder" in page
    assert f"/cases/{mine}" in page and f"/cases/{closed}" in page
    assert f"/cases/{elsewhere}" not in page  # another department's case stays out of sight
    row = page[page.index(f'data-reference="{mine}"') :]
    assert 'class="folder-of"><a href="/inbox?folder=mine">Mine</a>' in row[: row.index("</tr>")]
    # Without a search the folder shows only what it holds.
    assert f"/cases/{mine}" not in client.get("/inbox?folder=unassigned").get_data(as_text=True)


def test_a_search_with_no_match_says_so(client, runtime):
    agent = make_user(runtime, "li.agent", departments=(URBAN,))
    _place(runtime, quick_case(runtime, "村口的路灯坏了三天了"), department_id(runtime, URBAN), agent)
    sign_in_with_cookie(client, agent)
    assert "No cases here." in client.get("/inbox?q=停水").get_data(as_text=True)
