"""Supervisors' outreach pages: segments with a live count, notices written, approved by a second person, sent,
followed live, and their report."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import col, select

from core import localtime, queues, signals
from core.refusal import Refusal
from core.spreadsheet import csv_text
from core.urns import InvalidURN, tel
from feedback.answers.outbox import queue_message
from feedback.outreach import campaigns, cost, phone_polls, polls, report, segments, wording
from feedback.outreach.models import Campaign, Segment
from feedback.outreach.texts import TEXTS
from router.identity.models import Citizen
from staff.models import Department, User
from web import poll_results
from web.access import current_actor
from web.i18n import explain
from web.sessions import role_required

bp = Blueprint("outreach", __name__, url_prefix="/outreach")
# A test shows where each citizen's own place will stand.
_SAMPLE = Citizen(county="[county]", township="[township]", village="[village]")
ACTIONS = ("approve", "start", "pause", "resume", "cancel", "test")


def _runtime():
    return current_app.extensions["civicline"]


def _actor() -> str:
    actor = current_actor()
    assert actor is not None
    return actor.name


@bp.get("")
@role_required("supervisor")
def overview():
    """Every notice, newest first, and the saved segments."""
    with _runtime().read_session() as session:
        notices = list(session.exec(select(Campaign).order_by(col(Campaign.id).desc()).limit(200)))
        saved = [
            s
            for s in session.exec(select(Segment).order_by(col(Segment.id).desc()))
            if not segments.is_fixed(s.criteria)
        ]
        session.expunge_all()
    return render_template("outreach/overview.html", notices=notices, segments=saved)


@bp.route("/segments/new", methods=["GET", "POST"])
@role_required("supervisor")
def new_segment():
    """Build a segment with its count shown as the criteria change; save it under a name."""
    departments = _departments()
    if request.method == "GET":
        return render_template("outreach/segment.html", departments=departments, form={})
    name = request.form.get("name", "").strip()
    try:
        if not name:
            raise segments.SegmentRefused("give the segment a name")
        criteria = segments.clean(_criteria_form())
        with _runtime().session() as session:
            session.add(Segment(name=name[:200], criteria=criteria, created_by=_actor()))
    except Refusal as exc:
        flash(explain(exc), "error")
        return render_template("outreach/segment.html", departments=departments, form=request.form), 400
    flash(_("Segment %(name)s saved.", name=name), "ok")
    return redirect(url_for("outreach.overview"))


@bp.get("/segments/preview")
@role_required("supervisor")
def preview():
    """How many citizens the criteria describe, and how many of them can be sent notices (JSON, for the form)."""
    try:
        criteria = segments.clean(_criteria_form())
    except Refusal as exc:
        return jsonify(error=explain(exc)), 400
    with _runtime().read_session() as session:
        return jsonify(segments.count(session, criteria))


def _criteria_form() -> dict:
    source = request.form if request.method == "POST" else request.args
    values: dict = {key: source.get(key, "") for key in (*segments.PROFILE, "tags", "department", "days", "topic",
                                                         "incident")}  # fmt: skip
    values["channels"] = source.getlist("channels")
    return values


def _departments() -> list[Department]:
    with _runtime().read_session() as session:
        found = list(session.exec(select(Department).order_by(col(Department.code))))
        session.expunge_all()
    return found


@bp.route("/campaigns/new", methods=["GET", "POST"])
@role_required("supervisor")
def new_campaign():
    """Write a notice: its texts in both languages, the segment, the channel."""
    return _write(Campaign(title="", segment_id=0, created_by=_actor()))


@bp.route("/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
@role_required("supervisor")
def edit(campaign_id: int):
    """Change a notice that has not started; a change needs approving again."""
    with _runtime().read_session() as session:
        campaign = session.get(Campaign, campaign_id) or abort(404)
        session.expunge_all()
    if campaign.status not in campaigns.EDITABLE:
        flash(explain(campaigns.CampaignRefused("a notice that is %(status)s cannot be edited",
                                                status=campaign.status)), "error")  # fmt: skip
        return redirect(url_for("outreach.show", campaign_id=campaign_id)), 303
    return _write(campaign)


def _write(campaign: Campaign):
    with _runtime().read_session() as session:
        saved = [
            s
            for s in session.exec(select(Segment).order_by(col(Segment.id).desc()))
            if not segments.is_fixed(s.criteria)
        ]
        session.expunge_all()
    if request.method == "GET":
        return render_template("outreach/campaign_form.html", campaign=campaign, segments=saved, form=None,
                               config_price=_runtime().settings.outreach_sms_segment_price)  # fmt: skip
    try:
        with _runtime().session() as session:
            target = session.get(Campaign, campaign.id) if campaign.id else campaign
            if target is None:
                abort(404)
            campaigns.write(session, target, request.form, _actor())
            campaign_id = target.id
    except Refusal as exc:
        flash(explain(exc), "error")
        return render_template("outreach/campaign_form.html", campaign=campaign, segments=saved, form=request.form,
                               config_price=_runtime().settings.outreach_sms_segment_price), 400  # fmt: skip
    flash(_("Notice saved. It needs a second supervisor's approval before it can be sent."), "ok")
    return redirect(url_for("outreach.show", campaign_id=campaign_id))


@bp.get("/sms-length")
@role_required("supervisor")
def sms_length():
    """How many SMS segments a text takes with the opt-out line (JSON, for the form)."""
    text, language = request.args.get("text", "")[:5000], request.args.get("language", "zh")
    return jsonify(segments=wording.sms_segments(wording.sms_copy(text, "en" if language == "en" else "zh")))


@bp.get("/sms-cost")
@role_required("supervisor")
def sms_cost():
    """What the form's notice would cost by SMS: segments × reachable SMS recipients × OUTREACH_SMS_SEGMENT_PRICE."""
    settings = _runtime().settings
    raw_id = request.args.get("segment_id", "")
    channel = request.args.get("channel", "preferred")
    if channel not in ("preferred", *segments.SCHEMES):
        return jsonify(error=explain(segments.SegmentRefused("unknown channel %(channel)s", channel=channel))), 400
    texts = {lang: request.args.get(f"text_{lang}", "")[:5000] for lang in ("zh", "en")}
    options = polls.read_options(request.args.get("options", "")[:5000])[: polls.MAX_OPTIONS]
    with _runtime().read_session() as session:
        segment = session.get(Segment, int(raw_id)) if raw_id.isdigit() and int(raw_id) < 2**31 else None
        if segment is None:
            return jsonify(error=explain(campaigns.CampaignRefused("choose a segment"))), 400
        found = cost.estimate(session, segment.criteria, channel, texts, options,
                              settings.outreach_sms_segment_price, settings.default_language)  # fmt: skip
    return jsonify(recipients=found.recipients, segments=found.parts, total_segments=found.total_segments,
                   cost=found.cost, price=settings.outreach_sms_segment_price)  # fmt: skip


@bp.get("/campaigns/<int:campaign_id>")
@role_required("supervisor")
def show(campaign_id: int):
    """One notice: its texts, approval, the actions open to the reader, live progress and the report."""
    with _runtime().read_session() as session:
        campaign = session.get(Campaign, campaign_id) or abort(404)
        segment = session.get(Segment, campaign.segment_id)
        count = segments.count(session, segment.criteria) if segment else None
        figures = report.by_channel(session, campaign_id)
        session.expunge_all()
    with _runtime().read_session() as session:
        tallies = polls.tallies(session, campaign_id) if campaign.options else None
        comments = polls.comments(session, campaign_id) if campaign.options else []
        unanswered = phone_polls.no_answers(session, campaign_id) if campaign.options else 0
        session.expunge_all()
    drawn = poll_results.draw(campaign, tallies) if tallies is not None else {}
    parts = {lang: wording.sms_segments(wording.sms_copy(text, lang))
             for lang, text in (("zh", campaign.text_zh), ("en", campaign.text_en)) if text}  # fmt: skip
    return render_template("outreach/campaign.html", campaign=campaign, segment=segment, count=count,
                           figures=figures, parts=parts, me=_actor(), tallies=tallies,
                           comments=comments, charts=drawn, unanswered=unanswered)  # fmt: skip


@bp.get("/campaigns/<int:campaign_id>/results.csv")
@role_required("supervisor")
def results_csv(campaign_id: int):
    """A consultation's answers counted per township, age group and option, then its free-text feedback items
    (formulas escaped)."""
    zone = localtime.zone(_runtime().settings.hotline_timezone)
    with _runtime().read_session() as session:
        campaign = session.get(Campaign, campaign_id) or abort(404)
        tallies = polls.tallies(session, campaign_id)
        comments = polls.comments(session, campaign_id)
        unanswered = phone_polls.no_answers(session, campaign_id)
    rows = [("all", "", number, label, tallies["option"][number]) for number, label in enumerate(campaign.options, 1)]
    if unanswered:  # calls answered with no choice: counted apart from every option
        rows.append(("no_answer", "", "", "", unanswered))
    for by in ("township", "age_group"):
        for (group, number), count in sorted(tallies[by].items()):
            rows.append((by, group, number, campaign.options[number - 1], count))
    for item in comments:  # a feedback item: the township as its group, the citizen's words as its label
        written = item.created_at.replace(tzinfo=item.created_at.tzinfo or UTC).astimezone(zone)
        rows.append(("comment", item.township or "", "", item.text, f"{written:%Y-%m-%d %H:%M}"))
    body = csv_text(("by", "group", "option", "label", "answers"), rows)
    headers = {"Content-Disposition": f"attachment; filename=consultation-{campaign_id}.csv"}
    return Response(body, mimetype="text/csv", headers=headers)


@bp.get("/campaigns/<int:campaign_id>/progress")
@role_required("supervisor")
def progress(campaign_id: int):
    """The notice's status and figures now (JSON; the page asks every few seconds while it sends)."""
    with _runtime().read_session() as session:
        campaign = session.get(Campaign, campaign_id) or abort(404)
        return jsonify(status=campaign.status, figures=report.by_channel(session, campaign_id))


@bp.post("/campaigns/<int:campaign_id>/<action>")
@role_required("supervisor")
def act(campaign_id: int, action: str):
    """Approve, send (now or at a time), pause, resume, cancel, or send a test to one's own phone."""
    if action not in ACTIONS:
        abort(404)
    runtime = _runtime()
    try:
        with runtime.session() as session:
            campaign = session.get(Campaign, campaign_id, with_for_update=True) or abort(404)
            message = _apply(session, campaign, action)
    except Refusal as exc:
        flash(explain(exc), "error")
        return redirect(url_for("outreach.show", campaign_id=campaign_id))
    if action in ("start", "resume"):
        signals.request_drain(runtime.queue(queues.OUTREACH), "jobs.outreach.drain")
    elif action == "test":  # one message on the ordinary outbound queue, like any reply
        signals.request_drain(runtime.queue(queues.OUTBOUND), "jobs.outbound.drain")
    flash(message, "ok")
    return redirect(url_for("outreach.show", campaign_id=campaign_id))


def _apply(session, campaign: Campaign, action: str) -> str:
    if action == "approve":
        campaigns.approve(session, campaign, _actor())
        return _("Approved.")
    if action == "start":
        when = _send_at(request.form.get("send_at", ""))
        queued = campaigns.start(session, campaign, when)
        return _("Sending to %(n)d citizens.", n=queued) if when is None else _("Scheduled.")
    if action == "test":
        return _test(session, campaign)
    {"pause": campaigns.pause, "resume": campaigns.resume, "cancel": campaigns.cancel}[action](session, campaign)
    return {"pause": _("Paused."), "resume": _("Sending again."), "cancel": _("Cancelled.")}[action]


def _send_at(raw: str) -> datetime | None:
    """Read the form's local date and time (the hotline's zone) as UTC; blank means now."""
    if not raw.strip():
        return None
    try:
        local = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise campaigns.CampaignRefused("the sending time must read like 2026-05-01T09:30") from None
    zone = localtime.zone(_runtime().settings.hotline_timezone)
    return local.replace(tzinfo=zone).astimezone(UTC)


def _test(session, campaign: Campaign) -> str:
    """Queue the notice, as a citizen would read it, to the reader's own phone (their account's number)."""
    user = session.exec(select(User).where(User.username == _actor())).first()
    try:
        urn = tel(user.phone or "", _runtime().settings.default_region) if user is not None else None
    except InvalidURN:
        urn = None
    if urn is None:
        raise campaigns.CampaignRefused("add your phone number to your account to receive a test")
    language = user.language if user is not None and user.language in ("zh", "en") else "zh"
    text = (campaign.text_en or campaign.text_zh) if language == "en" else (campaign.text_zh or campaign.text_en)
    body = TEXTS.say("test_prefix", language) + wording.sms_copy(wording.render(text, _SAMPLE, language), language)
    queue_message(session, urn, "sms", body, "notice_test", None)
    return _("Test sent to %(phone)s.", phone=urn.removeprefix("tel:"))
