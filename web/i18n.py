"""Chinese and English for staff pages (Flask-Babel): the user's own choice, else the browser's."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request
from flask_babel import Babel, get_locale, gettext, lazy_gettext
from flask_login import current_user

from channels import registry
from core.refusal import Refusal

LANGUAGES = ("zh", "en")
babel = Babel()
STATUS_LABELS = {
    "new": lazy_gettext("New"),
    "assigned": lazy_gettext("Assigned"),
    "in_progress": lazy_gettext("In progress"),
    "waiting_on_citizen": lazy_gettext("Waiting on citizen"),
    "resolved": lazy_gettext("Resolved"),
    "closed": lazy_gettext("Closed"),
}
PRESENCE_LABELS = {
    "available": lazy_gettext("Available"),
    "busy": lazy_gettext("Busy"),
    "away": lazy_gettext("Away"),
}
CALL_STATE_LABELS = {
    "queued": lazy_gettext("Waiting"),
    "offered": lazy_gettext("Ringing"),
    "talking": lazy_gettext("Talking"),
    "ended": lazy_gettext("Ended"),
}
DUTY_STATE_LABELS = {
    "dialling": lazy_gettext("calling"),
    "ringing": lazy_gettext("ringing"),
    "joined": lazy_gettext("on the call"),
    "left": lazy_gettext("hung up"),
    "unanswered": lazy_gettext("did not answer"),
    "failed": lazy_gettext("could not be called"),
    "offered": lazy_gettext("calling"),
    "connected": lazy_gettext("on the call"),
}
KIND_LABELS = {
    "consultation": lazy_gettext("Consultation"),
    "help_request": lazy_gettext("Request for help"),
    "complaint": lazy_gettext("Complaint"),
    "report": lazy_gettext("Report"),
    "suggestion": lazy_gettext("Suggestion"),
    "praise": lazy_gettext("Praise"),
}
# What made a matter urgent or high (router.dangers), as the case page says it.
DANGER_LABELS = {
    "suicide": lazy_gettext("threat of suicide or self-harm"),
    "drowning": lazy_gettext("drowning"),
    "gas_leak": lazy_gettext("gas leak"),
    "poisoning": lazy_gettext("poisoning"),
    "trapped": lazy_gettext("people trapped"),
    "flood": lazy_gettext("flooding"),
    "fire": lazy_gettext("fire or explosion"),
    "live_wire": lazy_gettext("live wire"),
    "violence": lazy_gettext("violence"),
    "missing_person": lazy_gettext("missing child or vulnerable adult"),
    "medical": lazy_gettext("medical emergency"),
    "road_hazard": lazy_gettext("road or bridge hazard with people at risk"),
    "water": lazy_gettext("no water"),
    "power": lazy_gettext("no power"),
    "heating": lazy_gettext("no heating"),
    "road_cut": lazy_gettext("road cut off"),
}
# The everyday problems reports are about (router.topics), as the calendar, recurring problems and tasks name them.
PROBLEM_LABELS = {
    "*": lazy_gettext("All reports"),
    "water_supply": lazy_gettext("Water supply"),
    "power_supply": lazy_gettext("Power supply"),
    "heating": lazy_gettext("Heating"),
    "gas_supply": lazy_gettext("Gas supply"),
    "rubbish": lazy_gettext("Rubbish"),
    "street_lights": lazy_gettext("Street lights"),
    "traffic_signals": lazy_gettext("Traffic signals"),
    "road_surface": lazy_gettext("Road surface"),
    "noise": lazy_gettext("Noise"),
    "flooding": lazy_gettext("Flooding and waterlogging"),
    "stray_animals": lazy_gettext("Stray animals"),
    "sewage": lazy_gettext("Sewage and drains"),
    "smell_smoke": lazy_gettext("Smells and smoke"),
    "network": lazy_gettext("Phone and internet signal"),
    "buses": lazy_gettext("Buses"),
}
TASK_STATUS_LABELS = {
    "open": lazy_gettext("Open"),
    "done": lazy_gettext("Done"),
    "cancelled": lazy_gettext("Cancelled"),
}
TASK_SOURCE_LABELS = {
    "hotspot": lazy_gettext("a hot spot"),
    "alert": lazy_gettext("a surge alert"),
    "recurring": lazy_gettext("a recurring problem"),
    "forecast": lazy_gettext("the seasonal calendar"),
    "incident": lazy_gettext("an incident"),
    "other": lazy_gettext("other"),
}
TASK_EVENT_LABELS = {
    "created": lazy_gettext("made the task"),
    "owner_changed": lazy_gettext("changed the owner"),
    "due_changed": lazy_gettext("moved the deadline"),
    "late": lazy_gettext("the deadline passed"),
    "done": lazy_gettext("marked it done"),
    "cancelled": lazy_gettext("cancelled it"),
}
ROLE_LABELS = {"agent": lazy_gettext("agent"), "supervisor": lazy_gettext("supervisor"), "admin": lazy_gettext("admin")}
# Who did something on a case when it was not a member of staff (the timeline's actor column).
ACTOR_LABELS = {
    "router": lazy_gettext("the router"),
    "system": lazy_gettext("the system"),
    "api": lazy_gettext("an integration (API)"),
    "telegram": lazy_gettext("Telegram"),
    "web": lazy_gettext("the web form"),
}
_AUTO_ASSIGNED = "auto-assigned to "
CLOCK_LABELS = {"first_response": lazy_gettext("First response"), "resolution": lazy_gettext("Resolution")}
# Refusal values with these names are codes (or sets of them) that pages show by their labels.
LABELS_OF_VALUE = {
    "status": STATUS_LABELS,
    "to_status": STATUS_LABELS,
    "allowed": STATUS_LABELS,
    "clock": CLOCK_LABELS,
    "kind": KIND_LABELS,
    "kinds": KIND_LABELS,
}


def select_locale() -> str:
    """Use the signed-in user's language, else the best match for the browser, else Chinese."""
    if current_user and getattr(current_user, "is_authenticated", False):
        return current_user.user.language if current_user.user.language in LANGUAGES else "zh"
    return request.accept_languages.best_match(LANGUAGES) or "zh"


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with our translations and expose the current language to templates."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(Path(__file__).with_name("translations")))
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["current_language"] = lambda: str(get_locale() or "zh")
    # Channels name themselves (`channels.registry`): a new channel needs no template change.
    app.jinja_env.globals["channel_name"] = lambda kind: registry.label(kind, str(get_locale() or "zh"))
    app.jinja_env.globals["channel_kinds"] = registry.KINDS
    app.jinja_env.globals["status_name"] = lambda status: str(STATUS_LABELS.get(status, status))
    app.jinja_env.globals["kind_name"] = lambda kind: str(KIND_LABELS.get(kind, kind))
    app.jinja_env.globals["problem_name"] = problem_name
    app.jinja_env.globals["task_status_name"] = lambda status: str(TASK_STATUS_LABELS.get(status, status))
    app.jinja_env.globals["task_source_name"] = lambda source: str(TASK_SOURCE_LABELS.get(source, source))
    app.jinja_env.globals["task_event_name"] = lambda kind: str(TASK_EVENT_LABELS.get(kind, kind))
    app.jinja_env.globals["danger_name"] = lambda kind: str(DANGER_LABELS.get(kind, kind))
    app.jinja_env.globals["matter_kinds"] = tuple(KIND_LABELS)
    app.jinja_env.globals["presence_name"] = lambda presence: str(PRESENCE_LABELS.get(presence, presence))
    app.jinja_env.globals["call_state_name"] = lambda state: str(CALL_STATE_LABELS.get(state, state))
    app.jinja_env.globals["duty_state_name"] = lambda state: str(DUTY_STATE_LABELS.get(state, state))
    app.jinja_env.globals["role_name"] = lambda role: str(ROLE_LABELS.get(role, role))
    app.jinja_env.globals["actor_name"] = lambda actor: str(ACTOR_LABELS.get(actor, actor))
    app.jinja_env.globals["event_reason"] = event_reason


def problem_name(problem: str) -> str:
    """Name a kind of problem a fingerprint holds: an everyday topic, or the danger the router found."""
    return str(PROBLEM_LABELS.get(problem) or DANGER_LABELS.get(problem) or problem)


def event_reason(reason: str | None) -> str:
    """Translate the reasons the code itself writes on a status change; an agent's own words stay as written."""
    if not reason:
        return ""
    if reason == "claimed":
        return gettext("claimed")
    if reason == "unassigned":
        return gettext("unassigned")
    if reason == "answered the call":
        return gettext("answered the call")
    if reason.startswith(_AUTO_ASSIGNED):
        return gettext("auto-assigned to %(name)s", name=reason[len(_AUTO_ASSIGNED) :])
    return reason


def explain(exc: Exception) -> str:
    """Return why a request was refused, in the reader's language when the refusal has a translation."""
    if not isinstance(exc, Refusal):
        return str(exc)
    values = {
        name: _labelled(value, LABELS_OF_VALUE[name]) if name in LABELS_OF_VALUE else value
        for name, value in exc.values.items()
    }
    return gettext(exc.template, **values) if values else gettext(exc.template)


def _labelled(value: object, labels: dict) -> str:
    if isinstance(value, str):
        return str(labels.get(value, value))
    separator = "、" if str(get_locale() or "zh") == "zh" else ", "
    return separator.join(_labelled(item, labels) for item in sorted(value)) or "—"  # type: ignore[arg-type]
