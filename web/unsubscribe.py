"""`/unsubscribe/<token>`: the link under an emailed notice; no sign-in, the signed token is the key.

Opening the link only asks: mail scanners open links, and only the citizen's press should count.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from feedback.outreach import links
from feedback.outreach.texts import TEXTS

bp = Blueprint("unsubscribe", __name__)


@bp.get("/unsubscribe/<token>")
def ask(token: str):
    """Ask the citizen to confirm, in both languages."""
    settings = current_app.extensions["civicline"].settings
    if links.address_of(settings, token) is None:
        return _page("unsubscribe_invalid", done=True), 404
    return _page("unsubscribe_ask", done=False)


@bp.post("/unsubscribe/<token>")
def confirm(token: str):
    """Record the opt-out (channel email, by link) and say so."""
    runtime = current_app.extensions["civicline"]
    with runtime.session() as session:
        done = links.unsubscribe(session, runtime.settings, token)
    if done is None:
        return _page("unsubscribe_invalid", done=True), 404
    return _page("unsubscribed", done=True)


def _page(key: str, done: bool) -> str:
    hotline = current_app.extensions["civicline"].settings.hotline_name
    lines = {language: TEXTS.say(key, language, hotline=hotline) for language in ("zh", "en")}
    buttons = {language: TEXTS.say("unsubscribe_button", language) for language in ("zh", "en")}
    titles = {language: TEXTS.say("unsubscribe_title", language) for language in ("zh", "en")}
    return render_template("outreach/unsubscribe.html", lines=lines, buttons=buttons, titles=titles, done=done)
