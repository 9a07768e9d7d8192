"""What the hotline says to citizens about their cases, in Chinese and English; short enough for one SMS."""

from __future__ import annotations

from core.texts import Catalogue

TEXTS = Catalogue(
    {
        "case_opened": {
            "zh": "【{hotline}】您的诉求已受理，工单号 {reference}，已转{department}办理。查询进度请回复“查询”。",
            "en": (
                "[{hotline}] We have received your request. Case {reference} has gone to {department}. "
                "Reply STATUS to check on it."
            ),
        },
        "case_opened_unclear": {
            "zh": "【{hotline}】已收到，工单号 {reference}。请告诉我们具体是什么事、在什么地方，以便转给相关部门办理。",
            "en": (
                "[{hotline}] Thank you. Your case is {reference}. Please tell us what the matter is and where, "
                "so that we can pass it to the right department."
            ),
        },
        "case_routed": {
            "zh": "【{hotline}】谢谢补充，工单 {reference} 已转{department}办理。",
            "en": "[{hotline}] Thank you. Case {reference} has gone to {department}.",
        },
        "case_joined": {
            "zh": "【{hotline}】您补充的信息已加入工单 {reference}。",
            "en": "[{hotline}] Your message has been added to case {reference}.",
        },
        "callback_requested": {
            "zh": "【{hotline}】已登记您的回电请求（工单号 {reference}），工作人员将尽快给您回电。",
            "en": (
                "[{hotline}] We have noted that you want a call back (case {reference}). An agent will call you soon."
            ),
        },
        "callback_missed": {
            "zh": (
                "【{hotline}】我们多次致电您未能接通（工单号 {reference}）。如仍需帮助，请回复本短信或拨打 {hotline}。"
            ),
            "en": (
                "[{hotline}] We tried to call you back several times without reaching you (case {reference}). "
                "Reply to this message or call {hotline} if you still need help."
            ),
        },
        "survey_question": {
            "zh": (
                "【{hotline}】工单 {reference} 已办结。您对办理结果满意吗？"
                "请回复数字 1-5（5 为非常满意），或回复“满意”“基本满意”“不满意”。"
            ),
            "en": (
                "[{hotline}] Case {reference} is resolved. How satisfied are you? Reply with a number from 1 to 5 "
                "(5 = very satisfied), or SATISFIED / NOT SATISFIED."
            ),
        },
        "survey_link": {
            "zh": "也可以在这里评价：{link}",
            "en": "You can also answer here: {link}",
        },
        "survey_thanks": {
            "zh": "【{hotline}】感谢您的评价！",
            "en": "[{hotline}] Thank you for your feedback!",
        },
        "survey_thanks_unhappy": {
            "zh": "【{hotline}】很抱歉没能让您满意，我们已转告负责人。如需重新办理工单 {reference}，请回复“重新办理”。",
            "en": (
                "[{hotline}] We are sorry we did not satisfy you; a supervisor will look at case {reference}. "
                "Reply REOPEN to have it handled again."
            ),
        },
        "survey_help": {
            "zh": "【{hotline}】请回复数字 1-5（5 为非常满意），或“满意”“基本满意”“不满意”，评价工单 {reference}。",
            "en": (
                "[{hotline}] To rate case {reference}, reply with a number from 1 to 5, or SATISFIED / NOT SATISFIED."
            ),
        },
        "case_reopened": {
            "zh": "【{hotline}】工单 {reference} 已重新办理，您的留言已转{department}。",
            "en": "[{hotline}] Case {reference} has been reopened and your message passed to {department}.",
        },
        # What a citizen is told of each status (feedback.cases.statuses), by message and on the phone.
        "status_new": {"zh": "已受理", "en": "received"},
        "status_assigned": {"zh": "已分派", "en": "assigned"},
        "status_in_progress": {"zh": "办理中", "en": "in progress"},
        "status_waiting_on_citizen": {"zh": "待您补充", "en": "waiting for you"},
        "status_resolved": {"zh": "已办结", "en": "resolved"},
        "status_closed": {"zh": "已关闭", "en": "closed"},
        # The answer to "查询" / STATUS: the citizen's latest cases, one line each.
        "no_cases": {"zh": "【{hotline}】您目前没有工单。", "en": "[{hotline}] You have no cases with us."},
        "case_line": {"zh": "{reference} {department} {status}", "en": "{reference} {department}: {status}"},
        "case_lines": {"zh": "【{hotline}】{lines}", "en": "[{hotline}] {lines}"},
        "line_separator": {"zh": "；", "en": "; "},
        # Several open cases: which one is the message about? (feedback.intake.which_case)
        "which_case": {
            "zh": (
                "【{hotline}】您有多个办理中的工单：{lines}。请回复工单号，把刚才的留言补充到该工单；"
                "如是新的诉求，请回复“新”。"
            ),
            "en": (
                "[{hotline}] You have several open cases: {lines}. Reply with the case number your message is about, "
                "or NEW if it is a new matter."
            ),
        },
        "which_case_line": {"zh": "{reference}（{summary}）", "en": "{reference} ({summary})"},
        # STOP / 退订 and START / 订阅 (feedback.intake.consent).
        "opted_out": {
            "zh": "【{hotline}】已为您退订回访和通知短信。您工单的答复仍会发给您。回复“订阅”可恢复。",
            "en": (
                "[{hotline}] You will get no more surveys or notices from us. Answers to your cases will still "
                "reach you. Reply START to receive them again."
            ),
        },
        "opted_in": {
            "zh": "【{hotline}】已为您恢复回访和通知短信。回复“退订”可随时退订。",
            "en": "[{hotline}] You will receive our surveys and notices again. Reply STOP at any time to stop them.",
        },
        # A reference that is not the asker's, or is mistyped: nothing about any case is said.
        "reference_not_yours": {
            "zh": (
                "【{hotline}】未查到您名下编号为 {reference} 的工单。工单只能由提交人查询，请用提交时的号码或账号发送。"
            ),
            "en": (
                "[{hotline}] We found no case {reference} of yours. Only the person who raised a case can check it: "
                "please write from the number or account you used."
            ),
        },
        "reference_mistyped": {
            "zh": "【{hotline}】工单号 {reference} 有误，请核对后重新发送（9 位数字）。",
            "en": "[{hotline}] {reference} is not a case reference; please check it (nine digits) and send it again.",
        },
        # What a caller hears of a case in the IVR (the reference spaced so it is read digit by digit).
        "spoken_case": {
            "zh": "工单 {reference}，{department}，{status}。",
            "en": "Case {reference}, {department}: {status}.",
        },
        "spoken_handler": {"zh": "承办人：{name}。", "en": "Handled by {name}."},
        "spoken_answer": {"zh": "答复：{text}", "en": "Our answer: {text}"},
        "sentence_separator": {"zh": "", "en": " "},
        # An urgent matter: who to ring now, and that a person at the hotline knows.
        "emergency_advice": {
            "zh": "【{hotline}】情况紧急，请立即拨打{numbers}！已登记工单 {reference}，值班主管已收到通知。",
            "en": (
                "[{hotline}] This is an emergency: call {numbers} now! "
                "Your case is {reference}; the supervisor on duty has been alerted."
            ),
        },
        "emergency_number": {"zh": "{number}（{service}）", "en": "{number} ({service})"},
        "number_separator": {"zh": "或", "en": " or "},
        "service_police": {"zh": "报警", "en": "police"},
        "service_fire": {"zh": "消防", "en": "fire"},
        "service_ambulance": {"zh": "急救", "en": "ambulance"},
    }
)


def render(key: str, language: str, **values: object) -> str:
    """Return a text in the citizen's language (English when the language is neither of ours)."""
    return TEXTS.say(key, language, **values)


def emergency_numbers(services: tuple[str, ...], numbers: dict[str, str], language: str) -> str:
    """Write the numbers to ring for these services ("119（消防）或120（急救）"); police when none is known."""
    wanted = [service for service in services if service in numbers] or ["police"]
    written = [
        TEXTS.say("emergency_number", language, number=numbers[s], service=TEXTS.say(f"service_{s}", language))
        for s in wanted
    ]
    return TEXTS.say("number_separator", language).join(written)


def status_name(status: str, language: str) -> str:
    """Return what a citizen is told a case status means."""
    key = f"status_{status}"
    return TEXTS.say(key, language) if key in TEXTS else status
