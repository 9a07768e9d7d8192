"""Route a message to a department by the catalogue's keywords; when nothing matches, send it to triage."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sqlmodel import Session, select

from router.models import Department


@dataclass(frozen=True)
class Routing:
    """Where a message goes, why, and how sure the router is (0–1)."""

    department_id: int
    confidence: float
    rule: str


_ROUTER_KEY = "civicline.keyword_router"


class KeywordRouter:
    """Match Chinese keywords as substrings and English ones as whole words."""

    def __init__(self, departments: list[Department]):
        active = [d for d in departments if d.active]
        triage = [d for d in active if d.is_triage]
        if len(triage) != 1:
            raise ValueError("the department catalogue needs exactly one active triage department")
        self.triage_id: int = triage[0].id  # type: ignore[assignment]
        self._rules = [(d.id, d.code, [_matcher(k) for k in d.keywords]) for d in active if not d.is_triage]

    def route(self, text: str) -> Routing:
        """Return the department whose keywords cover most of the text; ties and misses go to triage."""
        lowered = text.lower()
        scores: list[tuple[int, int, str, list[str]]] = []
        for dept_id, code, matchers in self._rules:
            hits = [keyword for keyword, pattern in matchers if pattern.search(lowered)]
            if hits:
                scores.append((sum(len(k) for k in hits), dept_id, code, hits))
        if not scores:
            return Routing(self.triage_id, 0.0, "no keyword matched")
        scores.sort(reverse=True)
        best = scores[0]
        if len(scores) > 1 and scores[1][0] == best[0]:
            return Routing(self.triage_id, 0.0, f"tie between {best[2]} and {scores[1][2]}")
        runner_up = scores[1][0] if len(scores) > 1 else 0
        confidence = round(best[0] / (best[0] + runner_up), 3)
        return Routing(best[1], confidence, f"keywords {best[2]}: {', '.join(best[3])}")


@lru_cache(maxsize=4096)
def _matcher(keyword: str) -> tuple[str, re.Pattern[str]]:
    lowered = keyword.lower()
    if lowered.isascii():
        return lowered, re.compile(r"\b" + re.escape(lowered) + r"\b")
    return lowered, re.compile(re.escape(lowered))


def route_text(session: Session, text: str) -> Routing:
    """Route a message with the departments as they are in the database now."""
    # A worker routes many messages per transaction: read the catalogue once per transaction,
    # and build a router only when the catalogue's content changed. The session keeps the rows
    # alive, so later `session.get(Department, ...)` calls are answered from its identity map.
    cached = session.info.get(_ROUTER_KEY)
    if cached is None or cached[0] is not session.get_transaction():
        departments = list(session.exec(select(Department)))
        cached = (session.get_transaction(), departments, _router_for(departments))
        session.info[_ROUTER_KEY] = cached
    return cached[2].route(text)


_routers: dict[tuple, KeywordRouter] = {}


def _router_for(departments: list[Department]) -> KeywordRouter:
    key = tuple((d.id, d.code, tuple(d.keywords), d.is_triage, d.active) for d in departments)
    router = _routers.get(key)
    if router is None:
        _routers.clear()  # the catalogue changed: only the newest version is worth keeping
        router = _routers[key] = KeywordRouter(departments)
    return router
