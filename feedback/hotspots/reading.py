"""Read a file of past messages for hot-spot mining: every row checked, a bad one refused with its line.

Columns are found by their names (`id,time,subject,text`, optional
`support,against`; the Chinese names of public message-board exports such as
留言编号, 留言时间, 留言主题, 留言详情, 点赞数, 反对数 are known too).
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from feedback.hotspots.mining import Message
from router.archive.importing import local_date
from router.archive.reading import Table, read
from router.likeness import fingerprint

NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "message_id", "编号", "留言编号", "工单号", "reference"),
    "time": ("time", "date", "created_at", "opened_at", "时间", "留言时间", "日期", "受理时间"),
    "subject": ("subject", "title", "主题", "留言主题", "标题"),
    "text": ("text", "content", "body", "内容", "留言详情", "留言内容", "诉求内容"),
    "sender": ("sender", "user", "citizen", "留言用户", "用户"),
    "support": ("support", "likes", "agree", "点赞数", "支持数"),
    "against": ("against", "dislikes", "disagree", "反对数"),
}
REQUIRED = ("id", "time", "text")


class MessagesError(ValueError):
    """The file cannot be mined: unreadable, or rows that are not messages (each named by its line)."""


def messages(path: Path, zone: tzinfo, named: dict[str, str] | None = None) -> list[Message]:
    """Return the file's messages; raise MessagesError listing every bad row (then none is returned)."""
    try:
        table = read(path, named, NAMES, REQUIRED)
    except ValueError as exc:
        raise MessagesError(str(exc)) from exc
    found: list[Message] = []
    bad: list[str] = []
    for line, cells in table.rows:
        message, reason = _message(table, cells, zone)
        if message is None:
            bad.append(f"line {line}: {reason}")
        else:
            found.append(message)
    if bad:
        shown = "\n  ".join(bad[:20]) + (f"\n  … and {len(bad) - 20} more" if len(bad) > 20 else "")
        raise MessagesError(f"{path.name}: {len(bad)} rows refused, nothing mined:\n  {shown}")
    return found


def _message(table: Table, cells: list[str], zone: tzinfo) -> tuple[Message | None, str]:
    ident, written, text = (table.value(cells, field) for field in ("id", "time", "text"))
    subject = table.value(cells, "subject")
    if not ident:
        return None, "no id"
    if not text and not subject:
        return None, "no text"
    time = local_date(written, zone)
    if time is None:
        return None, f"the time {written!r} cannot be read"
    counts = []
    for field in ("support", "against"):
        value = table.value(cells, field) or "0"
        if not value.isdigit() or len(value) > 9:
            return None, f"{field} {value!r} is not a count"
        counts.append(int(value))
    mark = fingerprint(f"{subject} {text}", dangers=())  # dangers do not group messages; skipping them is faster
    sender = table.value(cells, "sender")
    return Message(ident, time, subject or text[:60], mark, sender, counts[0], counts[1]), ""
