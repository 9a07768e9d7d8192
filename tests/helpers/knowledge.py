"""Knowledge for the tests: the shipped FAQ in the database, articles by title, contacts on any channel stored and
processed, and resolved cases with the answers they were given."""

from __future__ import annotations

import secrets

from sqlmodel import Session, select

from channels import intake
from channels.base import Contact
from channels.models import DELIVERED, INBOUND, OUTBOUND, PROCESSED, Interaction
from core.clock import utcnow
from core.runtime import Runtime
from feedback.cases.models import Case
from jobs import inbound
from knowledge import importer
from knowledge.models import Article
from router.identity.models import Citizen
from tests.helpers import REPO

SEED = REPO / "knowledge" / "seed"


def load_seed(runtime: Runtime) -> None:
    """Import the shipped county FAQ (Chinese and English) as an admin would."""
    for path in sorted(SEED.glob("*.md")):
        report = importer.import_text(runtime, path.name, path.read_text(encoding="utf-8"))
        assert not report.problems, report.problems


def article(runtime: Runtime, title: str) -> Article:
    """Return an article by title."""
    with Session(runtime.engine) as session:
        return session.exec(select(Article).where(Article.title == title)).one()


def receive(runtime: Runtime, channel: str, urn: str, text: str) -> None:
    """Store a contact as a channel's webhook would and process it through the inbound steps."""
    intake.store(runtime.engine, [Contact(channel, urn, secrets.token_hex(8), text, {})])
    inbound.process_batch(runtime)


def resolved_case(session: Session, reference: str, question: str, answer: str, department_id: int) -> Case:
    """Add a resolved case as the inbox leaves one: the citizen's message in, the official answer out."""
    citizen = Citizen(language="zh")
    session.add(citizen)
    session.flush()
    case = Case(
        reference=reference,
        citizen_id=citizen.id,
        department_id=department_id,
        status="resolved",
        channel="sms",
        summary=question[:2000],
        resolved_at=utcnow(),
    )
    session.add(case)
    session.flush()
    urn = f"tel:+86138{citizen.id:08d}"
    session.add(
        Interaction(
            direction=INBOUND,
            channel="sms",
            urn=urn,
            citizen_id=citizen.id,
            case_id=case.id,
            text=question,
            status=PROCESSED,
        )
    )
    session.add(
        Interaction(
            direction=OUTBOUND,
            channel="sms",
            urn=urn,
            citizen_id=citizen.id,
            case_id=case.id,
            purpose="answer",
            text=answer,
            status=DELIVERED,
        )
    )
    return case
