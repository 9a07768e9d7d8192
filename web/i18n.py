"""Chinese and English for staff pages (Flask-Babel): the user's own choice, else the browser's."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request
from flask_babel import Babel, get_locale
from flask_login import current_user

LANGUAGES = ("zh", "en")
babel = Babel()


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
