"""The case statuses, defined once: their order, which are open, and which mean the citizen has an answer.

new → assigned → in_progress → waiting_on_citizen → resolved → closed; the
moves allowed between them are the lifecycle's (`feedback.cases.lifecycle`),
and what a citizen is told of each is in `feedback.texts` (`status_<name>`).
"""

from __future__ import annotations

NEW = "new"
ASSIGNED = "assigned"
IN_PROGRESS = "in_progress"
WAITING_ON_CITIZEN = "waiting_on_citizen"
RESOLVED = "resolved"
CLOSED = "closed"

STATUSES = (NEW, ASSIGNED, IN_PROGRESS, WAITING_ON_CITIZEN, RESOLVED, CLOSED)
OPEN_STATUSES = (NEW, ASSIGNED, IN_PROGRESS, WAITING_ON_CITIZEN)
FINISHED_STATUSES = (RESOLVED, CLOSED)
