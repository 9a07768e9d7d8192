"""Write web/translations/zh/LC_MESSAGES/messages.po and .mo from the extracted template and the table below.

Run after `pybabel extract -F web/babel.cfg -k _ -k gettext -o web/translations/messages.pot web`;
a message missing from the table is reported, so nothing ships half-translated by accident.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent / "web" / "translations"
ZH = {
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
    "there is no such active department": "没有这个启用中的部门",
    "the case is already in that department": "工单已在该部门",
}


def main() -> int:
    with open(ROOT / "messages.pot", "rb") as handle:
        catalog = read_po(handle, locale="zh")
    missing = []
    for message in catalog:
        if message.id:
            message.string = ZH.get(message.id, "")
            missing += [message.id] if not message.string else []
    for msgid in ZH:
        if msgid not in catalog:
            catalog.add(msgid, ZH[msgid])
    target = ROOT / "zh" / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with open(target / "messages.po", "wb") as handle:
        write_po(handle, catalog, width=120)
    with open(target / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
