"""Proactive service: consent, segments of citizens, notices (campaigns) with their pacing, and replies to them."""
