"""Feedback: cases, their audit trail, and what the hotline answers the citizen."""
