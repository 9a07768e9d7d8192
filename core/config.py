"""Settings read from the environment once at start, validated so bad values fail early."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import phonenumbers

from core import localtime

LANGUAGES = ("zh", "en")


class ConfigError(ValueError):
    """A setting has a value the service cannot run with."""


@dataclass(frozen=True)
class Settings:
    """Everything the service reads from its environment."""

    data_dir: Path = Path("instance")
    database_url: str = ""
    redis_url: str = ""
    public_url: str = "http://127.0.0.1:5000"
    secret_key: str = ""
    api_token: str = ""
    default_region: str = "CN"
    default_language: str = "zh"
    hotline_name: str = "12345"
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_from_number: str = ""
    twilio_messaging_service_sid: str = ""
    twilio_api_base_url: str = ""
    twilio_delete_recordings: bool = False  # delete each recording at Twilio once it is in the media store
    speech_to_text_command: str = ""  # a local engine run on each kept recording (core.speech)
    validate_signatures: bool = True
    sms_sandbox: bool = False
    max_body_bytes: int = 64 * 1024
    voice_max_recording_seconds: int = 120
    telegram_bot_token: str = ""
    telegram_webhook_secret: str = ""
    telegram_api_server: str = ""
    media_max_bytes: int = 20 * 1024 * 1024
    # Where files live (core.blobs): auto = the database on PostgreSQL, the data directory otherwise.
    blob_store: str = "auto"
    s3_endpoint_url: str = ""
    s3_bucket: str = ""
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    s3_region: str = ""
    s3_prefix: str = ""
    imap_host: str = ""
    imap_port: int = 993
    imap_user: str = ""
    imap_password: str = ""
    imap_ssl: bool = True
    imap_folder: str = "INBOX"
    imap_processed_folder: str = ""
    email_poll_seconds: int = 60
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_security: str = "starttls"
    email_from_address: str = ""
    router_confidence_threshold: float = 0.6
    knowledge_answer_threshold: float = 0.75
    reopen_window_days: int = 15
    breach_escalation_minutes: int = 60  # an unacknowledged breach goes up a level after this long
    callback_max_tries: int = 3  # failed calls before the citizen is texted and the call-back request closed
    # Live calls (feedback.calls): key 0 queues a caller for an agent instead of asking for a call-back.
    live_calls: bool = False
    call_max_wait_seconds: int = 300  # a caller nobody served by then is offered a message or a call-back
    call_ring_seconds: int = 20  # how long an agent's phone rings before the call goes to the next agent
    call_service_level_seconds: int = 20  # the service level counts calls answered within this wait
    # After key 0, a key per department's queue ("1=roads,2=environment"); empty: one queue per language.
    call_department_keys: str = ""
    # The hotline's time zone: every time staff read, and the dashboard's days (core.localtime).
    hotline_timezone: str = "Asia/Shanghai"
    # Who a caller in danger must ring at once, by service (router.dangers: police, fire, ambulance).
    emergency_numbers: str = "police=110,fire=119,ambulance=120"
    # A staff session ends after this long without a request, and this long after signing in whatever happens.
    session_idle_minutes: int = 60
    session_max_hours: int = 12
    # How many reverse proxies in front of the web processes append to X-Forwarded-For (0: none, trust no header).
    trusted_proxy_count: int = 0
    # Personal-information retention, in days (0 keeps for ever): what the nightly job anonymises
    # (feedback.privacy.retention). Off by default: erasing years of records must be an operator's choice.
    retention_message_days: int = 0
    retention_media_days: int = 0
    retention_closed_case_days: int = 0
    # Outreach (feedback.outreach): how fast notices go out, shared by every worker through Redis.
    outreach_sms_per_second: float = 1.0  # SMS segments a second per number or messaging service (a long code: 1)
    outreach_telegram_per_second: float = 30.0  # the bot across all chats
    outreach_telegram_chat_per_second: float = 1.0  # one chat
    outreach_email_per_second: float = 5.0
    outreach_voice_per_second: float = 1.0  # consultation calls placed a second (Twilio's default for an account)
    # No SMS notice in these hours of the hotline's day unless the notice is urgent ("21-8": 21:00 to 08:00).
    outreach_quiet_hours: str = "21-8"
    outreach_reply_hours: int = 72  # a reply this soon after a notice is about the notice
    outreach_sms_segment_price: float = 0.05  # what one SMS segment costs, for the notice form's estimate (0: hide it)

    @property
    def report_utc_offset_hours(self) -> float:
        """Return the hotline zone's offset from UTC now, in hours (the dashboard's days are cut at it)."""
        return localtime.utc_offset_hours(localtime.zone(self.hotline_timezone))

    @property
    def effective_database_url(self) -> str:
        """Return DATABASE_URL, or the SQLite file inside the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'civicline.sqlite3').resolve()}"

    def with_overrides(self, **values: Any) -> Settings:
        """Return a copy with some fields replaced and validated again."""
        known = {f.name for f in fields(self)}
        unknown = set(values) - known
        if unknown:
            raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")
        settings = replace(self, **values)
        settings.validate()
        return settings

    def validate(self) -> None:
        """Raise ConfigError naming the first setting that cannot work."""
        if self.default_language not in LANGUAGES:
            raise ConfigError(f"DEFAULT_LANGUAGE must be one of {', '.join(LANGUAGES)}, not {self.default_language!r}")
        if self.default_region.upper() not in phonenumbers.SUPPORTED_REGIONS:
            raise ConfigError(
                f"DEFAULT_REGION {self.default_region!r} is not a country code phonenumbers knows (e.g. CN, GB, US)"
            )
        _check_url("PUBLIC_URL", self.public_url, ("http", "https"))
        if self.database_url:
            _check_url("DATABASE_URL", self.database_url, ("sqlite", "postgresql", "postgresql+psycopg", "postgres"))
        if self.redis_url:
            _check_url("REDIS_URL", self.redis_url, ("redis", "rediss", "unix"))
        if self.twilio_api_base_url:
            _check_url("TWILIO_API_BASE_URL", self.twilio_api_base_url, ("http", "https"))
        if self.twilio_account_sid and not self.twilio_account_sid.startswith("AC"):
            raise ConfigError("TWILIO_ACCOUNT_SID must start with 'AC' (find it on the Twilio console's dashboard)")
        if self.twilio_account_sid and not self.twilio_auth_token:
            raise ConfigError("TWILIO_AUTH_TOKEN is required when TWILIO_ACCOUNT_SID is set")
        if self.twilio_from_number and not self.twilio_from_number.startswith(("+", "MG")):
            raise ConfigError("TWILIO_FROM_NUMBER must be in E.164 form, e.g. +8612345678901")
        if self.max_body_bytes < 1024:
            raise ConfigError("MAX_BODY_BYTES must be at least 1024")
        if self.telegram_api_server:
            _check_url("TELEGRAM_API_SERVER", self.telegram_api_server, ("http", "https"))
        if self.telegram_bot_token and ":" not in self.telegram_bot_token:
            raise ConfigError("TELEGRAM_BOT_TOKEN looks wrong: BotFather's tokens read '123456:ABC-...'")
        parse_emergency_numbers(self.emergency_numbers)
        self._validate_blob_store()
        try:
            localtime.zone(self.hotline_timezone)
        except ValueError as exc:
            raise ConfigError(f"HOTLINE_TIMEZONE: {exc}") from None
        if self.smtp_security not in ("starttls", "ssl", "none"):
            raise ConfigError("SMTP_SECURITY must be starttls, ssl or none")
        for name, value in (
            ("ROUTER_CONFIDENCE_THRESHOLD", self.router_confidence_threshold),
            ("KNOWLEDGE_ANSWER_THRESHOLD", self.knowledge_answer_threshold),
        ):
            if not 0.0 <= value <= 1.0:
                raise ConfigError(f"{name} must be between 0 and 1, not {value}")
        for name, value, low in (
            ("EMAIL_POLL_SECONDS", self.email_poll_seconds, 1),
            ("VOICE_MAX_RECORDING_SECONDS", self.voice_max_recording_seconds, 1),
            ("MEDIA_MAX_BYTES", self.media_max_bytes, 1),
            ("REOPEN_WINDOW_DAYS", self.reopen_window_days, 0),
            ("SESSION_IDLE_MINUTES", self.session_idle_minutes, 1),
            ("SESSION_MAX_HOURS", self.session_max_hours, 1),
            ("TRUSTED_PROXY_COUNT", self.trusted_proxy_count, 0),
            ("RETENTION_MESSAGE_DAYS", self.retention_message_days, 0),
            ("RETENTION_MEDIA_DAYS", self.retention_media_days, 0),
            ("RETENTION_CLOSED_CASE_DAYS", self.retention_closed_case_days, 0),
            ("BREACH_ESCALATION_MINUTES", self.breach_escalation_minutes, 1),
            ("CALLBACK_MAX_TRIES", self.callback_max_tries, 1),
            ("CALL_MAX_WAIT_SECONDS", self.call_max_wait_seconds, 10),
            ("CALL_RING_SECONDS", self.call_ring_seconds, 5),
            ("CALL_SERVICE_LEVEL_SECONDS", self.call_service_level_seconds, 1),
            ("OUTREACH_REPLY_HOURS", self.outreach_reply_hours, 1),
        ):
            if value < low:
                raise ConfigError(f"{name} must be at least {low}, not {value}")
        for name, rate in (
            ("OUTREACH_SMS_PER_SECOND", self.outreach_sms_per_second),
            ("OUTREACH_TELEGRAM_PER_SECOND", self.outreach_telegram_per_second),
            ("OUTREACH_TELEGRAM_CHAT_PER_SECOND", self.outreach_telegram_chat_per_second),
            ("OUTREACH_EMAIL_PER_SECOND", self.outreach_email_per_second),
            ("OUTREACH_VOICE_PER_SECOND", self.outreach_voice_per_second),
        ):
            if not 0 < rate <= 10000:
                raise ConfigError(f"{name} must be above 0 and at most 10000, not {rate}")
        quiet_hours(self.outreach_quiet_hours)
        self.department_keys()
        price = self.outreach_sms_segment_price
        if not 0 <= price <= 1000:
            raise ConfigError(f"OUTREACH_SMS_SEGMENT_PRICE must be between 0 and 1000, not {price}")
        for name, value in (("IMAP_PORT", self.imap_port), ("SMTP_PORT", self.smtp_port)):
            if not 0 < value < 65536:
                raise ConfigError(f"{name} must be a TCP port (1-65535), not {value}")

    def department_keys(self) -> dict[str, str]:
        """Return CALL_DEPARTMENT_KEYS as {key: department code}; raise ConfigError when it is malformed."""
        keys: dict[str, str] = {}
        for part in (p.strip() for p in self.call_department_keys.replace("，", ",").split(",")):
            if not part:
                continue
            key, _, code = (x.strip() for x in part.partition("="))
            if len(key) != 1 or key not in "12345678" or not code or len(code) > 40:
                raise ConfigError(f"CALL_DEPARTMENT_KEYS: {part!r} is not a key 1-8 '=' a department code")
            if not all(c.isascii() and (c.isalnum() or c == "_") for c in code) or code != code.lower():
                raise ConfigError(f"CALL_DEPARTMENT_KEYS: {code!r} is not a department code (a-z, 0-9, _)")
            if key in keys:
                raise ConfigError(f"CALL_DEPARTMENT_KEYS: key {key} is given twice")
            keys[key] = code
        return keys

    def _validate_blob_store(self) -> None:
        if self.blob_store not in ("auto", "local", "database", "s3"):
            raise ConfigError(f"BLOB_STORE must be auto, local, database or s3, not {self.blob_store!r}")
        if self.blob_store == "s3" and not self.s3_bucket:
            raise ConfigError("S3_BUCKET is required when BLOB_STORE is s3")
        if self.s3_endpoint_url:
            _check_url("S3_ENDPOINT_URL", self.s3_endpoint_url, ("http", "https"))


def quiet_hours(raw: str) -> tuple[int, int] | None:
    """Read OUTREACH_QUIET_HOURS ("21-8", or empty for none) into (first hour, hour it ends); raise ConfigError."""
    if not raw.strip():
        return None
    start, _, end = raw.partition("-")
    if not (start.strip().isdigit() and end.strip().isdigit()) or max(int(start), int(end)) > 23:
        raise ConfigError(f"OUTREACH_QUIET_HOURS must read like 21-8 (hours 0-23), not {raw!r}")
    return int(start), int(end)


EMERGENCY_SERVICES = ("police", "fire", "ambulance")


def parse_emergency_numbers(raw: str) -> dict[str, str]:
    """Read EMERGENCY_NUMBERS ("police=110,fire=119,ambulance=120") into service → number; raise ConfigError."""
    numbers: dict[str, str] = {}
    for part in (p.strip() for p in raw.split(",") if p.strip()):
        service, _, number = part.partition("=")
        service, number = service.strip().lower(), number.strip()
        if service not in EMERGENCY_SERVICES or not number or not all(c.isdigit() or c in "+-" for c in number):
            raise ConfigError(
                f"EMERGENCY_NUMBERS must read like police=110,fire=119,ambulance=120; {part!r} is not a service=number"
            )
        numbers[service] = number
    missing = [service for service in EMERGENCY_SERVICES if service not in numbers]
    if missing:
        raise ConfigError(f"EMERGENCY_NUMBERS has no number for {', '.join(missing)}")
    return numbers


def _check_url(name: str, value: str, schemes: tuple[str, ...]) -> None:
    parsed = urlparse(value)
    if parsed.scheme not in schemes:
        raise ConfigError(f"{name} must start with one of {', '.join(s + '://' for s in schemes)}; got {value!r}")
    if parsed.scheme in ("http", "https", "postgresql", "postgres", "postgresql+psycopg") and not parsed.hostname:
        raise ConfigError(f"{name} has no host: {value!r}")


def _bool(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def _int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def _float(name: str, raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None


def _hotline_timezone(name: str, legacy_offset: str) -> str:
    """Return HOTLINE_TIMEZONE, else the older REPORT_UTC_OFFSET_HOURS as a fixed zone, else Asia/Shanghai."""
    if name:
        return name
    if legacy_offset:
        hours = _float("REPORT_UTC_OFFSET_HOURS", legacy_offset)
        if not -12 <= hours <= 14:
            raise ConfigError("REPORT_UTC_OFFSET_HOURS must be between -12 and 14 (China: 8)")
        return localtime.fixed_zone_name(hours)
    return Settings.hotline_timezone


def from_environ(environ: dict[str, str] | None = None) -> Settings:
    """Build Settings from environment variables (unset ones keep their defaults)."""
    env = os.environ if environ is None else environ

    def get(key: str, default: str = "") -> str:
        return env.get(key, default).strip()

    settings = Settings(
        data_dir=Path(get("CIVICLINE_DATA_DIR", "instance")),
        database_url=get("DATABASE_URL"),
        redis_url=get("REDIS_URL"),
        public_url=get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/"),
        secret_key=get("SECRET_KEY"),
        api_token=get("API_TOKEN"),
        default_region=get("DEFAULT_REGION", "CN").upper(),
        default_language=get("DEFAULT_LANGUAGE", "zh").lower(),
        hotline_name=get("HOTLINE_NAME", "12345"),
        twilio_account_sid=get("TWILIO_ACCOUNT_SID"),
        twilio_auth_token=get("TWILIO_AUTH_TOKEN"),
        twilio_from_number=get("TWILIO_FROM_NUMBER"),
        twilio_messaging_service_sid=get("TWILIO_MESSAGING_SERVICE_SID"),
        twilio_api_base_url=get("TWILIO_API_BASE_URL").rstrip("/"),
        twilio_delete_recordings=_bool("TWILIO_DELETE_RECORDINGS", get("TWILIO_DELETE_RECORDINGS", "false")),
        speech_to_text_command=get("SPEECH_TO_TEXT_COMMAND"),
        validate_signatures=_bool("VALIDATE_SIGNATURES", get("VALIDATE_SIGNATURES", "true")),
        max_body_bytes=_int("MAX_BODY_BYTES", get("MAX_BODY_BYTES", str(64 * 1024))),
        voice_max_recording_seconds=_int("VOICE_MAX_RECORDING_SECONDS", get("VOICE_MAX_RECORDING_SECONDS", "120")),
        telegram_bot_token=get("TELEGRAM_BOT_TOKEN"),
        telegram_webhook_secret=get("TELEGRAM_WEBHOOK_SECRET"),
        telegram_api_server=get("TELEGRAM_API_SERVER").rstrip("/"),
        media_max_bytes=_int("MEDIA_MAX_BYTES", get("MEDIA_MAX_BYTES", str(20 * 1024 * 1024))),
        blob_store=get("BLOB_STORE", "auto").lower(),
        s3_endpoint_url=get("S3_ENDPOINT_URL").rstrip("/"),
        s3_bucket=get("S3_BUCKET"),
        s3_access_key_id=get("S3_ACCESS_KEY_ID"),
        s3_secret_access_key=get("S3_SECRET_ACCESS_KEY"),
        s3_region=get("S3_REGION"),
        s3_prefix=get("S3_PREFIX"),
        imap_host=get("IMAP_HOST"),
        imap_port=_int("IMAP_PORT", get("IMAP_PORT", "993")),
        imap_user=get("IMAP_USER"),
        imap_password=get("IMAP_PASSWORD"),
        imap_ssl=_bool("IMAP_SSL", get("IMAP_SSL", "true")),
        imap_folder=get("IMAP_FOLDER", "INBOX"),
        imap_processed_folder=get("IMAP_PROCESSED_FOLDER"),
        email_poll_seconds=_int("EMAIL_POLL_SECONDS", get("EMAIL_POLL_SECONDS", "60")),
        smtp_host=get("SMTP_HOST"),
        smtp_port=_int("SMTP_PORT", get("SMTP_PORT", "587")),
        smtp_user=get("SMTP_USER"),
        smtp_password=get("SMTP_PASSWORD"),
        smtp_security=get("SMTP_SECURITY", "starttls").lower(),
        email_from_address=get("EMAIL_FROM_ADDRESS"),
        router_confidence_threshold=_float("ROUTER_CONFIDENCE_THRESHOLD", get("ROUTER_CONFIDENCE_THRESHOLD", "0.6")),
        knowledge_answer_threshold=_float("KNOWLEDGE_ANSWER_THRESHOLD", get("KNOWLEDGE_ANSWER_THRESHOLD", "0.75")),
        reopen_window_days=_int("REOPEN_WINDOW_DAYS", get("REOPEN_WINDOW_DAYS", "15")),
        breach_escalation_minutes=_int("BREACH_ESCALATION_MINUTES", get("BREACH_ESCALATION_MINUTES", "60")),
        callback_max_tries=_int("CALLBACK_MAX_TRIES", get("CALLBACK_MAX_TRIES", "3")),
        live_calls=_bool("LIVE_CALLS", get("LIVE_CALLS", "false")),
        call_max_wait_seconds=_int("CALL_MAX_WAIT_SECONDS", get("CALL_MAX_WAIT_SECONDS", "300")),
        call_ring_seconds=_int("CALL_RING_SECONDS", get("CALL_RING_SECONDS", "20")),
        call_service_level_seconds=_int("CALL_SERVICE_LEVEL_SECONDS", get("CALL_SERVICE_LEVEL_SECONDS", "20")),
        call_department_keys=get("CALL_DEPARTMENT_KEYS"),
        hotline_timezone=_hotline_timezone(get("HOTLINE_TIMEZONE"), get("REPORT_UTC_OFFSET_HOURS")),
        emergency_numbers=get("EMERGENCY_NUMBERS", Settings.emergency_numbers),
        session_idle_minutes=_int("SESSION_IDLE_MINUTES", get("SESSION_IDLE_MINUTES", "60")),
        session_max_hours=_int("SESSION_MAX_HOURS", get("SESSION_MAX_HOURS", "12")),
        trusted_proxy_count=_int("TRUSTED_PROXY_COUNT", get("TRUSTED_PROXY_COUNT", "0")),
        retention_message_days=_int("RETENTION_MESSAGE_DAYS", get("RETENTION_MESSAGE_DAYS", "0")),
        retention_media_days=_int("RETENTION_MEDIA_DAYS", get("RETENTION_MEDIA_DAYS", "0")),
        retention_closed_case_days=_int("RETENTION_CLOSED_CASE_DAYS", get("RETENTION_CLOSED_CASE_DAYS", "0")),
        outreach_sms_per_second=_float("OUTREACH_SMS_PER_SECOND", get("OUTREACH_SMS_PER_SECOND", "1")),
        outreach_telegram_per_second=_float("OUTREACH_TELEGRAM_PER_SECOND", get("OUTREACH_TELEGRAM_PER_SECOND", "30")),
        outreach_telegram_chat_per_second=_float(
            "OUTREACH_TELEGRAM_CHAT_PER_SECOND", get("OUTREACH_TELEGRAM_CHAT_PER_SECOND", "1")
        ),
        outreach_email_per_second=_float("OUTREACH_EMAIL_PER_SECOND", get("OUTREACH_EMAIL_PER_SECOND", "5")),
        outreach_voice_per_second=_float("OUTREACH_VOICE_PER_SECOND", get("OUTREACH_VOICE_PER_SECOND", "1")),
        outreach_quiet_hours=get("OUTREACH_QUIET_HOURS", "21-8"),
        outreach_reply_hours=_int("OUTREACH_REPLY_HOURS", get("OUTREACH_REPLY_HOURS", "72")),
        outreach_sms_segment_price=_float("OUTREACH_SMS_SEGMENT_PRICE", get("OUTREACH_SMS_SEGMENT_PRICE", "0.05")),
    )
    settings.validate()
    return settings
