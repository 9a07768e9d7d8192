"""Real servers the tests start for themselves (a mail server, an SMTP sink)."""
