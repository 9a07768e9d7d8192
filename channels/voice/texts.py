"""What a caller hears in the IVR, in Chinese and English."""

from __future__ import annotations

from core.texts import Catalogue

TEXTS = Catalogue(
    {
        "greeting": {
            "zh": (
                "您好，这里是{hotline}热线。请在提示音后说出您的诉求，说完请按井号键。"
                "查询工单进度请按1，需要工作人员回电请按2。"
            ),
            "en": (
                "Hello, this is the {hotline} hotline. After the tone, tell us what you need, then press the hash key. "
                "To hear the status of your case, press 1. To ask an agent to call you back, press 2."
            ),
        },
        "switch": {"zh": "如需中文服务，请按9。", "en": "For English, press 9."},
        "no_message": {"zh": "我们没有听到您的留言。再见。", "en": "We did not hear a message. Goodbye."},
        "message_taken": {
            "zh": "您的留言已收到，稍后您将收到短信告知工单号。再见。",
            "en": "Thank you, we have your message. You will get a text message with your case number. Goodbye.",
        },
        "callback_taken": {
            "zh": "好的，工作人员将尽快给您回电。再见。",
            "en": "Thank you. An agent will call you back as soon as possible. Goodbye.",
        },
        "enter_reference": {
            "zh": "请输入您的九位工单号，以井号键结束。",
            "en": "Please type your nine-digit case number, then press the hash key.",
        },
        "bad_reference": {
            "zh": "这个工单号不正确，请重新输入。",
            "en": "That case number is not right. Please try again.",
        },
        "unknown_reference": {
            "zh": "没有找到这个工单，请核对后重新输入。",
            "en": "We could not find that case. Please check the number and try again.",
        },
        "give_up": {"zh": "抱歉，我们没能找到您的工单。", "en": "Sorry, we could not find your case."},
        "goodbye": {"zh": "感谢您的来电，再见。", "en": "Thank you for calling. Goodbye."},
        "hidden_number": {
            "zh": "抱歉，我们无法受理隐藏号码的来电，请显示号码后再拨。再见。",
            "en": "Sorry, we cannot take calls from hidden numbers. Please call again with your number shown. Goodbye.",
        },
        "agent_offer": {"zh": "需要人工服务请按0。", "en": "To speak to an agent, press 0."},
        "department_key": {"zh": "{name}的问题请按{digit}。", "en": "For {name}, press {digit}."},
        "department_rest": {
            "zh": "其他问题请稍候，将为您接通下一位工作人员。",
            "en": "For anything else, stay on the line for the next agent.",
        },
        "queue_joined": {
            "zh": "正在为您转接工作人员，请稍候。",
            "en": "Please hold, we are connecting you to an agent.",
        },
        "queue_position": {
            "zh": "您前面还有{ahead}位来电，预计等待约{minutes}分钟。",
            "en": "There are {ahead} callers ahead of you. The expected wait is about {minutes} minutes.",
        },
        "queue_next": {"zh": "您是下一位，请稍候。", "en": "You are next in line. Please hold."},
        "queue_options": {
            "zh": "等待期间，留言请按1，需要工作人员回电请按2。",
            "en": "While you wait, press 1 to leave a message, or 2 to ask for a call back.",
        },
        "queue_hidden": {
            "zh": "您的号码已隐藏，我们无法给您回电，请在线等待工作人员。",
            "en": "Your number is hidden, so we cannot call you back. Please stay on the line for an agent.",
        },
        "queue_full": {
            "zh": "抱歉，工作人员暂时都在忙。",
            "en": "Sorry, all our agents are still busy.",
        },
        "overflow_options": {
            "zh": "留言请按1或在提示音后直接说出您的诉求，需要工作人员回电请按2。",
            "en": "Press 1 or simply speak after the tone to leave a message. To ask for a call back, press 2.",
        },
        "leave_message": {
            "zh": "请在提示音后说出您的诉求，说完请按井号键。",
            "en": "After the tone, tell us what you need, then press the hash key.",
        },
        "hidden_call_again": {
            "zh": "请稍后再拨，感谢您的来电，再见。",
            "en": "Please call again later. Thank you for calling. Goodbye.",
        },
        "agent_missed": {"zh": "请继续稍候。", "en": "Please continue to hold."},
        "transferring": {"zh": "正在为您转接，请稍候。", "en": "Please hold while we transfer your call."},
        # A consultation by phone (意见征集): the question is the notice's own words, then a key per option.
        "poll_intro": {
            "zh": "您好，这里是{hotline}热线，想听听您的意见。",
            "en": "Hello, this is the {hotline} hotline, asking your opinion.",
        },
        "poll_option": {"zh": "{label}请按{digit}。", "en": "For {label}, press {digit}."},
        "poll_offer": {
            "zh": "我们正在征求您的意见，参与请按3。",
            "en": "We are asking for your opinion: to answer, press 3.",
        },
        "poll_invalid": {
            "zh": "没有这个选项，请再听一遍。",
            "en": "That is not one of the choices. Please listen again.",
        },
        "poll_thanks": {
            "zh": "您选择了{label}，您的意见已记录，谢谢。再见。",
            "en": "You chose {label}. Your answer is recorded, thank you. Goodbye.",
        },
        "poll_no_answer": {
            "zh": "没有收到您的选择，感谢您的接听，再见。",
            "en": "We did not get your choice. Thank you, goodbye.",
        },
    }
)
