"""What the tests share besides the fixtures in tests/conftest.py, one module for each thing it gives.

This package itself says where things are: the repository, and the recorded provider payloads in tests/fixtures.
"""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


def fixture(name: str) -> dict:
    """Load a recorded provider payload from tests/fixtures."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))
