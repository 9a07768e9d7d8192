"""What the tests share besides the fixtures in tests/conftest.py, one module for each thing it gives:

- `worker`: the real rq worker run until the queues are empty, the SQLite journal settled, contacts still waiting
- `twilio`: the test account and requests signed as Twilio signs them (SMS, delivery callbacks, voice steps)
- `telegram`: the test bot, and recorded Telegram updates posted as Telegram posts them
- `cases`: a citizen texting in, a case opened without a webhook, a case's events and messages read back
- `staff`: departments by code, staff accounts, and signing in (through the form, or with a session cookie)
- `knowledge`: the shipped FAQ loaded, articles by title, resolved cases with their answers
- `routing`: small labelled samples, and a small routing model trained and installed
- `metrics`: worlds of cases whose dashboard figures are counted by hand
- `browser`: Chromium for Playwright, and the app served on a free port
- `processes`: free ports, polling, and the fault tests' own redis-server and `python worker.py` processes
- `fakes/`: local stand-ins for the Twilio and Telegram APIs
- `servers/`: real mail servers started for the email tests (Dovecot, SMTP)

The package itself says where things are: the repository, and the recorded provider payloads in tests/fixtures.
"""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


def fixture(name: str) -> dict:
    """Load a recorded provider payload from tests/fixtures."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))
