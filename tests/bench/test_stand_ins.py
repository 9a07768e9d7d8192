"""The bench's provider stand-ins listen where they are told, so that hosts other than their own can reach them."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request

import pytest

from bench.twilio_sink import bind_address
from tests.helpers import REPO
from tests.helpers.processes import free_port
from tests.helpers.twilio import TWILIO_SID, TWILIO_TOKEN


def test_the_twilio_sink_listens_on_the_address_it_is_given():
    port = free_port()
    command = [sys.executable, "-m", "bench.twilio_sink", TWILIO_SID, TWILIO_TOKEN, "--bind", f"127.0.0.2:{port}"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        assert url == f"http://127.0.0.2:{port}"  # a second loopback address, as another host's would be
        with urllib.request.urlopen(f"{url}/arrivals", timeout=5) as answer:
            assert json.loads(answer.read()) == []
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("10.77.0.2:8080", ("10.77.0.2", 8080)), ("0.0.0.0", ("0.0.0.0", 0)), ("[::1]:81", ("::1", 81))],
)
def test_a_bind_address_is_a_host_with_an_optional_port(text, expected):
    assert bind_address(text) == expected
