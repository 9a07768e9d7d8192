"""Satisfaction surveys: ask when a case is resolved, record the answer (`reading` reads it), flag unhappy citizens.

A score of 2 or less, or "not solved", flags the case for the supervisor and
offers the citizen a reopen. The survey's web form is reached by a signed
token, so it needs no sign-in and cannot be guessed.
"""

from __future__ import annotations

from datetime import timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import update
from sqlmodel import Session, col, select

from channels import registry
from channels.models import CANCELLED, QUEUED, Interaction
from core.clock import utcnow
from core.db import id_of
from core.runtime import current
from feedback import texts
from feedback.answers.outbox import queue_message
from feedback.cases import events, notifications
from feedback.cases.models import Case
from feedback.surveys.models import SurveyResponse
from feedback.surveys.reading import OPTIONS, Answer

SURVEY_DELAY = timedelta(minutes=2)  # after the answer, so the question never arrives before it
SURVEY_DAYS = 15  # how long an unanswered survey still takes answers
TOKEN_MAX_AGE = SURVEY_DAYS * 24 * 3600
LOW_SCORE = 2


def ask(session: Session, case: Case, channel: str, urn: str) -> SurveyResponse:
    """Queue the survey question on the citizen's channel (buttons where it has them, a link where it wants one)."""
    survey = SurveyResponse(case_id=id_of(case), citizen_id=case.citizen_id, channel=channel)
    session.add(survey)
    session.flush()
    runtime = current()
    settings, sender = runtime.settings, registry.get(runtime.channels, channel)
    text = texts.render("survey_question", case.language, hotline=settings.hotline_name, reference=case.reference)
    if sender is not None and sender.survey_by_link:
        link = f"{settings.public_url}/survey/{token_for(id_of(survey))}"
        text += "\n" + texts.render("survey_link", case.language, link=link)
    message = queue_message(session, urn, channel, text, "survey", case.citizen_id, case)
    message.next_attempt_at = utcnow() + SURVEY_DELAY
    buttons = sender.buttons({data: f"{data} {label}" for data, label in OPTIONS}, stacked=True) if sender else {}
    if buttons:
        message.payload = {"options": buttons}
    events.record(session, id_of(case), "survey_sent", survey_id=survey.id, channel=channel)
    return survey


def pending_for(session: Session, citizen_id: int) -> SurveyResponse | None:
    """Return the citizen's latest unanswered survey still open for answers."""
    since = utcnow() - timedelta(days=SURVEY_DAYS)
    return session.exec(
        select(SurveyResponse)
        .where(SurveyResponse.citizen_id == citizen_id, col(SurveyResponse.answered_at).is_(None))
        .where(col(SurveyResponse.asked_at) >= since)
        .order_by(col(SurveyResponse.id).desc())
    ).first()


def record(session: Session, survey: SurveyResponse, answer: Answer, raw: str, via: str) -> bool:
    """Store an answer and flag the case when the citizen is unhappy; return whether it was flagged."""
    survey.answered_at, survey.answered_via = utcnow(), via
    survey.score, survey.solved = answer.score, answer.solved
    survey.answer_text, survey.comment = raw[:500], answer.comment or None
    survey.flagged = answer.solved is False or (answer.score is not None and answer.score <= LOW_SCORE)
    session.add(survey)
    case = session.get(Case, survey.case_id)
    if case is not None:
        case.updated_at = survey.answered_at  # so the dashboard's daily figures pick the answer up
        session.add(case)
    events.record(session, survey.case_id, "survey_answered", score=answer.score, solved=answer.solved, via=via)
    _cancel_question(session, survey.case_id)
    if survey.flagged:
        _flag(session, survey)
    return survey.flagged


def _cancel_question(session: Session, case_id: int) -> None:
    # A citizen who answers before the delayed question goes out ("5, thanks") must not be asked after.
    session.execute(
        update(Interaction)
        .where(col(Interaction.case_id) == case_id, col(Interaction.purpose) == "survey")
        .where(col(Interaction.status) == QUEUED)
        .values(status=CANCELLED, next_attempt_at=None, error="not sent: the citizen had already answered")
    )


def _flag(session: Session, survey: SurveyResponse) -> None:
    case = session.get(Case, survey.case_id)
    if case is None:
        return
    text = (
        f"市民对工单 {case.reference} 不满意（{survey.score or '未解决'}）· "
        f"Citizen unhappy with case {case.reference}: {survey.answer_text}"
    )
    notifications.notify_role(session, "supervisor", case.department_id, "survey_unhappy", text, case.id)
    events.record(session, id_of(case), "survey_flagged", survey_id=survey.id, score=survey.score, solved=survey.solved)


def token_for(survey_id: int) -> str:
    """Return the signed token of a survey's web link (no sign-in needed, cannot be guessed)."""
    return _serializer().dumps(survey_id)


def survey_of_token(session: Session, token: str) -> SurveyResponse | None:
    """Return the survey a link's token names, or None for a forged, mangled or expired token."""
    try:
        survey_id = _serializer().loads(token, max_age=TOKEN_MAX_AGE)
    except BadSignature:
        return None
    return session.get(SurveyResponse, survey_id) if isinstance(survey_id, int) else None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current().settings.secret_key, salt="civicline-survey")
