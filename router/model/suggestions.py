"""The model's best guesses for a case a person must route, so that triage is one click instead of a search.

Triage holds the cases the model was not sure enough to route on its own; its
second and third guesses are often right, and every case sent on from here
becomes a label the next retrain learns from.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel import Session, select

from staff.models import Department

log = logging.getLogger(__name__)
COUNT = 3
# Below this the guess is noise and would only lengthen the list a person reads.
MIN_PROBABILITY = 0.05


@dataclass(frozen=True)
class Suggestion:
    """A department the model thinks likely, and how likely (0–1)."""

    department: Department
    probability: float


def for_text(session: Session, text: str) -> list[Suggestion]:
    """Return up to three likely departments for a message, most likely first; none without a readable model."""
    # Imported here, as in router.departments, so that pages on an install without a model never load scikit-learn.
    from core.runtime import current
    from router.model import classifier as routing_model
    from router.model import published
    from router.model.features import document

    try:
        model = published.active_model(current())
    except routing_model.ModelError as exc:
        log.error("no routing suggestions: %s", exc)
        return []
    if model is None or not text.strip():
        return []
    routable = {d.code: d for d in session.exec(select(Department).where(Department.active)) if not d.is_triage}
    row = model.probabilities([document(text)])[0]
    ranked = sorted(zip(model.labels, row, strict=True), key=lambda pair: -pair[1])
    found = [Suggestion(routable[code], float(p)) for code, p in ranked if code in routable and p >= MIN_PROBABILITY]
    return found[:COUNT]
