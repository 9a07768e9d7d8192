"""Agents' telephone lines: available, busy or away; the phone calls ring (desk or mobile); the queues served."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from core import live
from core.clock import utcnow
from core.db import id_of
from core.refusal import Refusal
from core.urns import InvalidURN, split, tel
from feedback.calls import states
from feedback.calls.models import AVAILABLE, AWAY, PRESENCES, AgentLine, LiveCall
from staff.models import User

QUEUE_NAME = re.compile(r"[a-z]{2}(-[a-z0-9_]{1,40})?")
MAX_QUEUES = 10


class LineRefusal(Refusal):
    """A telephone setting that cannot be made as given; nothing was changed."""


@dataclass(frozen=True)
class BoardRow:
    """One agent on the supervisors' board."""

    user: User
    line: AgentLine
    call: LiveCall | None


def line_for(session: Session, user: User) -> AgentLine:
    """Return the agent's line, made on first use (away, no phone, the queues of the languages they answer in)."""
    line = session.get(AgentLine, id_of(user))
    if line is None:
        line = AgentLine(user_id=id_of(user), queues=",".join(_languages(user)))
        session.add(line)
        session.flush()
    return line


def set_presence(session: Session, user: User, presence: str) -> AgentLine:
    """Make the agent available, busy or away; available needs a phone to ring."""
    if presence not in PRESENCES:
        raise LineRefusal("unknown availability %(presence)r", presence=presence)
    line = line_for(session, user)
    if presence == AVAILABLE and not line.phone:
        raise LineRefusal("set the phone number calls should ring before making yourself available")
    if presence == AVAILABLE:
        line.misses = 0
        states.want_dispatch(session)  # a caller may be waiting for just this agent
    line.presence, line.changed_at = presence, utcnow()
    session.add(line)
    live.announce(session, topic="presence", kind=presence, user_id=id_of(user))
    return line


def set_phone(session: Session, user: User, raw: str, region: str) -> AgentLine:
    """Set the number calls ring (a desk or a mobile phone); an empty one makes the agent away."""
    line = line_for(session, user)
    raw = raw.strip()
    if not raw:
        line.phone, line.presence = None, AWAY
    else:
        try:
            line.phone = split(tel(raw, region))[1]
        except InvalidURN as exc:
            raise LineRefusal("%(number)r is not a phone number", number=raw[:40]) from exc
    line.changed_at = utcnow()
    session.add(line)
    return line


def set_queues(session: Session, user: User, names: list[str]) -> AgentLine:
    """Set the queues the agent serves (a language, or a language and a department: "zh", "zh-water")."""
    cleaned = sorted({name.strip().lower() for name in names if name.strip()})
    bad = [name for name in cleaned if not QUEUE_NAME.fullmatch(name)]
    if bad:
        raise LineRefusal("%(name)r is not a queue name", name=bad[0][:40])
    if len(cleaned) > MAX_QUEUES:
        raise LineRefusal("an agent serves at most %(limit)d queues", limit=MAX_QUEUES)
    line = line_for(session, user)
    line.queues = ",".join(cleaned)
    session.add(line)
    return line


def board(session: Session) -> list[BoardRow]:
    """Every active agent with a line, available first, with the call they are on."""
    query = select(User, AgentLine).join(AgentLine, col(AgentLine.user_id) == col(User.id))
    rows = []
    for user, line in session.exec(query.where(col(User.active).is_(True)).order_by(col(User.username))):
        call = session.get(LiveCall, line.call_id) if line.call_id is not None else None
        rows.append(BoardRow(user, line, call))
    order = {presence: rank for rank, presence in enumerate(PRESENCES)}
    return sorted(rows, key=lambda row: order.get(row.line.presence, 9))


def _languages(user: User) -> list[str]:
    return [part.strip() for part in (user.languages or "zh").split(",") if part.strip()] or ["zh"]
