"""First start and every start: settings, schema, department catalogue, channels.

Building a runtime also registers every table (`wiring.schema`): code that works
on all of a citizen's data (merging two records) finds every table that holds it.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError

import wiring.schema  # noqa: F401  (every table, before anything reads the metadata)
from channels import registry
from channels.sms import sandbox
from channels.voice.channel import VoiceChannel
from core import config
from core.config import Settings
from core.runtime import Runtime, persistent_secret
from feedback.calls.desk import CallLine
from feedback.cases.desk import CaseDesk
from feedback.outreach.phone_polls import PollQuestions
from feedback.sla import policies
from staff import catalogue
from wiring import migrate

log = logging.getLogger(__name__)
OLD_MODEL_FILE = "models/router.joblib"  # where installs kept the model before versions were published


def build_runtime(settings: Settings | None = None, prepare: bool = True) -> Runtime:
    """Read settings, fill in generated secrets, and (optionally) migrate and load the catalogue."""
    settings = settings or config.from_environ()
    if not settings.secret_key:
        settings = settings.with_overrides(secret_key=persistent_secret(settings.data_dir, "secret_key"))
    if not settings.api_token:
        settings = settings.with_overrides(api_token=persistent_secret(settings.data_dir, "api_token"))
    if not settings.twilio_account_sid:
        settings = sandbox.sandbox_settings(settings, persistent_secret(settings.data_dir, "twilio_sandbox_token"))
    runtime = Runtime(settings=settings)
    runtime.channels = registry.build(settings, CaseDesk(runtime))
    voice = runtime.channels["voice"]
    if isinstance(voice, VoiceChannel):
        voice.calls = CallLine(runtime)  # the live-calls webhooks keep their calls' state through the case layer
        voice.poll_desk = PollQuestions(runtime)  # a consultation call reads its question again after a wrong key
    if prepare:
        prepare_database(runtime)
    return runtime


def prepare_database(runtime: Runtime) -> None:
    """Bring the schema up to date and, on a new install only, seed the catalogue and SLA policies.

    The database is the record after that: a process starting on another host never puts its own old files
    back over what an admin edited."""
    settings = runtime.settings
    migrate.upgrade(settings.effective_database_url, settings.data_dir)
    specs = catalogue.load(catalogue.first_install_path(settings.data_dir))
    try:
        with runtime.session() as session:
            catalogue.seed(session, specs)
            policies.ensure_defaults(session, settings.data_dir)
    except IntegrityError:
        log.info("another process seeded the new install first")  # both started on an empty database
    old_model = settings.data_dir / OLD_MODEL_FILE
    if old_model.is_file():
        from router.model import published  # scikit-learn is loaded only by installs that have a model

        published.adopt_local_file(runtime, old_model)


def report_channels(runtime: Runtime) -> list[str]:
    """Return one line per channel saying whether it is on, for the start-up log."""
    return [
        f"channel {kind}: {'on' if channel.enabled else 'off (settings missing)'}"
        for kind, channel in runtime.channels.items()
    ]
