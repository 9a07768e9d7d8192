"""What outreach tells citizens: the unsubscribe page, the line under an emailed notice, the stop button."""

from __future__ import annotations

from core.texts import Catalogue

TEXTS = Catalogue(
    {
        "unsubscribe_title": {"zh": "退订通知", "en": "Unsubscribe from notices"},
        "unsubscribe_ask": {
            "zh": "确认不再接收{hotline}的通知和回访？您工单的答复仍会发给您。",
            "en": "Stop receiving notices and surveys from {hotline}? Answers to your own cases will still reach you.",
        },
        "unsubscribe_button": {"zh": "确认退订", "en": "Unsubscribe"},
        "unsubscribed": {
            "zh": "已为您退订{hotline}的通知和回访。发送“订阅”可恢复。",
            "en": "You will get no more notices or surveys from {hotline}. Write START to receive them again.",
        },
        "unsubscribe_invalid": {
            "zh": "该退订链接无效。",
            "en": "This unsubscribe link is not valid.",
        },
        "email_footer": {
            "zh": "不想再收到此类通知？退订：{link}",
            "en": "No more notices like this? Unsubscribe: {link}",
        },
        "stop_button": {"zh": "不再接收通知", "en": "Stop these notices"},
        "sms_footer": {"zh": "回复TD退订", "en": "Reply STOP to opt out"},
        "test_prefix": {"zh": "【测试】", "en": "[TEST] "},
        "poll_line": {"zh": "请回复数字：{choices}", "en": "Reply with a number: {choices}"},
        "poll_recorded": {
            "zh": "已记录您的选择：{choice}。如需更改，回复其他数字即可。",
            "en": "Your answer is recorded: {choice}. Reply another number to change it.",
        },
        "poll_comment_recorded": {
            "zh": "感谢您的意见，已记录。",
            "en": "Thank you: your views are recorded.",
        },
    }
)
