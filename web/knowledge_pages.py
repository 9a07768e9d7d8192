"""Admin pages for the knowledge base (list, write, edit, import with progress) and agents' suggestions."""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from rq.exceptions import NoSuchJobError
from rq.job import Job
from sqlmodel import Session, col, select

from core import queues
from core.api_token import token_required
from core.clock import utcnow
from feedback.answers import suggestions
from feedback.cases.models import Case
from knowledge import drafts, outcomes
from knowledge.importer import department_codes
from knowledge.models import Article
from web import composer, security
from web.knowledge_forms import ArticleForm, ImportForm
from web.sessions import role_required

bp = Blueprint("knowledge", __name__, url_prefix="/knowledge")
IMPORT_MAX_BYTES = 20 * 1024 * 1024
PAGE_SIZE = 200
IMPORT_JOB = "knowledge.importer.run_import"
_JOB_ID = re.compile(r"^[0-9a-f-]{32,36}$")


def _runtime():
    return current_app.extensions["civicline"]


@bp.get("/admin/")
@role_required("admin")
def list_articles():
    """List articles (filtered by language and title, a page at a time) with how often each ended the matter."""
    language, words = request.args.get("language", ""), request.args.get("q", "").strip()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    with _runtime().read_session() as session:
        query = select(Article).order_by(col(Article.language), col(Article.title))
        if language:
            query = query.where(Article.language == language)
        if words:
            query = query.where(col(Article.title).contains(words, autoescape=True))
        articles = list(session.exec(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)))
        figures = outcomes.article_outcomes(session)
        codes = {v: k for k, v in department_codes(session).items()}
    more, articles = len(articles) > PAGE_SIZE, articles[:PAGE_SIZE]
    return render_template(
        "knowledge/list.html",
        articles=articles,
        figures=figures,
        codes=codes,
        language=language,
        q=words,
        page=page,
        more=more,
    )


@bp.route("/admin/new", methods=["GET", "POST"])
@role_required("admin")
def new_article():
    """Write a new article."""
    return _edit(None)


@bp.route("/admin/<int:article_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit_article(article_id: int):
    """Edit an article; saving it refreshes every process's search index on its next search."""
    return _edit(article_id)


def _edit(article_id: int | None):
    with _runtime().session() as session:
        article = session.get(Article, article_id) if article_id else None
        if article_id and article is None:
            abort(404)
        codes = department_codes(session)
        form = ArticleForm()
        form.department.choices = [("", _("(all departments)"))] + [(c, c) for c in sorted(codes)]
        if request.method == "GET" and article is not None:
            form.fill(article, {v: k for k, v in codes.items()})
        problems = _save(session, form, article, codes) if form.validate_on_submit() else form_errors(form)
        if problems is None:
            flash(_("Article saved."), "ok")
            return redirect(url_for("knowledge.list_articles"))
    return render_template("knowledge/edit.html", form=form, article=article, problems=problems), (
        400 if problems else 200
    )


def form_errors(form: ArticleForm) -> list[str]:
    """Return the form-level errors (a missing CSRF token, a malformed date) as messages."""
    return [f"{form[name].label.text}: {', '.join(errors)}" for name, errors in form.errors.items()]


def _save(session: Session, form: ArticleForm, article: Article | None, codes: dict[str, int]) -> list[str] | None:
    draft = form.to_draft()
    found = drafts.problems(draft, codes)
    clash = session.exec(
        select(Article.id).where(Article.language == draft.language, Article.title == draft.title.strip())
    ).first()
    if clash is not None and (article is None or clash != article.id):
        found.append(_("another article in this language already has this title"))
    if found:
        return found
    article = article or Article(short_answer="")
    for name, value in drafts.values(draft, codes).items():
        setattr(article, name, value)
    article.updated_at = utcnow()
    session.add(article)
    return None


@bp.record_once
def _allow_import_uploads(state) -> None:
    security.allow_larger_uploads(state.app, "knowledge.import_articles", IMPORT_MAX_BYTES)


@bp.route("/admin/import", methods=["GET", "POST"])
@role_required("admin")
def import_articles():
    """Upload a CSV or Markdown file; the import runs as a job and this page follows its progress."""
    request.max_content_length = IMPORT_MAX_BYTES  # larger than a webhook's limit: files of thousands
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("knowledge/import.html", form=form), (400 if request.method == "POST" else 200)
    upload = form.file.data
    try:
        content = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        flash(_("The file is not UTF-8 text."), "error")
        return render_template("knowledge/import.html", form=form), 400
    job = (
        _runtime()
        .queue(queues.SCHEDULED)
        .enqueue(
            IMPORT_JOB,
            upload.filename or "upload.csv",
            content,
            job_timeout=3600,
            result_ttl=86400,
            meta={"done": 0, "total": 0, "filename": upload.filename},
        )
    )
    return redirect(url_for("knowledge.import_progress", job_id=job.id))


@bp.get("/admin/import/<job_id>")
@role_required("admin")
def import_progress(job_id: str):
    """Show a progress bar that follows an import job."""
    _import_job(job_id)
    return render_template("knowledge/import_progress.html", job_id=job_id)


@bp.get("/admin/import/<job_id>.json")
@role_required("admin")
def import_status(job_id: str):
    """Report an import job's progress and, once it is done, its report."""
    job = _import_job(job_id)
    status = job.get_status(refresh=True)
    body = {
        "status": str(status.value if status else "unknown"),
        "done": job.meta.get("done", 0),
        "total": job.meta.get("total", 0),
        "filename": job.meta.get("filename"),
    }
    if job.is_finished:
        body["report"] = job.return_value()
    elif job.is_failed:
        body["error"] = _("The import failed; see the worker log.")
    return jsonify(body)


def _import_job(job_id: str) -> Job:
    if not _JOB_ID.match(job_id):
        abort(404)
    try:
        job = Job.fetch(job_id, connection=_runtime().redis)
    except NoSuchJobError:
        abort(404)
    if job.func_name != IMPORT_JOB:
        abort(404)
    return job


@bp.get("/suggest")
def suggest():
    """Return the articles and similar resolved cases for a case (staff session or API token)."""
    if request.headers.get("Authorization"):
        return token_required(_suggestions)()
    if not current_user.is_authenticated:
        return jsonify(error="sign in, or send Authorization: Bearer <API token>"), 401
    return _suggestions(staff=current_user)


def _suggestions(staff=None):
    reference = request.args.get("case", "").strip()
    if not reference:
        return jsonify(error="give the case reference: /knowledge/suggest?case=<reference>"), 400
    departments = None if staff is None or staff.at_least("supervisor") else staff.department_ids
    with _runtime().read_session() as session:
        case = session.exec(select(Case).where(Case.reference == reference)).first()
        # Another department's case answers as a missing one would: its reference must not be confirmed.
        if case is None or (departments is not None and case.department_id not in departments):
            return jsonify(error=f"no case {reference}"), 404
        found = suggestions.for_case(session, case, limit=12, wait=False, departments=departments)
        can_see = staff.can_see_department if staff is not None else (lambda _department: True)
        return jsonify(composer.within_reach(session, found, can_see, limit=3))
