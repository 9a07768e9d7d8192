"""Email end to end on real servers: Dovecot holds the citizens' mail, aiosmtpd takes our answers, and the real
rq worker sits between them."""

from __future__ import annotations

import email
import shutil
import ssl
import tempfile
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from urllib.parse import unquote

import pytest
from imap_tools import AND, MailBoxUnencrypted
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, func, select

from channels import intake
from channels.base import ChannelError, OutboundMessage
from channels.email.channel import EmailChannel
from channels.email.mailbox import poll_mailbox
from channels.models import DELIVERED, OUTBOUND, PROCESSED, SENT, UNDELIVERABLE, Attachment, Interaction
from core.config import Settings
from feedback.answers import resolution
from feedback.answers.outbox import queue_message
from feedback.cases import opening
from feedback.cases.models import Case, CaseEvent
from feedback.cases.reference import is_valid
from jobs import periodic
from router.decision import decide
from router.identity.models import Citizen, Identity
from staff.models import Department
from tests.helpers import FIXTURES
from tests.helpers.processes import free_port
from tests.helpers.servers import dovecot
from tests.helpers.servers.smtp import SmtpServer
from tests.helpers.staff import csrf_token, make_user, sign_in_with_form
from tests.helpers.worker import settle, work
from wiring import bootstrap

HOTLINE_ADDRESS = "hotline@hotline.example.gov.cn"
MAX_BYTES = 2048  # small, so the oversized-attachment fixture stays small


def eml(name: str) -> bytes:
    return (FIXTURES / "email" / name).read_bytes()


def _kept(runtime, key: str) -> bytes:
    """Read a file back from the blob store the service uses (the database on PostgreSQL)."""
    with runtime.blobs.open(key) as stream:
        return stream.read()


@pytest.fixture(scope="session")
def imap_server():
    root = Path(tempfile.mkdtemp(prefix="civicline-dovecot-"))
    root.chmod(0o755)  # Dovecot's own users must reach the maildir inside
    try:
        server = dovecot.start(root)
    except dovecot.Unavailable as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"no IMAP server for the email tests: {exc}")
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


class Mailbox:
    """The test's view of the hotline's mailbox: deliver mail into it and look at what the poll left."""

    def __init__(self, server: dovecot.Dovecot):
        self.server = server

    def open(self, folder: str = "INBOX") -> MailBoxUnencrypted:
        box = MailBoxUnencrypted(self.server.host, self.server.port)
        return box.login(self.server.user, self.server.password, initial_folder=folder)

    def deliver(self, *raws: bytes) -> None:
        with self.open() as box:
            for raw in raws:
                box.append(raw, "INBOX", flag_set=())

    def unseen(self, folder: str = "INBOX") -> int:
        with self.open(folder) as box:
            return len(box.uids(AND(seen=False)))

    def count(self, folder: str = "INBOX") -> int:
        with self.open(folder) as box:
            return len(box.uids("ALL"))

    def empty(self) -> None:
        with self.open() as box:
            box.delete(box.uids("ALL"))
            for folder in box.folder.list():
                if folder.name != "INBOX":
                    box.folder.delete(folder.name)


@pytest.fixture
def mailbox(imap_server):
    box = Mailbox(imap_server)
    box.empty()
    yield box
    box.empty()


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def settings(settings: Settings, imap_server, smtp) -> Settings:
    return settings.with_overrides(
        imap_host=imap_server.host,
        imap_port=imap_server.port,
        imap_user=imap_server.user,
        imap_password=imap_server.password,
        imap_ssl=False,
        smtp_host=smtp.host,
        smtp_port=smtp.port,
        smtp_security="none",
        email_from_address=HOTLINE_ADDRESS,
        media_max_bytes=MAX_BYTES,
    )


def poll_and_work(runtime) -> None:
    """Let the periodic job fire as a worker's ticker would, then run the real worker until the queues are empty."""
    runtime.redis.delete("civicline:periodic:email-poll")
    assert "email-poll" in periodic.enqueue_due(runtime)
    work(runtime)


def reply_to(original: bytes, answer: email.message.Message, text: str, subject: str, thread: bool = True) -> bytes:
    """Write the citizen's reply to our answer, as a mail client would."""
    mail = EmailMessage()
    first = email.message_from_bytes(original)
    mail["From"], mail["To"] = first["From"], HOTLINE_ADDRESS
    mail["Subject"], mail["Message-ID"] = subject, make_msgid(domain="example.cn")
    if thread:
        mail["In-Reply-To"] = answer["Message-ID"]
        mail["References"] = f"{answer['References'] or ''} {answer['Message-ID']}".strip()
    quoted = answer.get_payload(decode=True).decode()
    mail.set_content(f"{text}\n\nOn Fri, 20 Nov 2026, 12345 <{HOTLINE_ADDRESS}> wrote:\n> {quoted}")
    return mail.as_bytes()


def _all(runtime, model, *where):
    settle(runtime)  # what pollers stored on SQLite waits in a journal until a worker moves it
    with Session(runtime.engine) as session:
        return list(session.exec(select(model).where(*where).order_by(model.id)))


def _count(runtime, model) -> int:
    settle(runtime)  # what webhooks stored on SQLite waits in a journal until a worker moves it
    with Session(runtime.engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_a_mail_to_the_mailbox_becomes_a_case_and_the_acknowledgement_arrives_threaded_to_it(runtime, mailbox, smtp):
    mailbox.deliver(eml("gb2312_streetlight.eml"))
    poll_and_work(runtime)

    [case] = _all(runtime, Case)
    [contact] = _all(runtime, Interaction, Interaction.direction == "in")
    assert contact.urn == "mailto:wangfang@example.cn" and contact.case_id == case.id
    assert contact.external_id == "20261120091233.5A1F@example.cn"
    assert "村口的路灯坏了三天了" in contact.text and is_valid(case.reference)
    [answer] = smtp.sink.wait_for(1)
    message = answer.message
    assert answer.recipients == ["wangfang@example.cn"]
    assert message["In-Reply-To"] == "<20261120091233.5A1F@example.cn>"
    assert message["References"] == "<20261120091233.5A1F@example.cn>"
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert subject == f"Re: 村口路灯坏了 [12345] 工单 {case.reference}"
    assert message["X-CivicLine-Loop"] == HOTLINE_ADDRESS and message["Auto-Submitted"] == "auto-replied"
    assert case.reference in message.get_payload(decode=True).decode("utf-8")
    [outbound] = _all(runtime, Interaction, Interaction.direction == OUTBOUND)
    assert outbound.status == DELIVERED and f"<{outbound.external_id}>" == message["Message-ID"]
    assert mailbox.unseen() == 0 and mailbox.count() == 1  # flagged seen only, no processed folder set


def _second_open_case(runtime, citizen_id: int) -> Case:
    """Give the citizen a newer open case, so joining 'the latest open case' would pick the wrong one."""
    with runtime.session() as session:
        citizen = session.get(Citizen, citizen_id)
        sms = "tel:+8613800138000"
        contact = Interaction(direction="in", channel="sms", urn=sms, text="另一件事", status=PROCESSED)
        session.add(contact)
        session.flush()
        return opening.open_case(session, citizen, contact, decide(session, "另一件事"), "zh")


def test_a_reply_joins_its_case_by_in_reply_to_even_when_a_newer_case_is_open(runtime, mailbox, smtp):
    first = eml("gb2312_streetlight.eml")
    mailbox.deliver(first)
    poll_and_work(runtime)
    [case] = _all(runtime, Case)
    newer = _second_open_case(runtime, case.citizen_id)
    [ack] = smtp.sink.wait_for(1)

    reply = reply_to(first, ack.message, "晚上还是不亮。", "Re: 村口路灯坏了")
    mailbox.deliver(reply)
    poll_and_work(runtime)

    joined = _all(runtime, Interaction, Interaction.direction == "in", Interaction.case_id == case.id)
    assert [c.text for c in joined] == [joined[0].text, "晚上还是不亮。"]  # the quoted answer is cut
    with Session(runtime.engine) as session:
        assert opening.open_case_of(session, case.citizen_id).id == newer.id  # what "join the open case" would pick
    second = smtp.sink.wait_for(2)[1].message
    reply_id = email.message_from_bytes(reply)["Message-ID"]
    assert second["In-Reply-To"] == reply_id
    assert second["References"].split() == ["<20261120091233.5A1F@example.cn>", ack.message["Message-ID"], reply_id]
    assert case.reference in str(email.header.make_header(email.header.decode_header(second["Subject"])))


def test_a_reply_quoting_the_case_reference_in_its_subject_joins_that_case(runtime, mailbox, smtp):
    first = eml("gb2312_streetlight.eml")
    mailbox.deliver(first)
    poll_and_work(runtime)
    [case] = _all(runtime, Case)
    _second_open_case(runtime, case.citizen_id)
    [ack] = smtp.sink.wait_for(1)

    subject = f"回复：[12345] 工单 {case.reference}"
    mailbox.deliver(reply_to(first, ack.message, "补充照片稍后发。", subject, thread=False))
    poll_and_work(runtime)

    [latest] = _all(runtime, Interaction, Interaction.direction == "in", Interaction.text == "补充照片稍后发。")
    assert latest.case_id == case.id


def test_a_reference_to_someone_elses_case_does_not_join_it(runtime, mailbox, smtp):
    mailbox.deliver(eml("gb2312_streetlight.eml"))
    poll_and_work(runtime)
    [case] = _all(runtime, Case)
    stranger = EmailMessage()
    stranger["From"], stranger["To"] = "stranger@example.net", HOTLINE_ADDRESS
    stranger["Subject"], stranger["Message-ID"] = f"Re: [12345] 工单 {case.reference}", make_msgid()
    stranger["In-Reply-To"] = "<20261120091233.5A1F@example.cn>"  # even citing the owner's own mail
    stranger.set_content("我也要看看这个工单")
    mailbox.deliver(stranger.as_bytes())
    poll_and_work(runtime)

    [contact] = _all(
        runtime, Interaction, Interaction.urn == "mailto:stranger@example.net", Interaction.direction == "in"
    )
    assert contact.case_id is not None and contact.case_id != case.id
    assert _count(runtime, Case) == 2


def test_mail_is_moved_to_the_processed_folder_once_stored(runtime, mailbox, smtp):
    runtime.settings = runtime.settings.with_overrides(imap_processed_folder="Processed")
    mailbox.deliver(eml("plain_en.eml"), eml("big5_garbage_collection.eml"))
    assert poll_mailbox(runtime) == 2
    assert mailbox.count("INBOX") == 0 and mailbox.count("Processed") == 2


def test_when_storing_fails_the_mail_stays_unread_and_is_stored_once_on_the_next_poll(runtime, mailbox, monkeypatch):
    mailbox.deliver(eml("plain_en.eml"))

    def database_down(engine, contacts):
        raise OperationalError("INSERT", {}, Exception("database is down"))

    with monkeypatch.context() as patch:
        patch.setattr(intake, "store", database_down)
        with pytest.raises(OperationalError):
            poll_mailbox(runtime)
    assert mailbox.unseen() == 1 and _count(runtime, Interaction) == 0

    assert poll_mailbox(runtime) == 1
    assert mailbox.unseen() == 0 and _count(runtime, Interaction) == 1


def test_a_mail_fetched_again_after_a_crash_is_stored_once(runtime, mailbox):
    mailbox.deliver(eml("plain_en.eml"))
    assert poll_mailbox(runtime) == 1
    with mailbox.open() as box:  # the crash: stored, but the \Seen flag never got set
        box.flag(box.uids("ALL"), "\\Seen", False)
    assert poll_mailbox(runtime) == 0
    assert _count(runtime, Interaction) == 1 and mailbox.unseen() == 0


def test_auto_replies_loops_and_unreadable_mail_open_no_case_and_are_marked_done(runtime, mailbox, smtp):
    own = eml("plain_en.eml").replace(b"John Smith <j.smith@example.org>", f"<{HOTLINE_ADDRESS}>".encode())
    mailbox.deliver(
        eml("auto_reply.eml"), eml("loop_own_acknowledgement.eml"), eml("garbage_bytes.eml"), own, eml("bounce_dsn.eml")
    )
    poll_and_work(runtime)
    assert _count(runtime, Interaction) == 0 and _count(runtime, Citizen) == 0 and _count(runtime, Case) == 0
    assert mailbox.unseen() == 0 and smtp.sink.received == []


def test_a_bounce_of_our_answer_marks_it_undeliverable(runtime, mailbox):
    with runtime.session() as session:
        answer = Interaction(
            direction=OUTBOUND,
            channel="email",
            urn="mailto:nobody@example.cn",
            text="【12345】您的诉求已受理",
            status=SENT,
            external_id="civicline.1.0000000000000000@hotline.example.gov.cn",
        )
        session.add(answer)
    mailbox.deliver(eml("bounce_dsn.eml"))
    poll_mailbox(runtime)
    [row] = _all(runtime, Interaction)
    assert row.status == UNDELIVERABLE and "User unknown" in row.error


def test_attachments_are_kept_in_the_media_store_and_oversized_ones_by_name_only(runtime, mailbox):
    mailbox.deliver(eml("attachment.eml"), eml("oversized_attachment.eml"))
    poll_mailbox(runtime)
    kept = {a.filename: a for a in _all(runtime, Attachment)}
    assert set(kept) == {"pothole.png", "情况说明.pdf", "noise.mp3", "site.png"}
    assert _kept(runtime, kept["pothole.png"].path).startswith(b"\x89PNG")
    assert _kept(runtime, kept["情况说明.pdf"].path).startswith(b"%PDF")
    assert kept["noise.mp3"].path is None and kept["noise.mp3"].size == 4096
    assert "MEDIA_MAX_BYTES" in kept["noise.mp3"].note
    oversized = _all(runtime, Interaction, Interaction.external_id == "oversize.8@example.cn")[0]
    raw_copy = _kept(runtime, oversized.payload["raw_path"])
    assert len(raw_copy) < MAX_BYTES and b"removed, over MEDIA_MAX_BYTES" in raw_copy and b"site.png" in raw_copy


def test_the_raw_copy_keeps_what_the_new_text_cuts(runtime, mailbox):
    mailbox.deliver(eml("reply_quoted_zh.eml"))
    poll_mailbox(runtime)
    [contact] = _all(runtime, Interaction)
    assert contact.text == "路灯还是没有修好，请再催一下。" and contact.payload["quoted_text_cut"]
    assert _kept(runtime, contact.payload["raw_path"]) == eml("reply_quoted_zh.eml")


def test_a_mail_with_only_a_subject_becomes_a_contact_with_the_subject_as_text(runtime, mailbox):
    mailbox.deliver(eml("empty_body.eml"))
    poll_mailbox(runtime)
    [contact] = _all(runtime, Interaction)
    assert contact.text == "小区停电了"


def _queued(runtime, urn: str) -> int:
    with runtime.session() as session:
        message = queue_message(session, urn, "email", "您的工单已办结。", "answer", None)
        session.flush()
        return message.id


def test_a_refused_recipient_fails_for_good_and_a_busy_server_is_retried(runtime, smtp):
    smtp.sink.refuse = {"gone@example.cn": "550 5.1.1 No such user", "busy@example.cn": "451 4.3.0 Try again later"}
    channel = EmailChannel(runtime.settings)
    for address, permanent in (("gone@example.cn", True), ("busy@example.cn", False)):
        message = OutboundMessage(_queued(runtime, f"mailto:{address}"), f"mailto:{address}", "您的工单已办结。")
        with pytest.raises(ChannelError) as failure:
            channel.send(message)
        assert failure.value.permanent is permanent and failure.value.message[:8] in ("SMTP 550", "SMTP 451")
    assert smtp.sink.received == []


def test_an_unreachable_smtp_server_is_a_transient_failure(runtime):
    down = EmailChannel(runtime.settings.with_overrides(smtp_port=free_port()))
    message = OutboundMessage(_queued(runtime, "mailto:a@example.cn"), "mailto:a@example.cn", "hi")
    with pytest.raises(ChannelError) as failure:
        down.send(message)
    assert failure.value.permanent is False and "unreachable" in failure.value.message


def test_the_email_channel_is_off_without_an_imap_host(runtime):
    off = bootstrap.build_runtime(runtime.settings.with_overrides(imap_host=""), prepare=False)
    assert "channel email: off (settings missing)" in bootstrap.report_channels(off)
    assert "channel email: on" in bootstrap.report_channels(runtime)


def test_the_poll_runs_every_email_poll_seconds(runtime):
    runtime.settings = runtime.settings.with_overrides(email_poll_seconds=300)
    runtime.redis.delete("civicline:periodic:email-poll")
    assert "email-poll" in periodic.enqueue_due(runtime)
    assert "email-poll" not in periodic.enqueue_due(runtime)
    assert 290 < runtime.redis.ttl("civicline:periodic:email-poll") <= 300


@pytest.fixture(scope="module")
def certificate_authority(tmp_path_factory):
    """A private CA and a certificate for 127.0.0.1, so TLS is tested for real, verification included."""
    trustme = pytest.importorskip("trustme", reason="trustme (dev extra) makes the test certificates")
    authority = trustme.CA()
    bundle = tmp_path_factory.mktemp("ca") / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    return authority, bundle


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_answers_go_over_tls_when_smtp_security_asks_for_it(runtime, certificate_authority, monkeypatch, security):
    authority, bundle = certificate_authority
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_side)
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))  # our client verifies against the system store; add the CA
    with SmtpServer(tls=server_side, implicit_tls=security == "ssl") as tls_server:
        channel = EmailChannel(runtime.settings.with_overrides(smtp_port=tls_server.port, smtp_security=security))
        message = OutboundMessage(_queued(runtime, "mailto:a@example.cn"), "mailto:a@example.cn", "您的工单已办结。")
        assert channel.send(message).startswith("civicline.")
        [mail] = tls_server.sink.wait_for(1)
    assert mail.recipients == ["a@example.cn"]


def test_an_smtp_server_whose_certificate_we_cannot_verify_gets_nothing(runtime, certificate_authority):
    authority, _ = certificate_authority  # the CA is not added to the trust store this time
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_side)
    with SmtpServer(tls=server_side) as tls_server:
        channel = EmailChannel(runtime.settings.with_overrides(smtp_port=tls_server.port, smtp_security="starttls"))
        message = OutboundMessage(_queued(runtime, "mailto:a@example.cn"), "mailto:a@example.cn", "hi")
        with pytest.raises(ChannelError):
            channel.send(message)
        assert tls_server.sink.received == []


def test_without_dovecot_the_imap_tests_skip_and_say_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(dovecot, "DOVECOT", str(tmp_path / "no-such-dovecot"))
    with pytest.raises(dovecot.Unavailable, match="apt-get install dovecot-imapd"):
        dovecot.start(tmp_path)


def test_one_poll_works_through_a_backlog_in_batches_until_its_time_budget_is_spent(runtime, mailbox, monkeypatch):
    import channels.email.mailbox as email_mailbox

    monkeypatch.setattr(email_mailbox, "POLL_LIMIT", 2)
    backlog = [eml("plain_en.eml").replace(b"first.en.12@", f"backlog.{i}@".encode()) for i in range(5)]
    mailbox.deliver(*backlog)
    assert poll_mailbox(runtime, budget_seconds=0) == 2  # one batch, then the budget is spent
    assert poll_mailbox(runtime) == 3 and mailbox.unseen() == 0


def _mail(subject: str, body: str, sender: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, HOTLINE_ADDRESS, subject
    message["Message-ID"] = make_msgid(domain="citizen.example.cn")
    message.set_content(body)
    return message.as_bytes()


def test_the_subject_of_a_new_mail_routes_it_when_the_body_only_says_see_above(runtime, mailbox, smtp):
    mailbox.deliver(_mail("学校违规收取补课费", "如题，请有关部门尽快处理，谢谢。", "parent@citizen.example.cn"))
    mailbox.deliver(_mail("小区燃气泄漏，闻到很浓的味道", "如题，请尽快派人来。", "resident@citizen.example.cn"))
    poll_and_work(runtime)
    with Session(runtime.engine) as session:
        opened = {c.summary: c for c in session.exec(select(Case))}
        # The inbox shows the subject first: "如题" alone would tell the agent nothing.
        fees = opened["学校违规收取补课费 — 如题，请有关部门尽快处理，谢谢。"]
        gas = opened["小区燃气泄漏，闻到很浓的味道 — 如题，请尽快派人来。"]
        assert session.get(Department, fees.department_id).code == "education_culture_sport"
        assert gas.priority == "urgent" and "urgent" in gas.routing_rule
        assert fees.subject == "学校违规收取补课费"  # the case page shows it as the subject


def test_the_senders_display_name_becomes_the_citizens_name_unless_an_agent_named_them(runtime, mailbox, smtp):
    from router.identity import names

    mailbox.deliver(_mail("小区路灯不亮", "如题。", "王芳 <wangfang.new@citizen.example.cn>"))
    poll_and_work(runtime)
    [citizen] = _all(runtime, Citizen)
    assert (citizen.name, citizen.name_source) == ("王芳", "email")
    with runtime.session() as session:
        names.typed_by_staff(session, session.get(Citizen, citizen.id), "王芳芳")
    mailbox.deliver(_mail("Re: 小区路灯不亮", "还没修。", "Fang Wang <wangfang.new@citizen.example.cn>"))
    poll_and_work(runtime)
    [citizen] = _all(runtime, Citizen)
    assert (citizen.name, citizen.name_source) == ("王芳芳", "agent")


def test_the_case_page_shows_the_subject_of_the_mail_that_opened_the_case(runtime, mailbox, smtp):
    from tests.helpers.staff import make_user, sign_in_with_cookie

    mailbox.deliver(_mail("小区路灯不亮", "如题。", "resident@citizen.example.cn"))
    poll_and_work(runtime)
    [case] = _all(runtime, Case)
    from app import create_app

    client = create_app(runtime=runtime).test_client()
    sign_in_with_cookie(client, make_user(runtime, "boss", role="supervisor"))
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert '<dd class="subject">小区路灯不亮</dd>' in page


def _bounce_of(answer: Interaction) -> bytes:
    """The mail server's delivery report for one of our answers, naming it by its Message-ID, as Postfix writes it."""
    return eml("bounce_dsn.eml").replace(
        b"civicline.1.0000000000000000@hotline.example.gov.cn", answer.external_id.encode()
    )


def _answered_by_email(runtime, mailbox, phone: str | None) -> Case:
    """A citizen writes in (and is also known by `phone`); an agent answers, and the answer goes out by email."""
    mailbox.deliver(eml("gb2312_streetlight.eml"))
    poll_and_work(runtime)
    [case] = _all(runtime, Case)
    with runtime.session() as session:
        if phone is not None:
            session.add(Identity(urn=phone, scheme="tel", citizen_id=case.citizen_id))
        resolution.resolve_with_answer(session, session.get(Case, case.id), "路灯已修复，感谢您的反映。", "agent:wang")
    work(runtime)
    return case


def test_a_bounced_email_answer_falls_back_to_the_citizens_phone(runtime, mailbox, smtp, twilio):
    case = _answered_by_email(runtime, mailbox, phone="tel:+8613800138000")
    [emailed] = _all(runtime, Interaction, Interaction.purpose == "answer")
    # The mail server took it: the best receipt email has, so the case counts as answered.
    assert (emailed.channel, emailed.status) == ("email", DELIVERED)
    assert _all(runtime, Case)[0].answered_at is not None

    mailbox.deliver(_bounce_of(emailed))
    poll_and_work(runtime)

    failed, by_sms = _all(runtime, Interaction, Interaction.purpose == "answer")
    assert (failed.channel, failed.status) == ("email", UNDELIVERABLE) and "User unknown" in failed.error
    assert (by_sms.channel, by_sms.urn, by_sms.status) == ("sms", "tel:+8613800138000", SENT)
    assert any(m["to"] == "+8613800138000" and m["body"] == "路灯已修复，感谢您的反映。" for m in twilio.wait_for(1))
    assert not _all(runtime, Case)[0].unreachable and case.id == by_sms.case_id
    kinds = [e.kind for e in _all(runtime, CaseEvent, CaseEvent.case_id == case.id)]
    assert kinds.count("answer_delivered") == 1 and "answer_bounced" in kinds  # the SMS is not confirmed yet
    assert _all(runtime, Case)[0].answered_at is None


def test_a_bounced_email_answer_with_no_other_address_flags_the_case_unreachable(runtime, mailbox, smtp):
    case = _answered_by_email(runtime, mailbox, phone=None)
    [emailed] = _all(runtime, Interaction, Interaction.purpose == "answer")

    mailbox.deliver(_bounce_of(emailed))
    poll_and_work(runtime)
    mailbox.deliver(_bounce_of(emailed))  # the server reports it again: nothing more happens
    poll_and_work(runtime)

    [failed] = _all(runtime, Interaction, Interaction.purpose == "answer")
    assert failed.status == UNDELIVERABLE
    [flagged] = _all(runtime, Case)
    assert flagged.unreachable
    unreachable = _all(runtime, CaseEvent, CaseEvent.case_id == case.id, CaseEvent.kind == "unreachable")
    assert len(unreachable) == 1 and unreachable[0].detail["tried"] == ["email mailto:wangfang@example.cn"]


def test_a_mails_attachments_open_for_the_cases_department_photos_inline_and_files_under_their_names(
    client, runtime, mailbox
):
    mailbox.deliver(eml("attachment.eml"))
    poll_and_work(runtime)
    [case] = _all(runtime, Case)
    kept = {a.filename: a for a in _all(runtime, Attachment)}
    with Session(runtime.engine) as session:
        other = session.exec(select(Department.id).where(Department.id != case.department_id)).first()
    make_user(runtime, "mine", departments=(case.department_id,))
    make_user(runtime, "other", departments=(other,))
    sign_in_with_form(client, "mine")
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    photo, pdf = kept["pothole.png"].id, kept["情况说明.pdf"].id
    assert f'src="/attachments/{photo}/thumbnail"' in page and "情况说明.pdf" in page
    shown = client.get(f"/attachments/{photo}")
    assert shown.status_code == 200 and shown.mimetype == "image/png" and shown.data.startswith(b"\x89PNG")
    download = client.get(f"/attachments/{pdf}")
    assert download.data.startswith(b"%PDF") and "情况说明.pdf" in unquote(download.headers["Content-Disposition"])
    client.post("/signout", data={"csrf_token": csrf_token(client, "/inbox")})
    sign_in_with_form(client, "other")
    assert client.get(f"/attachments/{photo}").status_code == 404
    assert client.get(f"/attachments/{pdf}").status_code == 404


def test_with_the_object_store_down_a_mail_with_attachments_stays_unread_and_is_kept_once_it_is_back(runtime, mailbox):
    from core.blobs.base import BlobUnavailable
    from core.runtime import install
    from tests.helpers.servers import s3

    port = free_port()
    shared = install(
        bootstrap.build_runtime(runtime.settings.with_overrides(**s3.settings_for(f"http://127.0.0.1:{port}")))
    )
    mailbox.deliver(eml("attachment.eml"))
    with pytest.raises(BlobUnavailable):
        poll_mailbox(shared)
    assert mailbox.unseen() == 1 and _all(shared, Interaction) == []
    with s3.serve(port=port):
        assert poll_mailbox(shared) == 1
        kept = {a.filename: a for a in _all(shared, Attachment)}
        assert _kept(shared, kept["pothole.png"].path).startswith(b"\x89PNG")
    assert mailbox.unseen() == 0
