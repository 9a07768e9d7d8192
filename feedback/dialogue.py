"""Short commands a citizen can send on any channel instead of opening a case (for now: case status)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from feedback.models import Case
from jobs.context import InboundContext
from staff.models import Department

STATUS_WORDS = {"查询", "进度", "status", "状态"}
_STATUS_NAMES = {
    "new": ("已受理", "received"),
    "assigned": ("已分派", "assigned"),
    "in_progress": ("办理中", "in progress"),
    "waiting_on_citizen": ("待您补充", "waiting for you"),
    "resolved": ("已办结", "resolved"),
    "closed": ("已关闭", "closed"),
}


def answer_status_request(ctx: InboundContext) -> bool:
    """Answer "查询" / "STATUS" with the citizen's recent cases instead of opening a case."""
    if not is_status_request(ctx.contact.text):
        return False
    ctx.reply(status_reply(ctx.session, ctx.citizen.id, ctx.language, ctx.settings.hotline_name), "status")
    return True


def is_status_request(text: str) -> bool:
    """Tell whether a message only asks for the status of the citizen's cases."""
    return text.strip().strip("?？!！。.").lower() in STATUS_WORDS


def status_reply(session: Session, citizen_id: int, language: str, hotline: str) -> str:
    """Describe the citizen's three most recent cases, or say there are none."""
    cases = session.exec(
        select(Case).where(Case.citizen_id == citizen_id).order_by(col(Case.opened_at).desc()).limit(3)
    ).all()
    zh = language == "zh"
    if not cases:
        return f"【{hotline}】您目前没有工单。" if zh else f"[{hotline}] You have no cases with us."
    lines = []
    for case in cases:
        department = session.get(Department, case.department_id)
        state = _STATUS_NAMES.get(case.status, (case.status, case.status))[0 if zh else 1]
        name = department.name(language) if department else ""
        lines.append(f"{case.reference} {name} {state}" if zh else f"{case.reference} {name}: {state}")
    prefix = f"【{hotline}】" if zh else f"[{hotline}] "
    return prefix + ("；".join(lines) if zh else "; ".join(lines))
