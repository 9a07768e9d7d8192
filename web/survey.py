"""`/survey/<token>`: the satisfaction survey behind the link in an answer email; no sign-in, the token is the key."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from feedback.cases.models import Case
from feedback.surveys import reading, satisfaction
from feedback.surveys.reading import Answer

bp = Blueprint("survey", __name__)
MAX_COMMENT = 2000


@bp.get("/survey/<token>")
def show(token: str):
    """Show the question, or say it was already answered."""
    with current_app.extensions["civicline"].read_session() as session:
        survey = satisfaction.survey_of_token(session, token)
        if survey is None:
            return render_template("survey/invalid.html"), 404
        case = session.get(Case, survey.case_id)
        return render_template("survey/form.html", survey=survey, case=case, options=reading.OPTIONS, error=None)


@bp.post("/survey/<token>")
def answer(token: str):
    """Store the citizen's score, whether it was solved, and their comment."""
    runtime = current_app.extensions["civicline"]
    with runtime.session() as session:
        survey = satisfaction.survey_of_token(session, token)
        if survey is None:
            return render_template("survey/invalid.html"), 404
        case = session.get(Case, survey.case_id)
        if survey.answered_at is not None:
            return render_template("survey/form.html", survey=survey, case=case, options=reading.OPTIONS, error=None)
        parsed = _answer(request.form)
        if parsed is None:
            error = "请选择 1-5 分 · Please choose a score from 1 to 5"
            return render_template(
                "survey/form.html", survey=survey, case=case, options=reading.OPTIONS, error=error
            ), 400
        flagged = satisfaction.record(session, survey, parsed, request.form.get("score", ""), "web")
        return render_template("survey/thanks.html", case=case, flagged=flagged)


def _answer(form) -> Answer | None:
    score = form.get("score", "")
    if score not in {"1", "2", "3", "4", "5"}:
        return None
    solved = {"yes": True, "no": False}.get(form.get("solved", ""))
    return Answer(int(score), solved, form.get("comment", "").strip()[:MAX_COMMENT])
