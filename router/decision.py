"""Decide where a message goes: its department, how sure the router is, its priority, and who could take it.

The admin's explicit `rules` win wherever they match. A message that names no
matter ("我想咨询一下") goes to triage, marked unclear so the citizen is asked
what and where. Then a trained model decides when it is sure. When it is not,
or on an install without one, the catalogue's starter `keywords` decide in the
cases the model cannot speak for: a department it never saw in training, and
text that is not Chinese (it learnt from Chinese messages). Where the model
knows the department and is unsure, triage gets the message: measured on real
messages, keywords are right there far less often than the model
(docs/routing.md).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from sqlmodel import Session, select

from core.db import id_of, per_transaction
from router import assignment, kinds, matter, priority
from router.assignment import OpenLoad
from staff.models import Department

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Decision:
    """Where a message goes, why (`rule`), how sure the router is (0–1), how urgent, and the agent proposed for it.

    The case layer applies a decision through the lifecycle (`feedback.cases`); the router never opens,
    assigns or moves a case itself.
    """

    department_id: int
    confidence: float
    rule: str
    priority: str = priority.NORMAL
    assignee_id: int | None = None
    kind: str = kinds.COMPLAINT  # consultation, help request, complaint, report, suggestion or praise
    services: tuple[str, ...] = ()  # for an urgent matter: who to call (police, fire, ambulance)
    reasons: tuple[str, ...] = ()  # for an urgent or high one: the kinds of danger read in it
    clear: bool = True  # False when the message names no matter: triage, and the citizen is asked what and where


UNCLEAR = "no clear matter"  # the rule of a decision on a message that names no matter
_ROUTER_KEY = "civicline.keyword_router"
_ROUTERS_KEY = "civicline.department_routers"
_MODEL_KEY = "civicline.routing_model"


class KeywordRouter:
    """Match Chinese keywords as substrings and English ones as whole words (`field`: keywords or rules)."""

    def __init__(self, departments: list[Department], field: str = "keywords"):
        active = [d for d in departments if d.active]
        triage = [d for d in active if d.is_triage]
        if len(triage) != 1:
            raise ValueError("the department catalogue needs exactly one active triage department")
        self.triage_id = id_of(triage[0])
        self.field = field
        self.codes = {id_of(d): d.code for d in active}
        self._rules = [
            (id_of(d), d.code, [_matcher(k) for k in getattr(d, field) or []]) for d in active if not d.is_triage
        ]

    def route(self, text: str) -> Decision:
        """Return the department whose keywords cover most of the text; ties and misses go to triage."""
        lowered = text.lower()
        scores: list[tuple[int, int, str, list[str]]] = []
        for dept_id, code, matchers in self._rules:
            hits = [keyword for keyword, pattern in matchers if pattern.search(lowered)]
            if hits:
                scores.append((sum(len(k) for k in hits), dept_id, code, hits))
        if not scores:
            return Decision(self.triage_id, 0.0, "no keyword matched")
        scores.sort(reverse=True)
        best = scores[0]
        if len(scores) > 1 and scores[1][0] == best[0]:
            return Decision(self.triage_id, 0.0, f"tie between {best[2]} and {scores[1][2]}")
        runner_up = scores[1][0] if len(scores) > 1 else 0
        confidence = round(best[0] / (best[0] + runner_up), 3)
        return Decision(best[1], confidence, f"{self.field} {best[2]}: {', '.join(best[3])}")


@lru_cache(maxsize=4096)
def _matcher(keyword: str) -> tuple[str, re.Pattern[str]]:
    lowered = keyword.lower()
    if lowered.isascii():
        return lowered, re.compile(r"\b" + re.escape(lowered) + r"\b")
    return lowered, re.compile(re.escape(lowered))


def decide(
    session: Session, text: str, subject: str = "", language: str | None = None, open_load: OpenLoad | None = None
) -> Decision:
    """Route a message with the departments as they are now: rules win, then a sure model (or keywords), else triage.

    An email's subject often names the matter when the body only says "see above": rules, keywords and
    the priority read it with the text, and the model reads it as its training data's subjects. Given the
    citizen's language and a way to count agents' open cases, the decision proposes an agent too (the
    proposal counts as taken for the rest of the transaction).
    """
    departments = _departments(session)
    rules, keywords = per_transaction(
        session, _ROUTERS_KEY, lambda: (_router_for(departments, "rules"), _router_for(departments, "keywords"))
    )
    subject = subject.strip() if subject.strip() != text.strip() else ""
    whole = f"{subject}\n{text}" if subject else text
    routing = rules.route(whole)
    if routing.department_id == rules.triage_id:
        if not matter.has_matter(whole):
            routing = Decision(rules.triage_id, 0.0, UNCLEAR, clear=False)
        else:
            routing = _combined(_by_model(session, departments, text, subject, rules.triage_id), keywords, whole)
    urgency = priority.assess(whole)
    if urgency.level != priority.NORMAL:
        routing = replace(
            routing,
            priority=urgency.level,
            rule=f"{routing.rule}; {urgency.level}: {', '.join(urgency.reasons)}",
            services=urgency.services,
            reasons=urgency.reasons,
        )
    routing = replace(routing, kind=kinds.classify(whole).kind)
    if language is not None and open_load is not None:
        agent = assignment.propose(session, routing.department_id, language, open_load)
        routing = replace(routing, assignee_id=agent.id if agent is not None else None)
    return routing


def _combined(model: ModelDecision | None, keywords: KeywordRouter, whole: str) -> Decision:
    """Take the model's decision when it is sure; else the keywords' where the model cannot speak; else triage."""
    if model is None:
        return keywords.route(whole)
    by_keywords = keywords.route(whole)
    if by_keywords.department_id == keywords.triage_id:
        return model.decision
    code = keywords.codes[by_keywords.department_id]
    # Only the keywords can name a department the model never saw; when they name no other, they win.
    model_unsure = model.decision.department_id == keywords.triage_id
    if code not in model.knows and (by_keywords.confidence == 1.0 or model_unsure):
        return replace(by_keywords, rule=f"{by_keywords.rule} (the model has not learnt {code})")
    if not model_unsure:
        return model.decision
    if not _HAN.search(whole):
        return replace(by_keywords, rule=f"{by_keywords.rule} (the model reads Chinese)")
    return model.decision


_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class ModelDecision:
    """The model's decision and the department codes it was trained on (what it can speak for)."""

    decision: Decision
    knows: frozenset[str]


def _by_model(
    session: Session, departments: list[Department], text: str, subject: str, triage_id: int
) -> ModelDecision | None:
    """Ask the trained model, if the install has one; below the threshold the answer is triage, never a guess."""
    # Imported here so that an install without a model never loads scikit-learn or jieba.
    from core.runtime import current
    from router.model import classifier as routing_model
    from router.model import published
    from router.model.features import document

    runtime = current()
    try:  # looked for once per transaction: a batch routes many messages
        model = per_transaction(session, _MODEL_KEY, lambda: published.active_model(runtime))
    except routing_model.ModelError as exc:
        log.error("routing without the model: %s", exc)
        return None
    if model is None:
        return None
    code, confidence = model.predict([document(text, subject)])[0]
    confidence = round(confidence, 3)
    knows = frozenset(model.labels)
    department = next((d for d in departments if d.code == code and d.active and not d.is_triage), None)
    if department is None:
        return ModelDecision(Decision(triage_id, confidence, f"model: {code} is not an active department"), knows)
    if confidence < runtime.settings.router_confidence_threshold:
        return ModelDecision(Decision(triage_id, confidence, f"model unsure: {code} at {confidence:.2f}"), knows)
    return ModelDecision(Decision(id_of(department), confidence, f"model: {code} at {confidence:.2f}"), knows)


def _departments(session: Session) -> list[Department]:
    # A worker routes many messages per transaction: read the catalogue once per transaction.
    # The session keeps the rows alive, so `session.get(Department, ...)` is answered from memory.
    return per_transaction(session, _ROUTER_KEY, lambda: list(session.exec(select(Department))))


_routers: dict[tuple, KeywordRouter] = {}


def _router_for(departments: list[Department], field: str) -> KeywordRouter:
    """Return a keyword router for this catalogue, built again only when the catalogue's content changed."""
    key = (field, *((d.id, d.code, tuple(getattr(d, field) or ()), d.is_triage, d.active) for d in departments))
    router = _routers.get(key)
    if router is None:
        if len(_routers) > 8:
            _routers.clear()  # old catalogue versions are not worth keeping
        router = _routers[key] = KeywordRouter(departments, field)
    return router
