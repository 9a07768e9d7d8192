"""The one refusal of collaboration steps."""

from __future__ import annotations

from core.refusal import Refusal


class CollaborationError(Refusal):
    """A collaboration step (assisting task, return, arbitration, supervision notice) that cannot be done as asked."""
