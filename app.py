"""The Flask application factory: `flask --app app run` serves the webhooks, the API and the pages."""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.middleware.proxy_fix import ProxyFix

from core.config import Settings
from core.runtime import Runtime, install
from web import error_pages, errors, i18n, presence, security, sessions, timefmt
from wiring import bootstrap


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Flask:
    """Build the web application; with no arguments, from the environment (migrating on first start)."""
    runtime = runtime or bootstrap.build_runtime(settings)
    install(runtime)
    app = Flask(__name__, template_folder="web/templates", static_folder="web/static")
    app.config.update(
        SECRET_KEY=runtime.settings.secret_key,
        MAX_CONTENT_LENGTH=runtime.settings.max_body_bytes,
        JSON_AS_ASCII=False,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=runtime.settings.public_url.startswith("https://"),
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    if runtime.settings.trusted_proxy_count:
        # Only the last N X-Forwarded-For entries are the proxies' own: anything before them the client wrote.
        hops = runtime.settings.trusted_proxy_count
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    app.extensions["civicline"] = runtime
    sessions.init_app(app)
    i18n.init_app(app)
    timefmt.init_app(app)
    error_pages.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    presence.init_app(app)
    _register_blueprints(app)
    _register_commands(app)
    app.register_error_handler(413, lambda _e: (jsonify(error="request body too large"), 413))
    logging.getLogger("civicline").info("; ".join(bootstrap.report_channels(runtime)))
    return app


def _register_blueprints(app: Flask) -> None:
    from web.api import bp as api_bp
    from web.citizens_api import bp as citizens_api_bp
    from web.dashboard.views import bp as dashboard_bp
    from web.health import bp as health_bp
    from web.incidents_api import bp as incidents_api_bp
    from web.knowledge_pages import bp as knowledge_bp
    from web.open311.views import bp as open311_bp
    from web.pages import BLUEPRINTS as staff_pages
    from web.sla_admin import bp as sla_admin_bp
    from web.survey import bp as survey_bp
    from web.users_api import bp as users_api_bp
    from web.webhooks import bp as channels_bp

    for blueprint in (
        channels_bp,
        api_bp,
        open311_bp,
        health_bp,
        dashboard_bp,
        knowledge_bp,
        sla_admin_bp,
        survey_bp,
        *staff_pages,
        citizens_api_bp,
        incidents_api_bp,
        users_api_bp,
    ):
        app.register_blueprint(blueprint)
    if app.extensions["civicline"].settings.sms_sandbox:
        from channels.sms.sandbox import bp as sandbox_bp

        app.register_blueprint(sandbox_bp)


def _register_commands(app: Flask) -> None:
    from channels.sms.cli import simulate
    from channels.telegram.cli import telegram_cli
    from core.blobs.cli import blobs_cli
    from feedback.cases.cli import assign_waiting_command, retrain_command
    from feedback.hotspots.cli import hotspots_cli
    from feedback.metrics.cli import metrics_cli
    from feedback.privacy.cli import citizens_cli
    from feedback.seasons.cli import calendar_cli
    from feedback.sla.cli import sla_cli
    from knowledge.cli import knowledge_cli
    from router.archive.cli import history_cli
    from router.cli import router_cli
    from staff.cli import users_cli
    from web.open311.cli import open311_cli
    from wiring.cli import db_cli, departments_cli, serve

    commands = (
        simulate,
        serve,
        db_cli,
        departments_cli,
        users_cli,
        telegram_cli,
        metrics_cli,
        knowledge_cli,
        sla_cli,
        open311_cli,
        router_cli,
        history_cli,
        hotspots_cli,
        calendar_cli,
        citizens_cli,
        blobs_cli,
    )
    router_cli.add_command(retrain_command)
    router_cli.add_command(assign_waiting_command)
    for command in commands:
        app.cli.add_command(command)
