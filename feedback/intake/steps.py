"""The inbound steps in their order: each is offered the contact until one handles it.

Order matters: what the channel alone can tell first (commands, calls, edits),
then short commands, then what moves an existing case on, then what may answer
without a case, and last the step that always handles the contact: it opens a
case or joins the citizen's open one.
"""

from __future__ import annotations

from collections.abc import Callable

from feedback.intake import dialogue, followup, opening, selfservice, threads, understood
from feedback.intake.context import InboundContext

Step = Callable[[InboundContext], bool]  # returns True when it has dealt with the contact
STEPS: list[Step] = [
    understood.understand,
    dialogue.answer_status_request,
    followup.answer_survey,
    threads.join_referenced_case,
    followup.reopen_resolved,
    followup.end_wait_for_citizen,
    selfservice.answer_from_knowledge,
    opening.open_or_join,
]


def run(context: InboundContext) -> int:
    """Offer the contact to each step until one handles it; return how many replies were queued."""
    for step in STEPS:
        if step(context):
            break
    return len(context.replies)
