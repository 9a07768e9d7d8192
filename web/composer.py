"""What the case page's composer offers: canned replies filled in for this case, and answers to insert.

Canned replies may name five things the agent would otherwise type by hand —
{citizen}, {reference}, {department}, {due}, {agent} — filled in here for the
case on screen; any other braces are left as written. Knowledge articles and
similar resolved cases come from feedback.answers.suggestions, the past cases
narrowed to the viewer's departments: another department's answers are not
theirs to read.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, col, select

from feedback.answers import suggestions
from feedback.cases import canned
from feedback.cases.models import Case
from router.identity.models import Citizen
from staff.models import Department
from web.access import Actor
from web.timefmt import local_text

VARIABLES = ("citizen", "reference", "department", "due", "agent")


def fill(body: str, values: dict[str, str]) -> str:
    """Replace the known {variables} in a canned reply; leave any other braces alone."""
    for name in VARIABLES:
        body = body.replace("{" + name + "}", values.get(name, ""))
    return body


def values_for(session: Session, case: Case, agent_name: str, language: str) -> dict[str, str]:
    """Return what each variable means on this case, in the language of the reply it goes into."""
    citizen = session.get(Citizen, case.citizen_id)
    department = session.get(Department, case.department_id)
    fallback = "您" if language == "zh" else "citizen"
    return {
        "citizen": citizen.name if citizen is not None and citizen.name else fallback,
        "reference": case.reference,
        "department": department.name(language) if department is not None else "",
        "due": local_text(case.resolution_due_at) if case.resolution_due_at else "",
        "agent": agent_name,
    }


def canned_for(
    session: Session, case: Case, agent_name: str, departments: frozenset[int] | None = None
) -> list[tuple[canned.CannedResponse, str]]:
    """Return the shared canned replies and those of the agent's departments, filled in for this case."""
    values = {language: values_for(session, case, agent_name, language) for language in ("zh", "en")}
    return [
        (response, fill(response.body, values.get(response.language, values["zh"])))
        for response in canned.for_departments(session, departments)
    ]


def answers_for(session: Session, case: Case, actor: Actor, limit: int = 3) -> dict:
    """Return articles and similar resolved cases to insert, the cases only from the viewer's departments."""
    found = suggestions.for_case(session, case, limit=limit * 4, wait=False)
    return within_reach(session, found, actor.can_see, limit)


def within_reach(session: Session, found: dict, can_see: Callable[[int], bool], limit: int) -> dict:
    """Keep the past cases of departments the reader may see, and `limit` of each kind."""
    references = [c["reference"] for c in found["similar_cases"]]
    departments = dict(
        session.exec(select(Case.reference, Case.department_id).where(col(Case.reference).in_(references))).all()
    )
    visible = [c for c in found["similar_cases"] if can_see(departments.get(c["reference"], -1))]
    return {**found, "articles": found["articles"][:limit], "similar_cases": visible[:limit]}
