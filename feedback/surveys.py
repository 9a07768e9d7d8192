"""Satisfaction surveys: ask when a case is resolved, read the answer on any channel, flag unhappy citizens.

Scores run from 1 (very dissatisfied) to 5 (very satisfied). The three words
of a 12345 survey map onto it: 满意 5, 基本满意 3, 不满意 1. A score of 2 or
less, or "not solved", flags the case for the supervisor and offers the
citizen a reopen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlmodel import Session, col, select

from core.clock import utcnow
from core.runtime import current
from feedback import events, messages, notifications
from feedback.lifecycle_models import SurveyResponse
from feedback.models import Case
from feedback.replies import queue_message

SURVEY_DELAY = timedelta(minutes=2)  # after the answer, so the question never arrives before it
SURVEY_DAYS = 15  # how long an unanswered survey still takes answers
TOKEN_MAX_AGE = SURVEY_DAYS * 24 * 3600
MAX_HELP_REPLIES = 2  # after this, short unrecognised messages are treated as new messages
MAX_SHORT_ANSWER = 6  # longer messages without a recognisable answer are new messages, not survey answers
LOW_SCORE = 2
REOPEN_WORDS = frozenset({"reopen", "重新办理", "重办", "重新处理"})
OPTIONS = (("5", "非常满意 Very satisfied"), ("4", "满意 Satisfied"), ("3", "基本满意 Fairly"),
           ("2", "不满意 Not satisfied"), ("1", "很不满意 Very dissatisfied"))  # fmt: skip
_WORDS = (  # longest first, so 不满意 is not read as 满意
    ("very dissatisfied", 1, None), ("not satisfied", 1, None), ("dissatisfied", 1, None),
    ("unsatisfied", 1, None), ("very satisfied", 5, None), ("satisfied", 5, None),
    ("非常不满意", 1, None), ("很不满意", 1, None), ("不满意", 1, None), ("非常满意", 5, None),
    ("基本满意", 3, None), ("满意", 5, None),
    ("not solved", None, False), ("unsolved", None, False), ("未解决", None, False), ("没解决", None, False),
    ("没有解决", None, False), ("solved", None, True), ("已解决", None, True), ("解决了", None, True),
)  # fmt: skip


_QUOTE_HEADER = re.compile(r"^(on .+ wrote:|-+ ?original message ?-+|发件人[:：]|在.+写道[:：])", re.I)


@dataclass(frozen=True)
class Answer:
    """A recognised survey answer: a score and/or whether the matter was solved, and any words after it."""

    score: int | None
    solved: bool | None
    comment: str


def ask(session: Session, case: Case, channel: str, urn: str) -> SurveyResponse:
    """Queue the survey question on the citizen's channel (buttons on Telegram, a link by email)."""
    survey = SurveyResponse(case_id=case.id, citizen_id=case.citizen_id, channel=channel)
    session.add(survey)
    session.flush()
    settings = current().settings
    text = messages.render("survey_question", case.language, hotline=settings.hotline_name, reference=case.reference)
    if channel == "email":
        link = f"{settings.public_url}/survey/{token_for(survey.id)}"
        text += "\n" + messages.render("survey_link", case.language, link=link)
    message = queue_message(session, urn, channel, text, "survey", case.citizen_id, case)
    message.next_attempt_at = utcnow() + SURVEY_DELAY
    if channel == "telegram":
        message.payload = {"options": {"reply_markup": inline_keyboard()}}
    events.record(session, case.id, "survey_sent", survey_id=survey.id, channel=channel)
    return survey


def inline_keyboard() -> dict:
    """Return Telegram's inline keyboard for the survey: one button per score, its callback data the digit."""
    return {"inline_keyboard": [[{"text": f"{data} {label}", "callback_data": data}] for data, label in OPTIONS]}


def parse(text: str) -> Answer | None:
    """Read a digit 1–5 or a satisfaction word at the start of a reply; None when there is none."""
    cleaned = unicodedata.normalize("NFKC", _own_words(text)).strip().lower()
    # "5", "5分", "2 还是没修" are answers; "3楼的灯坏了" is a new message that happens to start with a digit.
    if match := re.match(r"^([1-5])(?![.,]\d)\s*分?(?:$|[\s,，。.!！:：、-]+(.*)$)", cleaned, re.S):
        return Answer(int(match.group(1)), None, (match.group(2) or "").strip())
    for word, score, solved in _WORDS:
        if cleaned.startswith(word):
            return Answer(score, solved, cleaned[len(word) :].strip(" ,，。.!！:：-\n"))
    return None


def _own_words(text: str) -> str:
    # An email reply quotes our question below the answer; only the lines above the quote count.
    lines = []
    for line in text.splitlines():
        if line.startswith(">") or _QUOTE_HEADER.match(line.strip()):
            break
        lines.append(line)
    return "\n".join(lines)


def is_reopen_request(text: str) -> bool:
    """Tell whether a message asks to reopen the citizen's case."""
    return unicodedata.normalize("NFKC", text).strip().strip("!！。.").lower() in REOPEN_WORDS


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
    if survey.flagged:
        _flag(session, survey)
    return survey.flagged


def _flag(session: Session, survey: SurveyResponse) -> None:
    case = session.get(Case, survey.case_id)
    if case is None:
        return
    text = (
        f"市民对工单 {case.reference} 不满意（{survey.score or '未解决'}）· "
        f"Citizen unhappy with case {case.reference}: {survey.answer_text}"
    )
    notifications.notify_role(session, "supervisor", case.department_id, "survey_unhappy", text, case.id)
    events.record(session, case.id, "survey_flagged", survey_id=survey.id, score=survey.score, solved=survey.solved)


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
