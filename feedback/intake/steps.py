"""The inbound steps in their order: each is offered the contact until one handles it.

Order matters: what the channel alone can tell first (commands, calls, edits),
then short commands (status questions, STOP), then what moves an existing case
on (survey answers, replies that cite a case, courtesies, reopening, which of
several cases), then what may answer without a case, and last the step that
always handles the contact: it opens a case or joins the citizen's open one.
"""

from __future__ import annotations

from collections.abc import Callable

from feedback.intake import (
    assisted,
    consent,
    courtesy,
    dialogue,
    followup,
    notice_replies,
    opening,
    selfservice,
    threads,
    understood,
    which_case,
)
from feedback.intake.context import InboundContext

Step = Callable[[InboundContext], bool]  # returns True when it has dealt with the contact
STEPS: list[Step] = [
    assisted.take_recorded,  # what staff typed in stays within their departments, whatever the citizen has
    understood.understand,
    which_case.take_choice,  # a bare reference right after "which case?" is the answer, not a status question
    dialogue.answer_status_request,
    consent.record_choice,
    notice_replies.take_reply,  # "收到" to a notice is noted on it; a question about it goes on to open a case
    courtesy.keep_courtesy,  # a "thank you" is neither a survey answer to correct nor a reason to reopen
    followup.answer_survey,
    threads.join_referenced_case,
    followup.reopen_resolved,
    which_case.choose_case,
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
