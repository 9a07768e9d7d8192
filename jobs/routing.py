"""Routing's periodic jobs: hand waiting cases to agents as they free up, and retrain the model nightly."""

from __future__ import annotations

import logging

from core.runtime import current
from feedback.cases import assignment, labels
from router.model import retrain
from router.model.classifier import ModelError
from router.model.training import DataError

log = logging.getLogger(__name__)


def assign_waiting() -> int:
    """Assign cases that found no free agent when they opened; return how many were assigned."""
    runtime = current()
    with runtime.session() as session:
        return assignment.assign_waiting(session)


def retrain_nightly() -> bool:
    """Retrain from the day's corrections; keep the old model unless the new one scores better."""
    runtime = current()
    csv_files = retrain.remembered_csv_files(runtime)
    with runtime.session() as session:
        try:
            examples = retrain.gather(session, labels.from_history(session), csv_files)
        except DataError as exc:
            log.warning("nightly retrain skipped: %s", exc)
            return False
    try:
        outcome = retrain.retrain(examples, runtime, runtime.settings.router_confidence_threshold, csv_files)
    except (DataError, ModelError) as exc:
        log.info("nightly retrain skipped: %s", exc)
        return False
    log.info("nightly retrain: %s", outcome.summary())
    return outcome.replaced
