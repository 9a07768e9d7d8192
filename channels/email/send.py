"""Send an answer by SMTP, threaded under the citizen's last mail and tagged with the case reference."""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, formatdate

from channels.base import ChannelError, OutboundMessage
from channels.email.parse import LOOP_HEADER, message_key
from channels.email.thread import OutboundThread, outbound_thread, reply_subject
from core.config import Settings
from core.db import get_engine
from core.urns import InvalidURN, split

TIMEOUT_SECONDS = 30
AUTOMATIC_PURPOSES = {"acknowledgement", "emergency", "status"}  # mails a machine wrote: no auto-replies back


def send(settings: Settings, message: OutboundMessage) -> str:
    """Send one outbound message and return its Message-ID (our external id); raise ChannelError on failure."""
    address = _recipient(message.urn)
    if not (settings.smtp_host and settings.email_from_address):
        raise ChannelError("email sending is not configured (SMTP_HOST, EMAIL_FROM_ADDRESS)", permanent=True)
    engine = get_engine(settings.effective_database_url)
    thread = outbound_thread(engine, message)
    mail = compose(settings, message, address, thread)
    deliver(settings, mail)
    return message_key(mail["Message-ID"])


def _recipient(urn: str) -> str:
    try:
        scheme, address = split(urn)
    except InvalidURN as exc:
        raise ChannelError(str(exc), permanent=True) from exc
    if scheme != "mailto":
        raise ChannelError(f"email cannot reach {urn}", permanent=True)
    return address


def message_id(settings: Settings, interaction_id: int) -> str:
    """Return our Message-ID for an outbound row: the same on every retry, so a resend is one mail to clients."""
    domain = settings.email_from_address.rpartition("@")[2] or "civicline.invalid"
    tag = hashlib.sha256(f"{settings.secret_key}:{interaction_id}".encode()).hexdigest()[:16]
    return f"<civicline.{interaction_id}.{tag}@{domain}>"


def compose(settings: Settings, message: OutboundMessage, address: str, thread: OutboundThread) -> EmailMessage:
    """Build the mail: threading headers, the case tag in the subject, and a loop marker."""
    mail = EmailMessage()
    mail["From"] = formataddr((settings.hotline_name, settings.email_from_address))
    mail["To"] = address
    mail["Subject"] = reply_subject(settings.hotline_name, thread)
    mail["Date"] = formatdate(localtime=False, usegmt=True)
    mail["Message-ID"] = message_id(settings, message.interaction_id)
    cited = [f"<{i}>" for i in thread.references if _is_real(i)]
    if thread.in_reply_to and _is_real(thread.in_reply_to):
        mail["In-Reply-To"] = f"<{thread.in_reply_to}>"
    if cited:
        mail["References"] = " ".join(cited)
    mail[LOOP_HEADER] = settings.email_from_address
    if thread.purpose in AUTOMATIC_PURPOSES:
        mail["Auto-Submitted"] = "auto-replied"  # RFC 3834: tells the citizen's autoresponder not to answer
    mail.set_content(message.text)
    return mail


def _is_real(key: str) -> bool:
    # Mail without a Message-ID is stored under a hash of its bytes, which no mail client would recognise.
    return not key.startswith("sha256:")


def _connect(settings: Settings) -> smtplib.SMTP:
    host, port = settings.smtp_host, settings.smtp_port
    if settings.smtp_security == "ssl":
        return smtplib.SMTP_SSL(host, port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context())
    client = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
    if settings.smtp_security == "starttls":
        client.starttls(context=ssl.create_default_context())
    return client


def deliver(settings: Settings, mail: EmailMessage) -> None:
    """Hand the mail to the SMTP server: 5xx answers are permanent failures, 4xx and network trouble transient."""
    try:
        with _connect(settings) as client:
            if settings.smtp_user:
                client.login(settings.smtp_user, settings.smtp_password)
            client.send_message(mail)
    except smtplib.SMTPRecipientsRefused as exc:
        code, reason = max(exc.recipients.values())
        raise ChannelError(f"SMTP {code}: {_text(reason)}", permanent=code >= 500) from exc
    except smtplib.SMTPResponseException as exc:
        raise ChannelError(f"SMTP {exc.smtp_code}: {_text(exc.smtp_error)}", permanent=exc.smtp_code >= 500) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise ChannelError(f"SMTP server unreachable: {exc}") from exc


def _text(reason: bytes | str) -> str:
    return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
