"""The several-host check: run where network namespaces can be made (root), skipped with the reason elsewhere."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from bench import netns
from tests.helpers import REPO


def test_a_worker_host_killed_mid_load_loses_and_duplicates_nothing():
    reason = netns.unavailable()
    if reason:
        pytest.skip(f"multihost bench: {reason}")
    command = [sys.executable, "-m", "bench.multihost", "--count", "120", "--timeout", "300"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    for what in ("contacts", "cases", "acknowledgements"):
        assert re.search(rf"{what}: 120 stored, 0 lost, 0 duplicated", result.stdout), result.stdout
    assert "worker1 SIGKILLed" in result.stdout
    assert "routed 6 of 6 new texts with the new model" in result.stdout  # retrained on worker2, routed on worker1
    assert "opened by staff on the web host: 200, the same bytes; files on the web host's disk: 0" in result.stdout


def test_without_root_the_bench_says_why_and_succeeds(monkeypatch, capsys):
    from bench import multihost

    monkeypatch.setattr(netns.os, "geteuid", lambda: 1000)
    multihost.main([])
    assert "multihost bench skipped: network namespaces need root" in capsys.readouterr().out
