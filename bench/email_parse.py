"""Print how fast `channels.email.parse_message` reads the recorded mails (no target: a figure to watch)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from channels.email.parse import parse_message

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "email"
ROUNDS = 200


def main() -> None:
    mails = [path.read_bytes() for path in sorted(FIXTURES.glob("*.eml"))]
    started = time.perf_counter()
    for _ in range(ROUNDS):
        for raw in mails:
            parse_message(raw)
    elapsed = time.perf_counter() - started
    count = ROUNDS * len(mails)
    print(f"parsed {count} mails ({len(mails)} fixtures x {ROUNDS}) in {elapsed:.2f}s: {count / elapsed:,.0f} mails/s")


if __name__ == "__main__":
    main()
