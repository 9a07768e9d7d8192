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
    "SlaConfigError", "CalendarError", "ProfileError", "ProfileRefused",
)  # fmt: skip
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None, **dict.fromkeys(REFUSALS)}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]")
ZH = {
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
    (
        "Dangers to life are recognised by a lexicon, with a second opinion from a model trained on %(n)d written "
        "examples; it may only raise a level, when at least %(sure)s sure, on messages of up to %(short)d characters."
    ): (
        "人身危险由词库识别，并由一个用 %(n)d 条编写样例训练的模型复核；模型只能提高级别，"
        "且仅在把握不低于 %(sure)s、留言不超过 %(short)d 字时生效。"
    ),
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
