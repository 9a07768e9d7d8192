"""Write the message template and the Chinese catalogue (.po and .mo) from every staff page and the table below.

Run `make translations` (or `python scripts/zh_messages.py`): it extracts the messages from the folders in
FOLDERS with web/babel.cfg, as `pybabel extract -F web/babel.cfg -k _ -k gettext -k lazy_gettext -k _l
-o web/translations/messages.pot <every product package>` would, then fills in the Chinese from ZH. A message
missing from the table, or a translation that drops a placeholder, is reported and fails the run, so nothing
ships half-translated by accident; `--check` only reports (the tests run it) and writes nothing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

REPO = Path(__file__).resolve().parent.parent
ROOT = REPO / "web" / "translations"
# Every product package: their templates and Python may call _(), gettext or lazy_gettext, or raise a Refusal.
FOLDERS = ("web", "knowledge", "feedback", "router", "staff", "channels", "core", "jobs", "wiring")
# core.refusal.Refusal and its subclasses: their first argument is a sentence the staff pages translate.
REFUSALS = (
    "Refusal", "IllegalTransition", "AnswerError", "ActionError", "ExtensionError", "MergeError", "MergeRefused",
    "SlaConfigError", "CalendarError", "ProfileError", "ProfileRefused", "IncidentError", "WeakPassword",
    "PrivacyRefused", "TaskError",
    "PrivacyRefused", "LineRefusal", "WrapUpRefusal", "TransferRefusal", "ConferenceRefusal",
    "PrivacyRefused", "CollaborationError",
    "PrivacyRefused", "SegmentRefused", "CampaignRefused", "WordingRefused", "TagRefused",
    "PrivacyRefused", "DetailsError", "CannedError",
)  # fmt: skip
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None, **dict.fromkeys(REFUSALS)}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]")
ZH = {
    "Supervision": "监督管理",
    "What citizens report": "民情分析",
    "Settings": "设置",
    "the router": "智能分派",
    "the system": "系统",
    "an integration (API)": "外部系统（API）",
    "Telegram": "Telegram",
    "the web form": "网页表单",
    "claimed": "坐席认领",
    "unassigned": "取消分派",
    "auto-assigned to %(name)s": "自动分派给 %(name)s",
    "hours": "小时",
    "working hours": "工作小时",
    "working days": "工作日",
    "Not allowed": "无权访问",
    "Your role may not open this page. Ask a supervisor or an admin if you need it.": (
        "您的角色不能打开此页面。如确有需要，请联系主管或管理员。"
    ),
    "Not found": "未找到",
    "There is no such page or case, or it belongs to a department you do not work for.": (
        "没有这个页面或工单，或它属于您不负责的部门。"
    ),
    "Something went wrong": "出错了",
    "The error has been logged. Try again in a moment; if it keeps happening, tell your admin.": (
        "错误已记录。请稍后再试；如果一直出现，请告知管理员。"
    ),
    "Error %(code)d": "错误 %(code)d",
    "Back to the inbox": "返回收件箱",
    "Choose some cases and an action.": "请选择工单和操作。",
    "%(n)d cases done.": "已处理 %(n)d 件工单。",
    "no such case": "没有这件工单",
    "Keyboard shortcuts": "键盘快捷键",
    "Next / previous case in the list": "列表中的下一件 / 上一件工单",
    "Open the chosen case": "打开选中的工单",
    "Select the chosen case for a bulk action": "勾选当前工单以批量处理",
    "Write a reply to the citizen": "撰写给群众的答复",
    "Write an internal note": "撰写内部备注",
    "Send the answer and resolve": "发送答复并办结",
    "This list": "本列表",
    "closes it": "关闭",
    "Close": "关闭",
    "Selected cases": "已选工单",
    "{n} selected": "已选 {n} 件",
    "Bulk action": "批量操作",
    "Assign to me": "分派给我",
    "Assign to…": "分派给…",
    "Transfer to…": "转办到…",
    "Department…": "部门…",
    "Apply": "执行",
    "Select all on this page": "全选本页",
    "Select case %(reference)s": "选择工单 %(reference)s",
    "Case actions": "工单操作",
    "Write": "撰写",
    "Type / in an empty box to choose one": "在空白处输入 / 即可选择",
    "Insert a canned response… (/)": "插入常用回复…（/）",
    "Message": "消息",
    "{chars} characters · {parts} SMS (GSM-7)": "{chars} 个字符 · {parts} 条短信（GSM-7）",
    "{chars} characters · {parts} SMS (UCS-2, Chinese or symbols)": (
        "{chars} 个字符 · {parts} 条短信（UCS-2，含中文或符号）"
    ),
    "Notes are for colleagues and are never sent.": "备注仅供同事查看，不会发送给群众。",
    "Answers to use": "可用的答复",
    "Insert": "插入",
    "No article or past case matches yet.": "暂无匹配的知识文章或历史工单。",
    "Case %(reference)s was assigned to you": "工单 %(reference)s 已分派给您",
    "The citizen wrote again on case %(reference)s": "工单 %(reference)s 群众有新消息",
    "A colleague left a note on case %(reference)s": "同事在工单 %(reference)s 上留了备注",
    "A deadline is near on case %(reference)s": "工单 %(reference)s 即将到期",
    "Case %(reference)s missed its deadline": "工单 %(reference)s 已超时",
    "An extension is requested on case %(reference)s": "工单 %(reference)s 申请延期",
    "An unhappy citizen answered the survey on case %(reference)s": "工单 %(reference)s 群众回访不满意",
    "Life in danger: case %(reference)s": "人身安全危急：工单 %(reference)s",
    "Times the citizen pressed for progress": "群众催办次数",
    "urged %(n)d×": "催办 %(n)d 次",
    "Notifications": "通知",
    "with a citizen message not yet read": "有群众新消息未读",
    "%(n)d new": "%(n)d 条新",
    "Time left": "剩余时间",
    "Last activity": "最近动态",
    "New message from the citizen": "群众有新消息",
    "unread": "未读",
    "Mark all read": "全部标为已读",
    "Mark read": "标为已读",
    "Nothing needs you right now.": "目前没有需要您处理的事项。",
    "in %(n)d min": "还剩 %(n)d 分钟",
    "in %(n)d h": "还剩 %(n)d 小时",
    "in %(n)d d": "还剩 %(n)d 天",
    "overdue %(n)d min": "已超时 %(n)d 分钟",
    "overdue %(n)d h": "已超时 %(n)d 小时",
    "overdue %(n)d d": "已超时 %(n)d 天",
    "First response due: %(first)s; resolution due: %(resolution)s. A supervisor must approve the new time.": (
        "首次响应时限：%(first)s；办结时限：%(resolution)s。新的时限须经主管批准。"
    ),
    "Saved %(name)s.": "已保存 %(name)s。",
    "Unknown role.": "未知角色。",
    "Choose a username that is not taken.": "请选择一个未被占用的用户名。",
    "A password needs at least %(n)d characters.": "密码至少需要 %(n)d 个字符。",
    "A department needs a Chinese and an English name.": "部门需要中文名和英文名。",
    "Choose a file to import.": "请选择要导入的文件。",
    "Nothing was imported: %(reason)s": "未导入任何内容：%(reason)s",
    "Imported: %(count)d departments.": "已导入 %(count)d 个部门。",
    "A canned response needs a title and a text.": "常用回复需要标题和内容。",
    "Recorded. The citizen will get the acknowledgement by SMS.": "已登记。群众将通过短信收到受理回执。",
    "Choose how the citizen reached us: by phone or in person.": "请选择群众的来访方式：来电或来访。",
    "Write down what the citizen asked for.": "请填写群众反映的内容。",
    "That is not a phone number we can send an SMS to.": "该号码不是可以接收短信的电话号码。",
    "Not done: %(reason)s": "未完成：%(reason)s",
    "Reply queued.": "回复已排队发送。",
    "Note added.": "备注已添加。",
    "The case is yours.": "工单已由您认领。",
    "only supervisors assign cases to others": "只有主管可以把工单分派给他人",
    "no such user": "没有这个用户",
    "Assignment saved.": "分派已保存。",
    "choose a department": "请选择部门",
    "Case transferred.": "工单已转办。",
    "Status changed.": "状态已更改。",
    "Too many failed sign-in attempts. Try again in %(minutes)d minutes.": (
        "登录失败次数过多，请 %(minutes)d 分钟后再试。"
    ),
    "Wrong username or password.": "用户名或密码错误。",
    "Sign out": "退出",
    "Mine": "我的工单",
    "Unassigned": "待认领",
    "Waiting on citizen": "等待群众答复",
    "Due soon": "即将到期",
    "Overdue": "已超期",
    "All": "全部",
    "New": "新建",
    "Assigned": "已分派",
    "In progress": "办理中",
    "Resolved": "已办结",
    "Closed": "已关闭",
    "SMS": "短信",
    "Voice": "语音",
    "Email": "电子邮件",
    "Phone call to the office": "来电（办公室登记）",
    "In person": "来访",
    "Urgent": "紧急",
    "High": "高",
    "Normal": "普通",
    "Low": "低",
    "Queued": "排队中",
    "Sending": "发送中",
    "Sent": "已发送",
    "Delivered": "已送达",
    "Failed": "发送失败",
    "Undeliverable": "无法送达",
    "Not sent (no longer needed)": "未发送（已无需发送）",
    "Received": "已收到",
    "Inbox": "收件箱",
    "Record a case": "代为登记",
    "Users": "用户",
    "Departments": "部门",
    "Canned responses": "常用回复",
    "New canned response": "新建常用回复",
    "Title": "标题",
    "Language": "语言",
    "Text": "内容",
    "Save": "保存",
    "Import a catalogue": "导入部门目录",
    "A TOML catalogue replaces the departments (ones not listed are deactivated). A CSV with a level1 column "
    "adds its categories as departments.": (
        "TOML 目录会替换现有部门（未列出的部门将停用）。带 level1 列的 CSV 会把其中的一级分类添加为部门。"
    ),
    "Import": "导入",
    "Code": "代码",
    "Chinese name": "中文名称",
    "English name": "英文名称",
    "Routing keywords (comma-separated)": "分派关键词（逗号分隔）",
    "Active": "启用",
    "triage": "综合受理",
    "Routing keywords": "分派关键词",
    "User": "用户",
    "New user": "新建用户",
    "Username": "用户名",
    "Name": "姓名",
    "Role": "角色",
    "Page language": "界面语言",
    "Answers citizens in": "可用于答复群众的语言",
    "Active (may sign in)": "启用（可以登录）",
    "New password": "新密码",
    "Password": "密码",
    "Leave empty to keep the current password.": "留空则保留当前密码。",
    "Languages": "语言",
    "Last sign-in": "最近登录",
    "yes": "是",
    "no": "否",
    "Case": "工单",
    "Department": "部门",
    "Assignee": "承办人",
    "nobody": "无",
    "Transfers": "转办次数",
    "Due": "到期",
    "From citizen": "群众来信",
    "To citizen": "答复群众",
    "Photo from the citizen": "群众发来的照片",
    "Open the full photo": "查看原图",
    "attachment pending": "附件待取回",
    "Active version": "当前版本",
    "published %(when)s by %(who)s": "%(when)s 由 %(who)s 发布",
    "Published versions": "已发布的版本",
    "Version": "版本",
    "Published on": "发布时间",
    "Published by": "发布者",
    "active": "使用中",
    "To go back to the previous version, run %(command)s: every web process and worker follows within a minute.": (
        "要退回上一个版本，请运行 %(command)s：所有网页进程和后台进程会在一分钟内跟上。"
    ),
    "Export the catalogue (departments.toml)": "导出部门目录（departments.toml）",
    "Transcript": "转写文本",
    "Download file": "下载文件",
    "unknown type": "未知类型",
    "kept at the provider": "保存在服务商处",
    "Internal note": "内部备注",
    "Transferred from %(a)s to %(b)s": "由 %(a)s 转至 %(b)s",
    "Assigned to %(name)s": "分派给 %(name)s",
    "Case opened": "工单已创建",
    "Replied": "已回复",
    "Reply to the citizen": "答复群众",
    "Insert a canned response…": "插入常用回复…",
    "Send reply": "发送回复",
    "Add note (not sent)": "添加备注（不发送）",
    "Assignment": "分派",
    "Claim": "认领",
    "Assign": "分派",
    "Transfer to another department": "转办到其他部门",
    "The router suggests": "智能分派建议",
    "The model was unsure of this case. Sending it on teaches it.": "系统对此工单把握不足，人工转办后会从中学习。",
    "Routed from triage": "综合受理人工分派",
    "Send to %(department)s": "转办到%(department)s",
    "Choose…": "请选择…",
    "Reason (required)": "理由（必填）",
    "Reason": "理由",
    "Transfer": "转办",
    "Change status": "更改状态",
    "Status": "状态",
    "not allowed now": "当前不可用",
    "Why (optional)": "原因（可选）",
    "Citizen": "群众",
    "Region": "地区",
    "Identities": "联系方式",
    "Past cases": "历史工单",
    "No other cases.": "没有其他工单。",
    "Same person as another record?": "与其他记录是同一人？",
    "Merging citizen records will appear here.": "合并群众记录的功能将显示在这里。",
    "Reference, phone number, name or text": "工单号、电话、姓名或内容",
    "Search": "搜索",
    "Channel": "渠道",
    "Any channel": "所有渠道",
    "Any status": "所有状态",
    "Priority": "优先级",
    "Any priority": "所有优先级",
    "Any department": "所有部门",
    "Folders": "文件夹",
    "Reference": "工单号",
    "Summary": "摘要",
    "Opened": "受理时间",
    "No cases here.": "这里没有工单。",
    "Previous": "上一页",
    "Page %(page)d of %(pages)d": "第 %(page)d 页，共 %(pages)d 页",
    "Next": "下一页",
    "Record a case for a citizen": "为群众代为登记工单",
    "For someone who phoned the office or came in person. They get the acknowledgement and case number by "
    "SMS.": "用于来电或来访的群众。群众将通过短信收到受理回执和工单号。",
    "How did they reach us?": "来访方式",
    "Phone number": "电话号码",
    "What they asked for": "反映内容",
    "Record the case": "登记工单",
    "Sign in": "登录",
    # Role names, translated where they are shown (`_(current_user.role)`).
    "agent": "坐席",
    "supervisor": "主管",
    "admin": "管理员",
    # Action errors from feedback.agent_replies, shown after "Not done:".
    "a reply needs some text": "回复内容不能为空",
    "The caller is waiting for a call back": "来电人正在等待回电",
    "since %(time)s": "自 %(time)s 起",
    "Record a try on the call-back list": "在回电列表中记录回电",
    "The case is public: its text and answer appear in Open311.": "工单已公开：其内容和答复将在 Open311 中显示。",
    "The case is private: Open311 shows only its status.": "工单已设为不公开：Open311 只显示其状态。",
    "Location": "位置",
    "Map": "地图",
    "Public in Open311: its text and answer are shown": "已在 Open311 公开：显示内容和答复",
    "Private: Open311 shows only the status": "不公开：Open311 只显示状态",
    "Make private": "设为不公开",
    "Make public": "公开",
    "Made public in Open311": "已在 Open311 公开",
    "Made private in Open311": "已在 Open311 设为不公开",
    "Summary saved; the case went to the department it names.": "摘要已保存，工单已转至相应部门。",
    "Summary saved as the case's text.": "摘要已保存为工单内容。",
    "What the caller said": "来电内容",
    "Listen to the recording and write the matter down: it becomes the case text, and a case waiting in triage "
    "goes to the department it names.": ("请收听录音并记下诉求：它将成为工单内容，待分拨的工单将转至相应部门。"),
    "Save as case text": "保存为工单内容",
    "What the caller said was written down": "已记录来电内容",
    "write what the caller said": "请填写来电内容",
    "the summary is longer than %(limit)d characters": "摘要超过 %(limit)d 个字符",
    "Live view": "实时监控",
    "As of %(time)s (%(zone)s time); refreshes by itself.": "截至 %(time)s（%(zone)s 时间），自动刷新。",
    "contacts waiting to be processed": "条来件等待处理",
    "oldest %(age)s": "最早已等 %(age)s",
    "oldest unassigned case": "最久未分派工单",
    "no unassigned open case": "没有未分派的在办工单",
    "call-backs waiting": "个回电请求等待中",
    "missed deadlines today": "今日超时",
    "not acknowledged": "未确认",
    "Urgent cases of the last hour": "近一小时的紧急工单",
    "None.": "无。",
    "Open cases by department and status": "各部门在办工单（按状态）",
    "No open cases.": "没有在办工单。",
    "Staff signed in": "在线人员",
    "seen in the last two minutes": "两分钟内有操作",
    "Open cases": "在办工单",
    "Cap": "上限",
    "Nobody is signed in.": "目前无人在线。",
    "Most open cases the router gives this agent": "自动分派给该坐席的最多在办工单数",
    "0 means no new cases are assigned automatically; agents can still claim cases themselves.": (
        "0 表示不再自动分派新工单；坐席仍可自行认领。"
    ),
    "the most open cases must be a whole number from 0 to %(limit)d": "最多在办工单数须为 0 到 %(limit)d 的整数",
    "languages must be a list of language codes": "语言须为语言代码列表",
    "languages must be one or more of %(allowed)s": "语言须为以下一项或多项：%(allowed)s",
    "Reached: the request is done.": "已接通：回电请求已完成。",
    "Wrong number: the request is closed.": "号码错误：回电请求已关闭。",
    "That was the last try: the citizen has been sent an SMS and the request is closed.": (
        "已是最后一次尝试：已向市民发送短信，回电请求已关闭。"
    ),
    "Try recorded; the request stays on the list.": "已记录本次回电，请求仍在列表中。",
    "Call-backs": "回电",
    "Citizens waiting for a call from an agent, oldest first. Times are %(zone)s time.": (
        "等待工作人员回电的市民，最早的在前。时间为 %(zone)s 时间。"
    ),
    "Nobody is waiting for a call back.": "目前没有等待回电的市民。",
    "Number": "号码",
    "Waiting since": "等待起始",
    "Tries": "已尝试",
    "Next try": "下次尝试",
    "Earlier cases": "以往工单",
    "Record a try": "记录回电",
    "now": "现在",
    "Outcome": "结果",
    "Reached": "已接通",
    "No answer": "无人接听",
    "Busy": "占线",
    "Wrong number": "号码错误",
    "Next try in": "下次尝试时间",
    "next try in %(n)d min": "%(n)d 分钟后再试",
    "next try tomorrow": "明天再试",
    "Note (optional)": "备注（可选）",
    "Note": "备注",
    "Record try": "记录",
    "Gave up after the last try; SMS sent": "多次未接通，已发短信",
    "Call-back try": "回电尝试",
    "Call-back request closed": "回电请求已关闭",
    "this call-back request is already closed": "该回电请求已关闭",
    "unknown outcome %(outcome)r": "未知结果 %(outcome)r",
    "the next try must be later than now": "下次尝试时间须晚于现在",
    "The department head's contact must be a mobile number or an email address.": (
        "部门负责人联系方式须为手机号或电子邮箱。"
    ),
    "only the case's assignee or a supervisor acknowledges a missed deadline": "只有工单承办人或班长可以确认超时",
    "Acknowledged: the missed deadline leaves the alerts, with your note on the case.": (
        "已确认：该超时已移出提醒，处理说明已记入工单。"
    ),
    "missed deadlines nobody has acknowledged yet (now)": "项超时尚无人确认（当前）",
    "Head (mobile or email, for missed-deadline alerts)": "负责人（手机或邮箱，接收超时督办）",
    "Department head": "部门负责人",
    "Missed deadlines to acknowledge": "待确认的超时（督办）",
    "due %(due)s, missed at %(breached)s (%(zone)s time)": "时限 %(due)s，于 %(breached)s 超时（%(zone)s 时间）",
    "Escalated to the hotline centre": "已升级至热线中心",
    "Department level": "部门级",
    "Action taken": "处理情况",
    "What was done about it (required)": "已采取的措施（必填）",
    "Acknowledge": "确认",
    "Missed deadline acknowledged": "超时已确认",
    "Missed deadline announced to the department": "超时已通知部门",
    "Missed deadline escalated to the hotline centre": "超时已升级至热线中心",
    "The answer bounced": "答复被退回",
    "say what was done about the missed deadline": "请说明对超时采取的措施",
    "the note is longer than %(limit)d characters": "说明超过 %(limit)d 个字符",
    "no such missed deadline on this case": "本工单没有这项超时",
    "already acknowledged by %(name)s": "已由 %(name)s 确认",
    "this case has no contact from the citizen to answer": "该工单没有可答复的群众来信",
    "a note needs some text": "备注内容不能为空",
    "a transfer needs a reason": "转办需要填写理由",
    # Refusals from the lifecycle, answers, deadline extensions and merges (core.refusal), shown after "Not done:".
    "the answer is longer than %(limit)d characters": "答复不能超过 %(limit)d 个字符",
    "the deadline must be one of %(clocks)s, not %(clock)r": "时限只能是 %(clocks)s 之一，不能是 %(clock)r",
    "an extension needs a reason": "申请延期需要填写理由",
    "case %(reference)s has no running deadline to extend": "工单 %(reference)s 没有正在计时的时限可以延长",
    "the new due time must be later than the current one": "新的到期时间必须晚于当前到期时间",
    "only a supervisor can decide on extensions; %(user)s is not one": "只有主管可以审批延期，%(user)s 不是主管",
    "this extension was already approved": "该延期申请已经批准过了",
    "this extension was already rejected": "该延期申请已经被驳回",
    "the case is no longer open": "该工单已不在办理中",
    "unknown status %(name)r; statuses are %(allowed)s": "未知状态 %(name)r；可用的状态有：%(allowed)s",
    "a case that is %(status)s cannot become %(to_status)s (allowed: %(allowed)s)": (
        "%(status)s的工单不能改为“%(to_status)s”（可改为：%(allowed)s）"
    ),
    "a case is resolved only with an answer to the citizen": "工单只能通过答复群众来办结",
    "no merge %(merge)s": "没有编号为 %(merge)s 的合并记录",
    "merge %(merge)s was already undone": "合并记录 %(merge)s 已经撤销过了",
    "merge %(merge)s refers to a citizen that no longer exists": "合并记录 %(merge)s 涉及的群众档案已不存在",
    "citizen %(citizen)s has since been merged into %(other)s; undo that merge first": (
        "群众档案 %(citizen)s 之后又被合并到了 %(other)s，请先撤销那次合并"
    ),
    "no citizen %(citizen)s": "没有编号为 %(citizen)s 的群众档案",
    "citizen %(citizen)s is already merged into %(other)s": "群众档案 %(citizen)s 已合并到 %(other)s",
    # The citizen's profile (router.profile), from the case page's form.
    "unknown field(s): %(unknown)s; profile fields are %(fields)s": "未知字段：%(unknown)s；档案字段有：%(fields)s",
    "%(field)s must be text or null": "%(field)s 必须是文字或留空",
    "%(field)s must be one of %(choices)s, not %(value)r": "%(field)s 只能是 %(choices)s 之一，不能是 %(value)r",
    "%(field)s is longer than %(limit)d characters": "%(field)s 不能超过 %(limit)d 个字符",
    # The SLA settings and calendar (forms on the admin pages, and the sla.toml file).
    "%(path)s: %(error)s": "%(path)s：%(error)s",
    "%(path)s: one [[policy]] must match every case (no department, kind or priority)": (
        "%(path)s：必须有一条 [[policy]] 适用于所有工单（不限部门、类型和优先级）"
    ),
    "%(clock)s: the unit must be one of %(units)s, not %(unit)r": (
        "%(clock)s：时限单位只能是 %(units)s 之一，不能是 %(unit)r"
    ),
    "%(clock)s: the limit must be a positive number up to 10000, not %(limit)r": (
        "%(clock)s：时限必须是不超过 10000 的正数，不能是 %(limit)r"
    ),
    "kind must be one of %(kinds)s or empty, not %(kind)r": "类型只能是 %(kinds)s 之一或留空，不能是 %(kind)r",
    "priority must be one of %(priorities)s or empty, not %(priority)r": (
        "优先级只能是 %(priorities)s 之一或留空，不能是 %(priority)r"
    ),
    'policy %(name)r: %(clock)s must read like [3, "working_days"]': (
        '时限规则 %(name)r：%(clock)s 应写成 [3, "working_days"] 的形式'
    ),
    'holiday %(name)r needs dates = ["YYYY-MM-DD", ...]': '节假日 %(name)r 需要写明 dates = ["YYYY-MM-DD", ...]',
    "not a date (YYYY-MM-DD): %(value)r": "不是日期（应为 YYYY-MM-DD）：%(value)r",
    "the working calendar has no working time within %(days)d days": "工作日历在 %(days)d 天内没有任何工作时间",
    "working hours must read like 09:00-12:00, not %(part)r": "工作时间应写成 09:00-12:00 的形式，不能是 %(part)r",
    "working span %(part)r ends before it begins": "工作时段 %(part)r 的结束时间早于开始时间",
    "a working day needs at least one span of working hours": "工作日至少需要一个工作时段",
    "working spans must be in order and must not overlap": "工作时段必须按先后顺序排列，且不能重叠",
    "weekdays must be numbers 1-7 separated by commas, not %(text)r": (
        "工作日应为用逗号分隔的数字 1-7，不能是 %(text)r"
    ),
    "weekdays must be numbers 1-7 (Monday is 1), not %(text)r": "工作日只能是数字 1-7（星期一为 1），不能是 %(text)r",
    "unknown time zone %(name)r (use an IANA name such as Asia/Shanghai)": (
        "未知时区 %(name)r（请使用 IANA 名称，例如 Asia/Shanghai）"
    ),
    "there is no such active department": "没有这个启用中的部门",
    "the case is already in that department": "工单已在该部门",
    "the priority must be one of %(priorities)s, not %(priority)r": (
        "优先级只能是 %(priorities)s 之一，不能是 %(priority)r"
    ),
    "only an open case's priority can change": "只有未办结的工单才能调整优先级",
    "the case already has that priority": "工单已是该优先级",
    "lowering a case's priority needs a reason": "降低优先级须填写原因",
    # Case page: resolving with an answer, merging citizen records, event labels.
    "Answer queued; the case is resolved and the citizen will be asked how satisfied they are.": (
        "答复已排队发送；工单已办结，系统将请群众进行满意度评价。"
    ),
    "only supervisors merge citizen records": "只有主管可以合并群众记录",
    "The two records are now one citizen.": "两条记录已合并为同一位群众。",
    "The merge is undone.": "合并已撤销。",
    "no such merge for this citizen": "该群众没有这条合并记录",
    "give the other record's phone number, address (mailto:…) or number": (
        "请填写另一条记录的电话号码、地址（mailto:…）或群众编号"
    ),
    "nobody is known at %(urn)s": "没有找到联系方式为 %(urn)s 的群众",
    "The citizen added a message": "群众补充了留言",
    "First response to the citizen": "首次答复群众",
    "The answer reached the citizen": "答复已送达群众",
    "Could not reach the citizen on any channel": "所有渠道均无法联系到群众",
    "The caller asked for a call back": "来电群众要求回电",
    "Voice message transcribed": "语音留言已转写",
    "Satisfaction survey sent": "已发送满意度回访",
    "The citizen answered the survey": "群众已完成满意度评价",
    "Unhappy answer: flagged for the supervisor": "群众不满意：已提交主管督办",
    "Deadline reminder": "办理时限提醒",
    "Time limit breached": "已超过办理时限",
    "Time limits recomputed": "办理时限已重新计算",
    "Extension requested": "已申请延期",
    "Extension approved": "延期已批准",
    "Another citizen record merged into this one": "另一条群众记录已并入此记录",
    "Citizen merge undone": "群众记录合并已撤销",
    "Resolve with an answer to the citizen": "答复群众并办结",
    "Answer": "答复内容",
    "Send answer and resolve": "发送答复并办结",
    "Their phone number, address or citizen number": "对方的电话号码、地址或群众编号",
    "Other record": "另一条记录",
    "Merge into this citizen": "并入此群众",
    "Priority raised from %(a)s to %(b)s": "优先级由%(a)s提升为%(b)s",
    "Priority lowered from %(a)s to %(b)s": "优先级由%(a)s降为%(b)s",
    "Change priority": "调整优先级",
    "Why (required to lower it)": "原因（降低优先级时必填）",
    "Priority changed; the time limits follow it.": "优先级已调整，办理时限随之更新。",
    "Citizen details saved.": "群众信息已保存。",
    "Nothing to save: the details were already so.": "无需保存：信息没有变化。",
    "Marked as shared: each message from this address will open its own case.": (
        "已标记为共用号码：此号码的每条来信都将单独建立工单。"
    ),
    "No longer marked as shared.": "已取消共用号码标记。",
    "no such address for this citizen": "该群众没有这个联系方式",
    "Under 18": "18 岁以下",
    "18 to 34": "18–34 岁",
    "35 to 59": "35–59 岁",
    "60 and over": "60 岁及以上",
    "Citizen details updated": "群众信息已更新",
    "Shared address flag changed": "共用号码标记已更改",
    "Segment": "人群",
    "Preferred channel": "首选渠道",
    "shared by a household or village": "家庭或村组共用",
    "Not shared": "不是共用号码",
    "Mark as shared": "标记为共用号码",
    "Edit citizen details": "编辑群众信息",
    "County": "县（区）",
    "Township": "乡镇（街道）",
    "Village": "村（社区）",
    "Age group": "年龄段",
    "Occupation": "职业",
    "Save citizen details": "保存群众信息",
    "Any age": "不限年龄",
    "Merged record %(id)s on %(when)s": "已于 %(when)s 并入记录 %(id)s",
    "Undo": "撤销",
    # Errors from other modules, shown through _(str(exc)) on the case page.
    "the answer to the citizen is empty": "答复群众的内容不能为空",
    "a citizen cannot be merged with itself": "不能把群众记录与其自身合并",
    # Supervisors' dashboard.
    "Dashboard": "统计看板",
    "Supervisors’ dashboard": "督办统计看板",
    "Dates must be written YYYY-MM-DD.": "日期格式须为 YYYY-MM-DD。",
    "The period starts after it ends.": "起始日期晚于结束日期。",
    "Choose a period of at most three years.": "统计期间最长为三年。",
    "Unknown %(what)s.": "未知的%(what)s。",
    "Cases opened": "受理工单数",
    "Resolved late": "超期办结",
    "First response late": "首次响应超时",
    "Not resolved": "未办结",
    "Transferred cases": "转办工单",
    "Trend": "趋势",
    "Open cases by age": "在办工单按时长分布",
    "Cases behind the figure": "数据对应的工单",
    "From": "起始日期",
    "To": "结束日期",
    "Agent": "坐席",
    "Show": "查询",
    "cases opened": "受理工单",
    "contacted in time": "及时联系群众",
    "solved, by the citizen’s word": "群众认可已解决",
    "satisfied": "满意（4–5 分）",
    "resolved on time": "按时办结率",
    "open now": "当前在办",
    "overdue": "已超期",
    "First response": "首次响应",
    "median": "中位数",
    "Resolution": "办结",
    "Transferred": "转办率",
    "transfers": "次转办",
    "Reopened": "重办率",
    "Repeat: same citizen": "重复来电：同一群众",
    "Repeat: same topic": "重复诉求：同一事项",
    "Survey response rate": "回访参评率",
    "Answer reached the citizen": "答复送达率",
    "Backlog": "积压工单",
    "By department": "按部门",
    "By channel": "按渠道",
    "By region": "按地区",
    "By agent": "按坐席",
    "By county": "按县（区）",
    "By township": "按乡镇（街道）",
    "By age group": "按年龄段",
    "By occupation": "按职业",
    "Not recorded": "未登记",
    "Unknown age group; choose one of %(groups)s.": "未知的年龄段，可选：%(groups)s。",
    "County, township, age group and occupation are read from the citizen’s profile as it is now.": (
        "县（区）、乡镇（街道）、年龄段和职业按群众档案的当前信息统计。"
    ),
    "Cases": "工单数",
    "Resolved on time": "按时办结率",
    "Median resolution": "办结时长中位数",
    "Definitions": "指标说明",
    "Every figure counts the cases opened in the chosen period (by opening day, in the hotline’s time zone), as they "
    "stand now.": "所有数据均按所选期间内受理的工单统计（按热线所在时区的受理日期），反映工单的当前状态。",
    "response rate": "首次响应及时率",
    "Cases whose first contact with the citizen came within its time limit, divided by cases whose first-contact "
    "clock has stopped or whose limit has passed. Clicking shows the late ones.": (
        "在时限内首次联系群众的工单数，除以首次响应已计时结束或已超过时限的工单数。点击可查看超时工单。"
    ),
    "resolution rate": "群众认可的解决率",
    "Surveyed cases the citizen called solved, divided by surveyed cases whose answer says whether it was solved "
    "(a score alone counts as solved at 3 or more).": (
        "回访中群众表示已解决的工单数，除以回访答复中说明是否解决的工单数（只给出评分的，3 分及以上视为已解决）。"
    ),
    "satisfaction rate": "评分 4–5 分的占比",
    "Surveyed cases rated 4 or 5 (非常满意 or 满意; 基本满意 is 3), divided by surveyed cases with a score.": (
        "回访评分为 4 或 5 分（非常满意或满意；基本满意为 3 分）的工单数，除以有评分的回访工单数。"
    ),
    "Cases resolved within the resolution limit, divided by cases resolved or past their limit.": (
        "在办结时限内办结的工单数，除以已办结或已超过时限的工单数。"
    ),
    "Median and P90 times": "时长中位数与 P90",
    "From opening to first response, and to resolution, over cases where that has happened; estimated within time "
    "buckets (30 minutes up to 60 days).": (
        "从受理到首次响应、到办结的时长，只统计已发生的工单；按时长区间估算（30 分钟至 60 天）。"
    ),
    "Cases reopened at least once, divided by resolved cases.": "至少重新办理过一次的工单数，除以已办结工单数。",
    "Repeat": "重复诉求",
    "Same citizen: the citizen had another case opened in the 30 days before. Same topic: the citizen had another "
    "case in the same department in the 90 days before.": (
        "同一群众：该群众在此前 30 天内有其他受理工单。同一事项：该群众在此前 90 天内在同一部门有其他工单。"
    ),
    "Cases open now, whatever their opening day, by age.": "当前所有在办工单（不论受理日期），按已办理时长分布。",
    # Age buckets named in feedback.reports, translated in the backlog chart.
    "< 1 day": "不足 1 天",
    "1–3 days": "1–3 天",
    "3–7 days": "3–7 天",
    "7–15 days": "7–15 天",
    "15–30 days": "15–30 天",
    "> 30 days": "超过 30 天",
    # Knowledge base admin.
    "Question variants (one per line)": "问法（每行一个）",
    "Short answer (fits in two SMS)": "简短答复（不超过两条短信）",
    "Full answer (Telegram and email)": "完整答复（用于 Telegram 和电子邮件）",
    "Keywords (comma-separated)": "关键词（逗号分隔）",
    "Published": "已发布",
    "Last reviewed": "最近审核",
    "CSV or Markdown file": "CSV 或 Markdown 文件",
    "(all departments)": "（所有部门）",
    "Article saved.": "知识条目已保存。",
    "another article in this language already has this title": "同一语言下已有相同标题的知识条目",
    "The file is not UTF-8 text.": "文件不是 UTF-8 编码的文本。",
    "The import failed; see the worker log.": "导入失败，请查看后台任务日志。",
    "New article": "新建知识条目",
    "Articles": "知识条目",
    "Edit article": "编辑知识条目",
    "Import articles": "导入知识条目",
    "A CSV file (columns: title, questions, short_answer, body, language, department, keywords, published, reviewed) "
    "or a Markdown file with one '# Title' per article. See docs/knowledge.md.": (
        "CSV 文件（列：title, questions, short_answer, body, language, department, keywords, published, reviewed），"
        "或每个条目以一行“# 标题”开头的 Markdown 文件。详见 docs/knowledge.md。"
    ),
    "Import progress": "导入进度",
    "Waiting for a worker…": "等待后台任务处理…",
    "Line": "行号",
    "Problem": "问题",
    "created": "新建",
    "updated": "更新",
    "with problems": "有问题",
    "Importing…": "正在导入…",
    "Done.": "已完成。",
    "Knowledge base": "知识库",
    "all": "全部",
    "Title contains": "标题包含",
    "Filter": "筛选",
    "Answers": "答复次数",
    "Ended the matter": "一次办结",
    "Came back": "再次来信",
    "Helped": "有帮助",
    "Handed over": "转人工",
    "draft": "草稿",
    "%(n)s still within 7 days": "%(n)s 条仍在 7 天观察期内",
    "No articles yet: write one or import a file.": "还没有知识条目：请新建或导入文件。",
    "An answer ended the matter when the citizen did not write again within 7 days and did not ask for a person.": (
        "答复后群众 7 天内未再来信、也未要求转人工，即视为一次办结。"
    ),
    # Time limits (SLA) settings and extension requests.
    "the form expired or did not come from this site; reload the page and try again": (
        "表单已过期或并非来自本站，请刷新页面后重试"
    ),
    "Saved.": "已保存。",
    "Deleted.": "已删除。",
    "Approved.": "已批准。",
    "Rejected.": "已驳回。",
    "Extension requested.": "已提交延期申请。",
    "a policy for this department, kind and priority already exists": "该部门、类型和优先级的时限规则已存在",
    "the catch-all policy cannot be deleted: every case needs a time limit": "兜底规则不能删除：每个工单都需要办理时限",
    "the date must read YYYY-MM-DD": "日期格式须为 YYYY-MM-DD",
    "the new due time must read YYYY-MM-DDTHH:MM": "新的到期时间格式须为 YYYY-MM-DDTHH:MM",
    "%(field)s must be a number": "%(field)s 必须是数字",
    "Extension requests": "延期申请",
    "No requests are waiting.": "没有待审批的申请。",
    "Clock": "计时项",
    "Due now": "当前到期时间",
    "Requested": "申请延至",
    "By": "申请人",
    "Decision": "审批",
    "Approve": "批准",
    "Reject": "驳回",
    "note": "备注",
    "Request an extension": "申请延期",
    "New due time": "新的到期时间",
    "Submit": "提交",
    "Time limits": "时限设置",
    "Some tables are left out under this combination of filters; they appear with fewer filters set.": (
        "在当前筛选条件组合下，部分统计表未显示；减少筛选条件后即可显示。"
    ),
    "any": "不限",
    "Time limits (SLA)": "办理时限设置",
    "A case gets the most specific policy that matches it: priority counts most, then department, then kind. An "
    "empty field matches anything.": (
        "工单适用与其匹配的最具体的规则：优先级最优先，其次是部门，再次是类型。留空的字段匹配任何值。"
    ),
    "Units: %(hours)s count every hour (nights and holidays too); %(working_hours)s and %(working_days)s count "
    "working time only.": (
        "单位：%(hours)s 按自然小时计算（含夜间和节假日）；%(working_hours)s 和 %(working_days)s 只计算工作时间。"
    ),
    "Changes apply to new cases and to cases whose department, kind or priority changes.": (
        "修改只对新工单，以及部门、类型或优先级发生变化的工单生效。"
    ),
    "Policies": "时限规则",
    "Policy name": "规则名称",
    "Holiday name": "节日名称",
    "Kind": "类型",
    "Consultation": "咨询",
    "Help request": "求助",
    "Complaint": "投诉",
    "Report": "举报",
    "Suggestion": "建议",
    "Delete": "删除",
    "new policy": "新规则",
    "Add": "添加",
    "Working calendar": "工作日历",
    "Time zone": "时区",
    "Working hours": "工作时间",
    "Working weekdays (Monday = 1)": "工作日（星期一 = 1）",
    "Holidays and make-up working days": "节假日与调休上班日",
    "name": "名称",
    "make-up working day": "调休上班日",
    "Date": "日期",
    "Type": "类型",
    "holiday": "节假日",
    "No public holidays are entered for %(year)d: until they are, limits in working days count those days as "
    "working days. Add them here once they are announced.": (
        "尚未录入 %(year)d 年的法定节假日：录入之前，按工作日计算的时限会把这些日子算作工作日。公布后请在此添加。"
    ),
    "Kind changed; the time limits follow it.": "类型已更改，时限随之调整。",
    "Request for help": "求助",
    "Praise": "表扬",
    "threat of suicide or self-harm": "轻生或自伤",
    "drowning": "溺水",
    "gas leak": "燃气泄漏",
    "poisoning": "中毒",
    "people trapped": "人员被困",
    "flooding": "水淹",
    "fire or explosion": "火灾或爆炸",
    "live wire": "带电电线",
    "violence": "暴力伤害",
    "missing child or vulnerable adult": "儿童或弱势人员走失",
    "medical emergency": "急症",
    "road or bridge hazard with people at risk": "道路桥梁险情危及人员",
    "no water": "停水",
    "no power": "停电",
    "no heating": "停暖",
    "road cut off": "道路中断",
    "Judged %(level)s because of: %(reasons)s": "判定为%(level)s，原因：%(reasons)s",
    "Kind changed from %(a)s to %(b)s": "类型由%(a)s改为%(b)s",
    "Change kind": "更改类型",
    "the kind must be one of %(kinds)s, not %(kind)r": "类型必须是 %(kinds)s 之一，不能是 %(kind)r",
    "only an open case's kind can change": "只有未办结的工单可以更改类型",
    "the case is already of that kind": "工单已经是这个类型",
    "Mobile for urgent alerts": "紧急警报手机号",
    "Email for urgent alerts": "紧急警报邮箱",
    "Supervisors and admins with either get a text or a mail the moment a citizen reports a life in danger.": (
        "填写其一的主管和管理员，会在群众报告人身危险的第一时间收到短信或邮件。"
    ),
    "That is not an email address.": "这不是有效的邮箱地址。",
    "Life in danger": "人身危险",
    "Life in danger: every supervisor alerted": "人身危险：已通知全部主管",
    "Urgent alert taken": "紧急警报已接手",
    "Routed from %(a)s to %(b)s once the citizen said what the matter is": "群众补充具体事项后，由%(a)s分派至%(b)s",
    "Take case %(reference)s": "接手工单 %(reference)s",
    "Routing": "分派",
    "Routing model": "分派模型",
    "Confirmed as one incident.": "已确认为同一事件。",
    "Linked to an incident: other citizens report the same problem here": (
        "已关联同一事件：其他群众反映了此处的同一问题"
    ),
    "Incident confirmed": "已确认为同一事件",
    "Taken out of the incident": "已移出该事件",
    "Incident merged into another": "事件已并入另一事件",
    "Answered with the incident": "已随事件统一答复",
    "Dates are written YYYY-MM-DD, the start before the end, at most a year apart.": (
        "日期格式为 YYYY-MM-DD，开始日期须早于结束日期，间隔不超过一年。"
    ),
    "Hot spots": "热点问题",
    "Cases about one matter at one place, ranked by heat: how many citizens reported it, "
    "how fast reports grew, and how long it has gone on.": (
        "同一地点同一问题的工单，按热度排序：反映人数、增长速度和持续时间。"
    ),
    "%(count)d citizens": "%(count)d 位群众",
    "%(count)d cases": "%(count)d 件工单",
    "No hot spots in this period.": "该时段没有热点问题。",
    "Case %(reference)s is no longer part of this incident.": "工单 %(reference)s 已移出该事件。",
    "%(count)d reports moved into this incident.": "已将 %(count)d 条反映并入该事件。",
    "Answer queued to %(count)d citizens; their cases are resolved.": "已向 %(count)d 位群众发出答复，其工单已办结。",
    "A notice goes to %(count)d citizens whose reports were closed.": "另向 %(count)d 位诉求已办结的群众发送通知。",
    (
        "Also send it as a notice to citizens whose reports are already closed (paced; not to those who opted out)"
    ): "同时以通知形式告知诉求已办结的群众（限速发送；已退订者不发）",
    "Notice to citizens whose reports were closed: report": "致诉求已办结群众的通知：发送报告",
    (
        "Open reports are resolved with it as their answer; citizens whose reports are closed get it as a paced "
        "notice, unless they opted out."
    ): "未办结的诉求以此作答复并办结；诉求已办结的群众将收到限速发送的通知（已退订者除外）。",
    "The answer to incident %(id)s, for its reporters whose cases were closed": (
        "事件 %(id)s 的答复，致其诉求已办结的反映人"
    ),
    "Proactive task %(id)s done, for its reporters whose cases were closed": (
        "主动治理任务 %(id)s 已完成，致其诉求已办结的反映人"
    ),
    "the answer is limited to %(limit)d characters": "答复最多 %(limit)d 个字符",
    "Phone call (a consultation: its options are keys)": "电话（意见征集：按键选择）",
    "Answers per option": "各选项的回答",
    "Answers by township": "各乡镇的回答",
    "Answers by age group": "各年龄段的回答",
    "No choice made on the call": "电话中未作选择",
    "only a consultation (with options) can go by phone call: its options are keys": (
        "只有意见征集（带选项）可以电话发送：选项即按键"
    ),
    "Incidents": "同一事件",
    "One of %(count)d reports of this incident": "同一事件共 %(count)d 条反映之一",
    "Open the incident": "查看事件",
    "Incident": "事件",
    "Place": "地点",
    "Reports": "反映数",
    "First report": "首次反映",
    "Latest report": "最近反映",
    "open": "办理中",
    "resolved": "已办结",
    "merged": "已合并",
    "confirmed": "已确认",
    "What the citizen said": "群众诉求",
    "Not this incident": "不属于该事件",
    "Confirm: one incident": "确认为同一事件",
    "Merge another incident into this one": "将另一事件并入本事件",
    "Merge": "合并",
    "One answer to every citizen who reported it (each on their own channel); their cases are resolved": (
        "统一答复所有反映人（各自经其渠道送达），其工单随之办结"
    ),
    "Answer all and resolve": "统一答复并办结",
    "Answer sent": "已发答复",
    "Reports from different citizens of the same problem at the same place, linked as they arrive.": (
        "不同群众反映的同一地点的同一问题，来件时自动关联。"
    ),
    "Confirmed": "已确认",
    "No open incidents.": "没有办理中的事件。",
    "case %(reference)s is not a report of this incident": "工单 %(reference)s 不属于该事件",
    "an incident cannot be merged into itself": "事件不能并入其自身",
    "only open incidents can be merged": "只能合并办理中的事件",
    "this incident is no longer open": "该事件已不在办理中",
    "the answer to the citizens is empty": "答复内容为空",
    "no case %(reference)s in this incident": "该事件中没有工单 %(reference)s",
    "choose the incident to merge into this one": "请选择要并入的事件",
    "The model file cannot be read: %(reason)s": "模型文件无法读取：%(reason)s",
    "No trained model: messages are routed by the rules and the starter keywords, and the rest go to triage.": (
        "尚未训练模型：按规则和初始关键词分派，其余转综合受理。"
    ),
    "Train one from labelled messages with %(command)s, or from the previous system's tickets with %(history)s.": (
        "可用 %(command)s 从已标注的留言训练，或用 %(history)s 从原系统的历史工单训练。"
    ),
    "Trained": "训练时间",
    "Examples": "样本数",
    "Learnt from": "训练来源",
    "Confidence threshold": "置信度阈值",
    "Evaluation on %(n)d messages held out from training": "在训练时留出的 %(n)d 条留言上的评估",
    "Macro-F1": "宏平均 F1",
    "Accuracy": "准确率",
    "Routed without a person": "无需人工即可分派",
    "precision %(p)s": "准确率 %(p)s",
    "Threshold for a precision of 0.95": "准确率达到 0.95 的阈值",
    "not reached": "未达到",
    "This model was trained before evaluations were kept; retrain it to see its figures.": (
        "该模型训练时尚未保存评估结果；重新训练后即可查看。"
    ),
    "Departments the model has not learnt": "模型未学习过的部门",
    "These are routed by their starter keywords; labelled history for them would let the model route them too.": (
        "这些部门按初始关键词分派；补充它们的已标注历史工单后，模型也能分派。"
    ),
    "Imported history": "已导入的历史工单",
    "File": "文件",
    "Tickets": "工单数",
    "None yet.": "暂无。",
    "Urgency": "紧急程度",
    "Sign out everywhere": "在所有设备上退出登录",
    "Every session of %(name)s has ended.": "%(name)s 的所有登录已结束。",
    "A lost phone or a computer left signed in: end every session of this user now. Their password stays.": (
        "手机丢失或电脑未退出时：立即结束该用户的所有登录。密码保持不变。"
    ),
    "Change your password": "修改密码",
    "Change password": "修改密码",
    "Current password": "当前密码",
    "New password again": "再次输入新密码",
    "The two new passwords differ.": "两次输入的新密码不一致。",
    "The current password is not right.": "当前密码不正确。",
    "Password changed. You are signed out everywhere else.": "密码已修改，您在其他地方的登录已全部退出。",
    (
        "At least 12 characters, not a common password and not your username; a few unrelated words are easy to "
        "remember. Your other sessions end when you change it."
    ): (
        "至少 12 个字符，不能是常见密码，也不能包含用户名；几个互不相关的词既安全又好记。"
        "修改后，您在其他地方的登录将全部退出。"
    ),
    "Signing in is unavailable for a moment. Try again in a minute.": "暂时无法登录，请一分钟后再试。",
    "a password needs at least %(n)d characters": "密码至少需要 %(n)d 个字符",
    "a password may have at most %(n)d characters": "密码最多 %(n)d 个字符",
    "a password must not contain the username": "密码不能包含用户名",
    "this password is too common or too easy to guess; a few unrelated words are better": (
        "该密码太常见或太容易猜到；用几个互不相关的词组成更好"
    ),
    "%(n)d earlier cases in other departments": "其他部门的 %(n)d 件既往工单",
    "1 earlier case in another department": "其他部门的 1 件既往工单",
    (
        "Dangers to life are recognised by a lexicon, with a second opinion from a model trained on %(n)d written "
        "examples; it may only raise a level, when at least %(sure)s sure, on messages of up to %(short)d characters."
    ): (
        "人身危险由词库识别，并由一个用 %(n)d 条编写样例训练的模型复核；模型只能提高级别，"
        "且仅在把握不低于 %(sure)s、留言不超过 %(short)d 字时生效。"
    ),
    # A citizen's data (feedback.privacy, web/citizen_privacy.py)
    "The citizen's personal information was erased; the figures stay.": "已删除该市民的个人信息；统计数字保留。",
    "Citizens' data": "市民个人信息",
    "Case reference, phone number, address (telegram:…, mailto:…) or #citizen number": (
        "工单编号、电话号码、地址（telegram:…、mailto:…）或 #市民编号"
    ),
    "Find": "查找",
    "No citizen matches %(query)s.": "没有与 %(query)s 匹配的市民。",
    "Citizen %(id)s": "市民 %(id)s",
    "%(n)d open": "%(n)d 件未办结",
    "Addresses": "联系地址",
    "Records merged into this one": "并入此记录的记录",
    "Erased": "已删除",
    "Who viewed this citizen": "谁查看过该市民",
    "Every opening of one of the citizen's cases, on a page or through the API, newest first. Times are %(zone)s.": (
        "该市民工单的每一次打开（页面或接口），最新的在前。时间为 %(zone)s。"
    ),
    "When": "时间",
    "Who": "人员",
    "How": "方式",
    "Nobody has viewed this citizen's cases.": "还没有人查看过该市民的工单。",
    "Exports and erasures": "导出与删除记录",
    "What": "操作",
    "Exported": "已导出",
    "forced while cases were open": "在工单未办结时强制执行",
    "The citizen's requests": "市民的个人信息请求",
    "This citizen has open cases: export and erasure are refused unless you force them and say why.": (
        "该市民有未办结的工单：除非强制执行并说明理由，否则不能导出或删除。"
    ),
    "Export everything held about the citizen (JSON)": "导出该市民的全部信息（JSON）",
    "Export although cases are open": "即使工单未办结也导出",
    "Download": "下载",
    "Erase the citizen's personal information": "删除该市民的个人信息",
    "Messages, files, names and addresses are removed for good; the cases stay in the figures without their words.": (
        "消息、文件、姓名和联系地址将被永久删除；工单保留在统计中，但不再含有其内容。"
    ),
    "Erase although cases are open": "即使工单未办结也删除",
    "Erase": "删除",
    "Removed under the personal-information rules.": "已按个人信息规则删除。",
    "citizen %(citizen)s has open cases (%(references)s): close them first, or force it and give a reason": (
        "市民 %(citizen)s 有未办结的工单（%(references)s）：请先办结，或强制执行并说明理由"
    ),
    "forcing it while cases are open needs a reason": "工单未办结时强制执行需要说明理由",
    "say why the citizen's data is erased (the reason is kept in the audit trail)": (
        "请说明删除该市民信息的理由（理由将记入审计记录）"
    ),
    "All reports": "全部诉求",
    "Water supply": "供水",
    "Power supply": "供电",
    "Heating": "供暖",
    "Gas supply": "燃气",
    "Rubbish": "垃圾清运",
    "Street lights": "路灯",
    "Traffic signals": "交通信号灯",
    "Road surface": "路面",
    "Noise": "噪音",
    "Flooding and waterlogging": "内涝积水",
    "Stray animals": "流浪动物",
    "Sewage and drains": "污水与下水道",
    "Smells and smoke": "异味与烟尘",
    "Phone and internet signal": "通信信号与网络",
    "Buses": "公交",
    "Open": "进行中",
    "Done": "已完成",
    "Cancelled": "已取消",
    "a hot spot": "热点",
    "a surge alert": "激增预警",
    "a recurring problem": "反复诉求",
    "the seasonal calendar": "民情月历",
    "an incident": "同一事件",
    "other": "其他",
    "made the task": "创建了任务",
    "changed the owner": "更换了负责人",
    "moved the deadline": "调整了期限",
    "the deadline passed": "已超期",
    "marked it done": "标记为完成",
    "cancelled it": "取消了任务",
    "Task made and sent to the department.": "任务已创建并派给部门。",
    "Task done; %(count)d citizens who reported it are told.": "任务已完成；已告知 %(count)d 位反映过此事的群众。",
    "Task done.": "任务已完成。",
    "Task cancelled.": "任务已取消。",
    "Owner changed.": "负责人已更换。",
    "Deadline moved.": "期限已调整。",
    "Calendar recomputed: %(count)d series from %(months)d months of history.": (
        "民情月历已重新计算：基于 %(months)d 个月的历史，共 %(count)d 个序列。"
    ),
    "Not enough history yet: a kind of problem needs a year of reports to have a season.": (
        "历史数据尚不足：每类问题至少需要一年的诉求才能看出季节规律。"
    ),
    "proactive tasks open now": "项未诉先办任务进行中",
    "late": "超期",
    "proactive tasks done in the period": "项未诉先办任务在本期完成",
    "after their deadline": "超期完成",
    "Tasks": "主动任务",
    "Calendar": "民情月历",
    "Seasonal calendar": "民情月历",
    (
        "Reports expected in each coming month, learnt from every past year: the number, and in brackets the "
        "range that holds eight months in ten. Highlighted months are well above the usual month: prepare for "
        "them."
    ): (
        "根据历年数据预测未来各月的诉求量：数字为预计件数，括号内为十个月中有八个月会落入的范围。高亮的月份明显高于平常月份，需提前准备。"
    ),
    "The whole hotline": "全热线",
    "Recompute now": "立即重新计算",
    "Computed %(when)s": "计算于 %(when)s",
    "What to prepare for": "需提前准备的事项",
    "about %(expected)s reports (%(low)d–%(high)d), usually %(usual)s": (
        "预计约 %(expected)s 件（%(low)d–%(high)d），平常约 %(usual)s 件"
    ),
    "Prepare for %(problem)s in %(month)s": "提前应对%(month)s的%(problem)s问题",
    "Make a task": "生成任务",
    "No month stands out above its usual level.": "没有明显高于平常水平的月份。",
    "Usual month": "平常月份",
    (
        'No calendar yet. It needs at least a year of reports (cases, or past tickets brought in with "flask '
        '--app app history import"); it is recomputed every night, or now with the button above.'
    ): (
        '尚无民情月历。至少需要一年的诉求数据（工单，或用 "flask --app app history import" 导入的历史工单）；'
        "每晚自动重新计算，也可点击上方按钮立即计算。"
    ),
    "Recurring problem: %(problem)s at %(place)s, %(reports)d reports from %(citizens)d citizens in %(weeks)d weeks": (
        "反复诉求（久拖不决）：%(place)s的%(problem)s问题，%(weeks)d 周内 %(citizens)d 位群众反映 %(reports)d 次"
    ),
    "See recurring problems": "查看反复诉求",
    "Proactive task: %(title)s": "未诉先办任务：%(title)s",
    "Open the task": "打开任务",
    "Recurring problems": "反复诉求（久拖不决）",
    (
        "The same problem at the same place, reported by different citizens in different weeks of the last "
        "%(weeks)d weeks: answered each time, perhaps never fixed."
    ): ("最近 %(weeks)d 周内，不同群众在不同周反映同一地点的同一问题：每次都答复了，却可能从未根治。"),
    "%(reports)d reports from %(citizens)d citizens in %(weeks)d weeks": (
        "%(weeks)d 周内 %(citizens)d 位群众反映 %(reports)d 次"
    ),
    "Fix for good: %(problem)s at %(place)s": "彻底解决：%(place)s的%(problem)s问题",
    "No problem keeps coming back.": "没有反复出现的问题。",
    "Proactive task": "未诉先办任务",
    "Owner": "负责人",
    "The whole department": "整个部门",
    "Deadline": "期限",
    "Made by": "创建人",
    "Finished": "结束于",
    "Citizens told": "已告知群众",
    "What was done": "处理结果",
    "Tell the citizens who reported it": "告知反映过此事的群众",
    "Notice to them": "告知内容",
    "Mark done": "标记完成",
    "Change owner": "更换负责人",
    "Why": "原因",
    "Move the deadline": "调整期限",
    "Cancel the task": "取消任务",
    "Reports it answers": "关联的诉求",
    "%(count)d more reports outside your departments.": "另有 %(count)d 件诉求不属于您的部门。",
    "None: this task was made without reports.": "无：此任务不关联诉求。",
    "History": "处理记录",
    "New proactive task": "新建未诉先办任务",
    "What to do": "任务内容",
    "This task answers %(count)d reports; their citizens can be told when it is done.": (
        "此任务关联 %(count)d 件诉求；完成后可告知相关群众。"
    ),
    "Make the task": "创建任务",
    "Proactive tasks": "未诉先办任务",
    (
        "Work given to departments before more citizens have to report it: from hot spots, surge alerts, "
        "recurring problems and the seasonal calendar."
    ): ("在更多群众来电之前交给部门办理的工作：来自热点、激增预警、反复诉求和民情月历。"),
    "New task": "新建任务",
    "Task": "任务",
    "No tasks here.": "这里没有任务。",
    "a task needs a title": "任务需要标题",
    "the title is limited to 200 characters and the details to %(limit)d": "标题不超过 200 字，内容不超过 %(limit)d 字",
    "choose the department that will do the task": "请选择承办任务的部门",
    "the deadline must be in the future": "期限必须晚于现在",
    "unknown source %(source)s": "未知来源 %(source)s",
    "a task answers at most %(limit)d reports": "一个任务最多关联 %(limit)d 件诉求",
    "some of the reports named do not exist": "所列诉求中有不存在的",
    "say why the deadline moves": "请说明调整期限的原因",
    "say what was done": "请填写处理结果",
    "the text is too long": "文字太长",
    "say why the task is cancelled": "请说明取消任务的原因",
    "this task is no longer open": "此任务已结束",
    "the owner must be an active member of the task's department": "负责人必须是该部门的在职人员",
    "no case %(reference)s": "没有工单 %(reference)s",
    "Surge alerts of the last %(days)d days": "最近 %(days)d 天的激增预警",
    "%(count)d reports in 2 h where %(expected)s are usual": "2 小时内 %(count)d 件，平常约 %(expected)s 件",
    "Surge at %(place)s: %(problem)s": "%(place)s突发聚集：%(problem)s",
    "No surge alerts.": "没有激增预警。",
    "The call is on case %(reference)s.": "来电已记入工单 %(reference)s。",
    "The call is recorded as information only.": "来电已记录为仅咨询信息。",
    "Available": "空闲",
    "Away": "离开",
    "Waiting": "排队中",
    "Ringing": "振铃中",
    "Talking": "通话中",
    "Ended": "已结束",
    "Phone call answered by %(name)s: waited %(waited)d s, talked %(talked)d s": (
        "来电由 %(name)s 接听：等待 %(waited)d 秒，通话 %(talked)d 秒"
    ),
    "recorded": "已录音",
    "My phone line": "我的电话",
    "Who is where": "坐席状态",
    "Call": "来电",
    "Call from %(number)s": "来电：%(number)s",
    "a withheld number": "隐藏号码",
    "Queue": "队列",
    "waited %(seconds)d s": "等待 %(seconds)d 秒",
    "talked %(seconds)d s": "通话 %(seconds)d 秒",
    "Caller": "来电人",
    "(no name)": "（无姓名）",
    "A caller we do not know yet.": "尚无此来电人的记录。",
    "None": "无",
    "%(n)d more in other departments": "另有 %(n)d 件在其他部门",
    "Last contacts": "最近联系",
    "Wrap-up": "话后处理",
    "Wrapped up": "已完成话后处理",
    "information only": "仅咨询信息",
    "This call": "本次来电",
    "opens a new case": "新建工单",
    "adds to an existing case": "补充到已有工单",
    "was information only": "仅为咨询信息",
    "Existing case": "已有工单",
    "File the call": "保存来电记录",
    "The wrap-up opens once the call is answered.": "来电接通后即可进行话后处理。",
    "Callers waiting": "排队来电",
    "Availability": "状态",
    "Phone": "电话",
    "Queues": "队列",
    "On a call": "通话",
    "none": "无",
    "No agent has set up a phone line yet.": "还没有坐席设置电话。",
    "You are": "您当前",
    "The call you are on": "您正在处理的来电",
    "Calls are offered only to agents with a phone number: set yours below.": (
        "只有设置了电话号码的坐席才会接到来电：请在下方设置。"
    ),
    "Where calls ring": "来电振铃号码",
    "Phone number (desk or mobile)": "电话号码（座机或手机）",
    "Queues I answer (comma-separated, e.g. zh, en, zh-water)": "我接听的队列（逗号分隔，如 zh, en, zh-water）",
    "unknown availability %(presence)r": "未知状态 %(presence)r",
    "set the phone number calls should ring before making yourself available": (
        "请先设置来电振铃的电话号码，再切换为空闲"
    ),
    "%(number)r is not a phone number": "%(number)r 不是电话号码",
    "%(name)r is not a queue name": "%(name)r 不是队列名称",
    "an agent serves at most %(limit)d queues": "每位坐席最多接听 %(limit)d 个队列",
    "this call is already wrapped up": "这通来电已完成话后处理",
    "only a call an agent answered can be wrapped up": "只有坐席接听过的来电才能进行话后处理",
    "choose a new case, an existing case, or information only": "请选择新建工单、补充到已有工单或仅咨询信息",
    "write a summary for the new case": "请填写新工单的摘要",
    "unknown kind %(kind)r": "未知类型 %(kind)r",
    "choose the department of the new case": "请选择新工单的部门",
    "a case needs the caller's number, and this caller withheld it": ("建立工单需要来电号码，而该来电隐藏了号码"),
    "choose one of the caller's cases": "请选择该来电人的工单",
    "%(seconds)d s": "%(seconds)d 秒",
    "Calls to agents": "人工接听来电",
    "service level: answered within %(seconds)d s": "服务水平：%(seconds)d 秒内接听",
    "abandoned while waiting": "排队中放弃",
    "average wait": "平均等待",
    "average handle time (talk and wrap-up)": "平均处理时长（通话及话后处理）",
    "Calls answered": "接听来电数",
    "Hour of the day": "时段",
    "Calls": "来电",
    "The caller is on their way to queue %(queue)s.": "来电已转入队列 %(queue)s。",
    "Transfer the caller to queue": "将来电转入队列",
    "only a call in progress can be transferred": "只有通话中的来电才能转接",
    "Twilio did not move the call: %(reason)s": "Twilio 未能转接来电：%(reason)s",
    "Transfer the caller to agent": "将来电转给坐席",
    "choose another agent": "请选择另一位坐席",
    "%(name)s is not available for a call": "%(name)s 现在不能接听来电",
    "%(name)s's phone is ringing for the caller.": "正在为来电拨打 %(name)s 的电话。",
    "transferred to agent %(name)s": "已转接至坐席 %(name)s",
    "transferred to queue %(queue)s": "已转入队列 %(queue)s",
    # Three-way calls with a department's duty phone (feedback/calls/conference.py, web/calls.py)
    "only a call in progress can take in a duty phone": "只有通话中的来电才能加入值班电话",
    "choose the department whose duty phone to call": "请选择要呼叫其值班电话的部门",
    "%(name)s has no duty phone": "%(name)s 未设置值班电话",
    "a duty phone is already on this call": "此通话中已有值班电话",
    "your phone's leg of the call is not known yet; try again in a moment": "尚未获知您这一端的通话，请稍后再试",
    "the duty phone could not be called (%(reason)s); the caller is still with you": (
        "未能拨打值班电话（%(reason)s）；来电仍与您通话"
    ),
    "The duty phone of %(name)s is ringing; the caller and you stay on the line.": (
        "正在拨打%(name)s的值班电话；您与来电仍在通话中。"
    ),
    "Bring in the duty phone of": "加入值班电话：",
    "Call the duty phone": "呼叫值班电话",
    "duty phone of %(department)s": "%(department)s值班电话",
    "calling": "正在呼叫",
    "ringing": "振铃中",
    "on the call": "通话中",
    "hung up": "已挂断",
    "did not answer": "未接听",
    "could not be called": "无法呼叫",
    "answered the call": "接听了来电",
    "The duty phone must be a phone number.": "值班电话必须是电话号码。",
    "Duty phone (brought into calls)": "值班电话（可加入通话）",
    "Duty phone": "值班电话",
    # Warm transfers (feedback/calls/warm.py, web/calls.py)
    "the caller is already on hold": "来电已在等待中",
    "the caller is not on hold": "来电不在等待中",
    "the other agent has not answered yet": "对方坐席尚未接听",
    "%(name)s's phone could not be called (%(reason)s); the caller is back with you": (
        "未能拨打 %(name)s 的电话（%(reason)s）；来电已回到您这里"
    ),
    "Twilio did not end the other call: %(reason)s": "Twilio 未能挂断对方通话：%(reason)s",
    "nobody serving queue %(queue)s is free now": "队列 %(queue)s 现在没有空闲坐席",
    "%(name)s's phone is ringing; the caller is on hold.": "正在拨打 %(name)s 的电话；来电正在等待。",
    "The caller is now with %(name)s.": "来电已转给 %(name)s。",
    "The caller is back with you.": "来电已回到您这里。",
    "Put the caller on hold and talk first to agent": "让来电等待，先与坐席通话",
    "Put the caller on hold and talk first to the next free agent of queue": "让来电等待，先与队列中下一位空闲坐席通话",
    "Talk first": "先通话",
    "The caller is on hold while you talk to %(name)s.": "来电正在等待，您正与 %(name)s 通话。",
    "The caller is on hold.": "来电正在等待。",
    "Hand the caller over": "将来电交给对方",
    "Take the caller back": "取回来电",
    "talked first to agent %(name)s, caller kept": "已先与坐席 %(name)s 通话，来电未转出",
    "agent %(name)s did not answer, caller kept": "坐席 %(name)s 未接听，来电未转出",
    "Departments' queues chosen in the phone menu: %(names)s": "电话菜单中可选的部门队列：%(names)s",
    # Departments working one case (feedback.collaboration, web/collaboration.py)
    "only the lead department does this": "只有主办部门可以执行此操作",
    "%(name)s must be a whole number": "%(name)s 必须是整数",
    "the reply-by date must read like 2026-05-01": "回复期限的格式应为 2026-05-01",
    "Assisting department added.": "已添加协办部门。",
    "Your part is with the lead department; the task is done.": "协办意见已提交主办部门，协办任务已完成。",
    "Assisting task released.": "已解除协办任务。",
    "Case returned: the hotline centre will decide where it belongs.": "已退单：由热线中心裁定承办部门。",
    "only the hotline centre's supervisors decide returns": "只有热线中心的主管可以裁定退单",
    "Return decided.": "退单已裁定。",
    "only supervisors issue supervision notices": "只有主管可以发出督办单",
    "Supervision notice issued.": "督办单已发出。",
    "Reply to the supervision notice recorded.": "督办回复已记录。",
    "send a JSON object": "请发送 JSON 对象",
    "Not within our remit": "不属于本部门职责",
    "Another area is responsible": "属于其他辖区",
    "Another level of government is responsible": "属于其他层级政府",
    "Duplicate of another case": "与其他工单重复",
    "Other reason": "其他原因",
    "Released": "已解除",
    "Departments working this case": "办理部门",
    "Lead department": "主办部门",
    "First contact": "首接人",
    "Your department assists with this case; the lead department answers the citizen.": (
        "本部门为此工单的协办部门；由主办部门答复市民。"
    ),
    "Assisting departments": "协办部门",
    "due %(when)s": "期限 %(when)s",
    "Due after the statutory limit because: %(reason)s": "期限晚于法定时限，原因：%(reason)s",
    "Part from %(department)s": "%(department)s 的协办意见",
    "Released: %(reason)s": "已解除：%(reason)s",
    "Your part for the lead department": "给主办部门的协办意见",
    "Your part for the lead department (internal, not sent to the citizen)": "给主办部门的协办意见（内部，不发给市民）",
    "Post part and finish the task": "提交意见并完成协办",
    "Release": "解除",
    "Why the part is no longer needed": "不再需要协办的原因",
    "Release the task": "解除协办任务",
    "No assisting departments.": "暂无协办部门。",
    "Add an assisting department": "添加协办部门",
    "What they are asked to do": "协办事项",
    "Deadline in working days": "期限（工作日）",
    "Reason, if the deadline passes the statutory limit": "期限超过法定时限时的理由",
    "Returns": "退单",
    "Returned by %(department)s: waiting for the hotline centre to decide": "%(department)s 已退单：等待热线中心裁定",
    "Decided: the case stays with %(department)s": "裁定：工单仍由 %(department)s 办理",
    "Decided: the case goes to %(department)s": "裁定：工单改由 %(department)s 办理",
    "The case belongs to": "工单应由",
    "Reason for the decision": "裁定理由",
    "Decide": "裁定",
    "Return this case (not ours)": "退单（非本部门职责）",
    "Explain": "说明",
    "Return to the hotline centre": "退回热线中心",
    "Supervision notices": "督办单",
    "reply by %(when)s": "请于 %(when)s 前回复",
    "Reply": "回复",
    "Reply to the notice": "回复督办",
    "Issue a supervision notice": "发出督办单",
    "What must be accounted for": "督办事项",
    "Reply by": "回复期限",
    "Issue": "发出",
    "Assisting department added: %(department)s": "已添加协办部门：%(department)s",
    "Assisting task of %(department)s released": "已解除 %(department)s 的协办任务",
    "Assisting task of %(department)s is late": "%(department)s 的协办任务已超时",
    "Returned by %(department)s to the hotline centre": "%(department)s 退单至热线中心",
    "Arbitration: the case belongs to %(department)s": "仲裁：工单由 %(department)s 办理",
    "Supervision notice to %(department)s": "向 %(department)s 发出督办",
    "%(department)s replied to the supervision notice": "%(department)s 已回复督办",
    "Supervision notice to %(department)s unanswered past its date": "给 %(department)s 的督办逾期未回复",
    "Assisting": "协办",
    "Arbitration": "退单仲裁",
    "the case cannot be resolved while %(n)d assisting tasks are open: wait for their parts or release them": (
        "尚有 %(n)d 项协办任务未完成，工单不能办结：请等待协办意见或解除任务"
    ),
    "say what the department must account for": "请写明督办事项",
    "the notice is longer than %(limit)d characters": "督办内容超过 %(limit)d 个字符",
    "the reply-by date must be in the future": "回复期限必须是将来的时间",
    "no such supervision notice on this case": "此工单没有这份督办单",
    "only the department the notice was issued to replies to it": "只有被督办的部门可以回复",
    "that notice was already answered": "该督办单已回复",
    "a reply to a supervision notice needs some text": "督办回复不能为空",
    "the reply is longer than %(limit)d characters": "回复超过 %(limit)d 个字符",
    "only an open case can be returned": "只有未办结的工单可以退单",
    "choose the reason for the return from the list": "请从列表中选择退单原因",
    "say why the case is not your department's": "请说明为何不属于本部门",
    "the reason is longer than %(limit)d characters": "理由超过 %(limit)d 个字符",
    "this case is already waiting for arbitration": "此工单已在等待仲裁",
    "the hotline centre already decided that this case is your department's: it cannot be returned again": (
        "热线中心已裁定此工单由本部门办理，不能再次退单"
    ),
    "no such return on this case": "此工单没有这次退单",
    "that return was already decided": "该退单已裁定",
    "an arbitration decision needs a reason": "仲裁裁定需要理由",
    (
        "the task would be due %(due)s, after the case's statutory limit "
        "%(limit)s: shorten it, or give a reason to allow it"
    ): ("协办期限 %(due)s 晚于工单法定时限 %(limit)s：请缩短期限，或填写理由后允许"),
    "only an open case can have assisting departments": "只有未办结的工单可以添加协办部门",
    "say what the assisting department is asked to do": "请写明协办事项",
    "the task text is longer than %(limit)d characters": "协办事项超过 %(limit)d 个字符",
    "the lead department cannot assist its own case": "主办部门不能协办自己的工单",
    "the deadline must be 1 to %(max)d working days": "期限必须为 1 至 %(max)d 个工作日",
    "that department already has an open task on this case": "该部门在此工单上已有未完成的协办任务",
    "only the assisting department finishes its task": "只有协办部门可以完成自己的协办任务",
    "write your department's part for the lead department": "请填写给主办部门的协办意见",
    "the part is longer than %(limit)d characters": "协办意见超过 %(limit)d 个字符",
    "releasing an assisting task needs a reason": "解除协办任务需要理由",
    "no such assisting task on this case": "此工单没有这项协办任务",
    "that assisting task is already finished": "该协办任务已结束",
    "Department ranking": "部门排名",
    "Download CSV": "下载 CSV",
    (
        "Ranked by the mean of the contact, resolution and satisfacti"
        "on rates (三率) and the on-time rate, which counts assisting tasks too."
    ): ("按响应率、解决率、满意率（三率）与按时办结率（含协办任务）的平均值排名。"),
    "Rank": "名次",
    "Contact rate": "响应率",
    "Resolution rate": "解决率",
    "Satisfaction rate": "满意率",
    "On-time rate": "按时办结率",
    "Assisting tasks": "协办任务",
    "Return rate": "退单率",
    "Returns upheld / rejected": "退单 成立 / 驳回",
    "Notices issued / answered / overdue": "督办 发出 / 已回复 / 逾期",
    "%(n)d on time": "按时 %(n)d",
    "%(n)d waiting": "待裁定 %(n)d",
    "No department had work in this period.": "此期间没有部门有办理记录。",
    "Computed %(when)s; recomputed every five minutes.": "计算于 %(when)s；每五分钟重新计算。",
    # Outreach: consent, segments, notices (issue 20).
    "Notices and consent": "通知与订阅意愿",
    "Opted out of notices and surveys since %(when)s.": "自 %(when)s 起已退订通知和回访。",
    "Answers to their own cases still reach them.": "其本人工单的答复仍会送达。",
    "Receives notices and surveys.": "接收通知和回访。",
    "Choice": "选择",
    "Opted out": "退订",
    "Opted in again": "恢复订阅",
    "Reported by the provider": "运营商报告",
    "Unsubscribe link": "退订链接",
    "Button": "按钮",
    "Command": "命令",
    "Segment %(name)s saved.": "已保存分组 %(name)s。",
    "Notice saved. It needs a second supervisor's approval before it can be sent.": (
        "通知已保存，须经另一位主管审核后才能发送。"
    ),
    "Sending to %(n)d citizens.": "正在向 %(n)d 位市民发送。",
    "Scheduled.": "已定时。",
    "Paused.": "已暂停。",
    "Sending again.": "已恢复发送。",
    "Cancelled.": "已取消。",
    "Test sent to %(phone)s.": "测试短信已发送至 %(phone)s。",
    "Notices": "通知公告",
    "%(n)d citizens, %(m)d of them can be sent notices": "%(n)d 位市民，其中 %(m)d 位可接收通知",
    "urgent": "紧急",
    "Written by": "撰写人",
    "Approved by": "审核人",
    "not yet approved": "尚未审核",
    "Sends at": "发送时间",
    "SMS segments": "短信条数",
    "Edit": "编辑",
    "Send a test to my phone": "发送测试短信到我的手机",
    "Another supervisor must approve this notice.": "此通知须由另一位主管审核。",
    "Send": "发送",
    "At (hotline time; blank: now)": "发送时间（热线时区；留空为立即）",
    "Pause": "暂停",
    "Resume": "继续",
    "Cancel": "取消",
    "Recipients": "接收人",
    "No address": "无可用地址",
    "Nothing sent yet.": "尚未发送。",
    "Notice": "通知",
    "Edit notice": "编辑通知",
    "Write a notice": "撰写通知",
    "Variables: {name}, {county}, {township}, {village}. A change needs approving again.": (
        "可用变量：{name}、{county}、{township}、{village}。修改后须重新审核。"
    ),
    "Text in Chinese": "中文内容",
    "Text in English": "英文内容",
    "Each citizen's preferred reachable channel": "每位市民可达的首选渠道",
    "Urgent: may go by SMS in the quiet hours": "紧急：免打扰时段也可发送短信",
    "Accept an SMS of several segments": "接受多条计费的长短信",
    "Save notice": "保存通知",
    "Build a segment": "新建分组",
    "Written": "撰写时间",
    "No notices yet.": "暂无通知。",
    "Segments": "分组",
    "No segments yet.": "暂无分组。",
    "Citizens who match every criterion given. Merged and erased records are never included.": (
        "符合全部条件的市民。已合并或已删除的记录不计入。"
    ),
    "Where and who": "地区与人群",
    "Tags (comma-separated, all required)": "标签（逗号分隔，须全部符合）",
    "Reachable on": "可达渠道",
    "What they reported": "反映过的事项",
    "Words in the report": "诉求中的词语",
    "In the last N days": "最近天数",
    "Linked to incident number": "关联事件编号",
    "Matching citizens:": "符合条件的市民：",
    "opted out:": "已退订：",
    "can be sent notices:": "可接收通知：",
    "Save segment": "保存分组",
    "give the segment a name": "请为分组命名",
    "a notice that is %(status)s cannot be edited": "状态为 %(status)s 的通知不能编辑",
    "the sending time must read like 2026-05-01T09:30": "发送时间格式应为 2026-05-01T09:30",
    "add your phone number to your account to receive a test": "请先在账户中填写手机号才能接收测试短信",
    "Draft": "草稿",
    "Approved": "已审核",
    "Scheduled": "已定时",
    "Paused": "已暂停",
    "give the notice a title": "请填写通知标题",
    "write the notice's text": "请填写通知内容",
    "unknown channel %(channel)s": "未知渠道 %(channel)s",
    "write the tag": "请填写标签",
    "a tag is at most %(most)d characters": "标签最多 %(most)d 个字符",
    "a tag cannot contain a comma: add one tag at a time": "标签不能包含逗号：请逐个添加",
    "a tag cannot begin with = + - or @": "标签不能以 = + - 或 @ 开头",
    "Segments of notices can select citizens by these tags.": "通知的目标人群可按这些标签选择市民。",
    "Remove the tag %(tag)s": "删除标签 %(tag)s",
    "No tags.": "暂无标签。",
    "New tag": "新标签",
    "Add the tag": "添加标签",
    "Tag": "标签",
    "Added": "添加",
    "Removed": "删除",
    "Tag added.": "标签已添加。",
    "The citizen already has this tag.": "该市民已有此标签。",
    "Tag removed.": "标签已删除。",
    "choose a segment": "请选择分组",
    "as an SMS the text takes %(parts)d segments, each charged: shorten it, or accept %(parts)d segments": (
        "作为短信需 %(parts)d 条，每条计费：请缩短内容，或勾选接受 %(parts)d 条"
    ),
    "only a draft can be approved; this notice is %(status)s": "只有草稿可以审核；此通知状态为 %(status)s",
    "a notice needs a second person's approval: its author cannot approve it": (
        "通知须由第二人审核：撰写人不能审核自己的通知"
    ),
    "a notice must be approved before it is sent; this one is %(status)s": (
        "通知须审核后才能发送；此通知状态为 %(status)s"
    ),
    "the segment has nobody to send to": "该分组没有可发送的市民",
    "only a notice that is sending can be paused": "只有发送中的通知可以暂停",
    "only a paused notice can be resumed": "只有已暂停的通知可以继续",
    "the notice is already %(status)s": "通知已是 %(status)s 状态",
    "%(field)s must be a whole number": "%(field)s 须为整数",
    "the number of days must be between 1 and %(most)d": "天数须在 1 到 %(most)d 之间",
    "the text has an unmatched { or }: write variables as {name}": "内容中有不成对的 { 或 }：变量请写成 {name}",
    "unknown variable {%(name)s}: use %(known)s": "未知变量 {%(name)s}：可用 %(known)s",
    "Consultation results": "意见征集结果",
    "Feedback in their own words": "文字意见",
    "No written feedback yet.": "暂无文字意见。",
    "Feedback": "意见",
    "SMS cost estimate": "短信费用估算",
    "segments": "条计费短信",
    "reachable SMS recipients": "名可发短信的市民",
    "Options of a consultation, one a line (citizens answer with the number; leave empty for a notice)": (
        "意见征集的选项，每行一个（市民回复序号作答；普通通知留空）"
    ),
    "a consultation has at most %(most)d options": "意见征集最多 %(most)d 个选项",
    "Option": "选项",
    # End of outreach.
    # The workspace: search in every folder, case fields, split and merge, walk-ins, canned replies by department.
    "Search results for “%(term)s” in every folder": "在所有文件夹中搜索“%(term)s”的结果",
    "Folder": "文件夹",
    "more than %(n)d": "超过 %(n)d 件",
    "Showing the newest %(n)d matches; add words to narrow the search.": (
        "仅显示最新的 %(n)d 条结果；请添加关键词缩小范围。"
    ),
    "Details saved.": "详情已保存。",
    "The message is now case %(reference)s.": "该消息已成为工单 %(reference)s。",
    "Case %(reference)s merged into this one (%(n)d messages).": "工单 %(reference)s 已并入本工单（%(n)d 条消息）。",
    "Subject": "主题",
    "Address": "地址",
    "Tags": "标签",
    "This message is another matter: give it a case of its own": "这条消息是另一件事：为它单独立案",
    "Split into a new case": "拆分为新工单",
    "Details changed": "详情已修改",
    "A message was split off into case": "一条消息已拆分为工单",
    "Split off from case": "拆分自工单",
    "Case %(reference)s merged into this one (%(n)d messages)": "工单 %(reference)s 已并入本工单（%(n)d 条消息）",
    "Merged into case": "已并入工单",
    "Details": "详情",
    "separated by commas": "用逗号分隔",
    "Save details": "保存详情",
    "Merge case": "合并工单",
    "Reference of the other case": "另一工单的编号",
    "Merge into this case": "并入本工单",
    "Only another open case of the same citizen; its messages move here and it is closed.": (
        "仅限同一群众的另一件未办结工单；其消息移到这里，该工单随之关闭。"
    ),
    "only a message from the citizen in this case can be split off": "只能拆分本工单中群众发来的消息",
    "the case's only message from the citizen cannot be split off": "工单中群众的唯一一条消息不能拆分",
    "a case cannot be merged into itself": "工单不能与自身合并",
    "only cases of the same citizen can be merged": "只有同一群众的工单才能合并",
    "only open cases can be merged": "只有未办结的工单才能合并",
    "a case takes at most %(n)d tags": "一个工单最多 %(n)d 个标签",
    "a tag is at most %(n)d characters": "标签最多 %(n)d 个字",
    "the subject is at most %(n)d characters": "主题最多 %(n)d 个字",
    "the address is at most %(n)d characters": "地址最多 %(n)d 个字",
    "as given on %(channel)s": "来自%(channel)s的资料",
    "Choose a kind of matter from the list.": "请从列表中选择诉求类型。",
    "Choose one of your departments, or leave the department to the router.": "请选择您所在的部门，或交由系统分派。",
    "The address is at most %(n)d characters.": "地址最多 %(n)d 个字。",
    "Let the router decide": "由系统判断",
    "Case recorded": "已登记工单",
    "Read this reference back to the caller": "请向来电人复述此工单编号",
    "They also get it by SMS. Open the case to add what else they say.": "群众也会收到短信。打开工单可补充其他内容。",
    "Recording the case…": "正在登记工单…",
    "The reference appears here in a moment.": "工单编号稍后显示在这里。",
    "Recorded": "已登记",
    "The case went to a department outside yours; the citizen gets the reference by SMS.": (
        "工单已转到您所在部门以外的部门；群众会通过短信收到工单编号。"
    ),
    "Record another case": "再登记一件",
    "Canned response deleted.": "常用回复已删除。",
    "Canned response saved.": "常用回复已保存。",
    "no such department": "没有这个部门",
    "Agents see the shared responses and those of their own departments in the composer.": (
        "坐席在回复框中可看到通用的常用回复和本部门的常用回复。"
    ),
    "Shared by every department": "所有部门通用",
    "a canned response needs a title and a text": "常用回复需要标题和内容",
    "a canned response's title is at most 200 characters": "常用回复的标题最多 200 个字",
    "that canned response no longer exists": "该常用回复已不存在",
    # end of the workspace block
}


def extract() -> Catalog:
    """Collect every message the pages can show, with where it is used."""
    with open(REPO / "web" / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = Catalog(project="CivicLine", locale="zh")
    for folder in FOLDERS:
        found = extract_from_dir(REPO / folder, method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True)
        for filename, lineno, message, comments, context in found:
            location = (f"{folder}/{filename}", lineno)
            catalog.add(message, None, [location], auto_comments=comments, context=context)
    return catalog


def problems(catalog: Catalog) -> list[str]:
    """Fill in the Chinese; return one line per message without it or with placeholders lost on the way."""
    found = []
    for message in catalog:
        if message.id:
            message.string = ZH.get(message.id, "")
            if not message.string:
                found.append(f"untranslated: {message.id!r}")
    for msgid, text in ZH.items():
        if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(text)):
            found.append(f"placeholders differ: {msgid!r} -> {text!r}")
        if msgid not in catalog:
            catalog.add(msgid, text)  # shown through _(variable): role names, errors from other modules
    return found


def write(catalog: Catalog) -> None:
    """Write the template for translators and the Chinese .po and .mo that the app loads."""
    template = Catalog(project="CivicLine")
    for message in catalog:
        if message.id and message.locations:
            template.add(message.id, None, message.locations, auto_comments=message.auto_comments)
    with open(ROOT / "messages.pot", "wb") as handle:
        write_po(handle, template, width=120)
    target = ROOT / "zh" / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with open(target / "messages.po", "wb") as handle:
        write_po(handle, catalog, width=120)
    with open(target / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)


def main(argv: list[str]) -> int:
    catalog = extract()
    found = problems(catalog)
    if "--check" not in argv:
        write(catalog)
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
