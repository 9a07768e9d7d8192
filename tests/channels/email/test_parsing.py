"""`channels.email.parse_message`: recorded mails in every charset and shape, read into what the hotline needs."""

from __future__ import annotations

import random

import pytest

from channels.email.body import decode_bytes, html_to_text, new_text
from channels.email.parse import message_key, parse_message
from tests.helpers import FIXTURES


def parse(name: str):
    return parse_message((FIXTURES / "email" / name).read_bytes())


@pytest.mark.parametrize(
    ("fixture", "subject", "text"),
    [
        ("gb2312_streetlight.eml", "村口路灯坏了", "我是张喆，家住幸福村三组。村口的路灯坏了三天了"),
        ("gbk_quoted_printable.eml", "下水道堵塞", "小区楼下的下水道堵了一个星期"),
        ("big5_garbage_collection.eml", "垃圾沒人收", "社區的垃圾已經一個星期沒有人收了"),
        ("mislabelled_latin1_is_gbk.eml", "manhole cover missing", "我家门口的井盖丢了"),
        ("mislabelled_gb2312_is_utf8.eml", "停水两天了", "停水两天了，什么时候恢复供水？"),
        ("emoji.eml", "🚧 路上有个大坑 🕳️", "幸福路中间有个大坑🕳️，已经有两辆电动车摔倒了😢🙏"),
    ],
)
def test_chinese_mail_in_any_charset_reads_as_the_citizen_wrote_it(fixture, subject, text):
    mail = parse(fixture)
    assert mail.subject == subject
    assert text in mail.text
    assert "\ufffd" not in mail.text and "\ufffd" not in mail.subject


def test_a_gb2312_label_still_reads_characters_only_gbk_has():
    mail = parse("gb2312_streetlight.eml")
    assert "张喆" in mail.text  # 喆 is not in GB2312; senders label GBK mail as GB2312 all the time
    assert mail.sender_name == "张喆"


def test_an_rfc2047_subject_in_two_charsets_and_an_encoded_name_are_decoded():
    mail = parse("rfc2047_subject.eml")
    assert mail.subject == "关于幸福村道路施工噪音 (urgent)"
    assert mail.sender_name == "吴磊" and mail.sender == "Wu.Lei@Example.CN"
    assert mail.message_id == "rfc2047.99@example.cn"


def test_html_only_mail_becomes_readable_text_without_markup_styles_or_scripts():
    mail = parse("html_only.eml")
    assert mail.html_only
    lines = ["您好，", "幸福路&建设路路口的红绿灯 坏了。", "- 时间：早上八点", "- 地点：路口东侧", "谢谢", "刘女士"]
    assert mail.text.splitlines() == lines
    assert "alert" not in mail.text and "color" not in mail.text and "ignored" not in mail.text


@pytest.mark.parametrize(
    ("fixture", "text", "cut"),
    [
        ("reply_quoted_zh.eml", "路灯还是没有修好，请再催一下。", "您的诉求已受理"),
        ("reply_quoted_en.eml", "Thanks, but the light is still out tonight.", "We have received your request"),
        ("outlook_original_message_zh.eml", "补充一下：坏的是第三根路灯。", "发件人"),
        ("outlook_original_message_en.eml", "The pothole is on the north side.", "Sent: Friday"),
        ("signature.eml", "公园里的健身器材坏了，有个孩子受伤了。", "138-0013-8000"),
        ("plain_en.eml", "Regards,\nJohn", "John Smith\n"),
    ],
)
def test_quoted_history_and_signatures_are_cut_from_the_new_text_but_kept_in_the_body(fixture, text, cut):
    mail = parse(fixture)
    assert mail.text.endswith(text)
    assert cut not in mail.text + "\n"
    assert cut.strip() in mail.body


def test_a_reply_names_the_messages_it_answers_parent_first():
    mail = parse("reply_quoted_zh.eml")
    assert mail.thread_ids == (
        "civicline.1.0000000000000000@hotline.example.gov.cn",
        "20261120091233.5A1F@example.cn",
    )


def test_attachments_come_back_decoded_with_their_encoded_names():
    mail = parse("attachment.eml")
    assert [(a.filename, a.content_type) for a in mail.attachments] == [
        ("pothole.png", "image/png"),
        ("情况说明.pdf", "application/pdf"),
    ]
    assert mail.attachments[0].data.startswith(b"\x89PNG") and mail.attachments[1].data.startswith(b"%PDF")
    assert mail.text == "路面塌陷，照片和说明见附件。"


@pytest.mark.parametrize(
    ("fixture", "header", "reason"),
    [
        ("auto_reply.eml", None, "auto-reply: Auto-Submitted auto-replied"),
        ("plain_en.eml", "Precedence: bulk", "auto-reply: Precedence bulk"),
        ("plain_en.eml", "Precedence: auto_reply", "auto-reply: Precedence auto_reply"),
        ("plain_en.eml", "Precedence: junk", "auto-reply: Precedence junk"),
        ("plain_en.eml", "Precedence: list", "auto-reply: Precedence list"),
        ("plain_en.eml", "X-Autoreply: yes", "auto-reply: X-Autoreply"),
        ("plain_en.eml", "X-Autorespond: Out of office", "auto-reply: X-Autorespond"),
        ("plain_en.eml", "Auto-Submitted: auto-generated", "auto-reply: Auto-Submitted auto-generated"),
        ("loop_own_acknowledgement.eml", None, "loop: X-CivicLine-Loop (our own mail came back)"),
        ("bounce_dsn.eml", None, "bounce"),
        ("plain_en.eml", "Return-Path: <>", "bounce"),
    ],
)
def test_mail_written_by_machines_is_marked_so_it_never_opens_a_case(fixture, header, reason):
    raw = (FIXTURES / "email" / fixture).read_bytes()
    if header:
        raw = raw.replace(b"Return-Path: <j.smith@example.org>\r\n", b"") if header.startswith("Return") else raw
        raw = header.encode() + b"\r\n" + raw
    assert parse_message(raw).ignore_reason == reason


def test_a_person_writing_auto_submitted_no_is_not_a_machine():
    raw = b"Auto-Submitted: no\r\nPrecedence: normal\r\n" + (FIXTURES / "email" / "plain_en.eml").read_bytes()
    assert parse_message(raw).ignore_reason is None


def test_a_bounce_names_our_message_that_failed_and_why():
    mail = parse("bounce_dsn.eml")
    assert mail.bounced_ids == ("civicline.1.0000000000000000@hotline.example.gov.cn",)
    assert mail.bounce_action == "failed" and "User unknown" in mail.bounce_error
    assert mail.attachments == ()


def test_a_mail_with_only_a_subject_has_no_body_text():
    mail = parse("empty_body.eml")
    assert mail.text == "" and mail.subject == "小区停电了"


def test_garbage_bytes_parse_without_raising_and_have_no_sender():
    mail = parse("garbage_bytes.eml")
    assert mail.sender == "" and mail.message_id == ""


def test_random_and_truncated_mail_never_raises():
    rng = random.Random(3)
    sources = [(FIXTURES / "email" / name).read_bytes() for name in ("attachment.eml", "bounce_dsn.eml")]
    for source in sources:
        for cut in range(0, len(source), 97):
            parse_message(source[:cut])
    for _ in range(500):
        noisy = bytearray(sources[0])
        for _ in range(40):
            noisy[rng.randrange(len(noisy))] = rng.randrange(256)
        parse_message(bytes(noisy))


def test_decoding_falls_back_to_replacement_characters_rather_than_failing():
    undecodable = b"\xff\xfe\xfa broken \x80"
    assert "broken" in decode_bytes(undecodable, "no-such-charset")
    assert decode_bytes("café".encode("latin-1"), "iso-8859-1") == "café"
    assert decode_bytes("中文".encode("gbk"), "gb\x002312") == "中文"  # a NUL in the label
    assert decode_bytes("中文".encode("gbk"), "base64") == "中文"  # a codec that is no charset


def test_a_long_message_id_is_stored_as_a_fixed_length_key():
    key = message_key("<" + "x" * 300 + "@example.cn>")
    assert key.startswith("sha256:") and len(key) == 71
    assert message_key(" <abc@example.cn> ") == "abc@example.cn"


def test_html_blockquotes_count_as_quoted_history():
    html = "<div>New words</div><div class='gmail_quote'>On Mon wrote:<blockquote>old words</blockquote></div>"
    assert new_text(html_to_text(html)) == "New words"
