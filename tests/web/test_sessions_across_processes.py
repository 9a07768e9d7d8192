"""Two real gunicorn processes behind a forwarding proxy share the database and Redis: signing out on one ends
the session on the other, and sign-in throttling counts a client's guesses wherever they land."""

from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.helpers import REPO
from tests.helpers.processes import free_port, wait_until, worker_environment
from tests.helpers.staff import PASSWORD, make_user
from web import throttle

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class Browser:
    """A browser talking to one web process or another, through a proxy that appends its address."""

    def __init__(self, address: str):
        self.address = address
        self.cookie = ""

    def _headers(self) -> dict[str, str]:
        # The session cookie is Secure (PUBLIC_URL is https behind the proxy): sent by hand over loopback http.
        return {"X-Forwarded-For": self.address, "Accept-Language": "en", "Cookie": f"session={self.cookie}"}

    def _keep(self, response: requests.Response) -> requests.Response:
        found = re.search(r"session=([^;]*)", response.headers.get("Set-Cookie", ""))
        if found:
            self.cookie = found.group(1)
        return response

    def get(self, base: str, path: str) -> requests.Response:
        return self._keep(requests.get(base + path, headers=self._headers(), allow_redirects=False, timeout=20))

    def post(self, base: str, path: str, form: dict, token_from: str) -> requests.Response:
        token = _TOKEN.search(self.get(base, token_from).text)
        assert token, f"no form token on {token_from}"
        data = {**form, "csrf_token": token.group(1)}
        return self._keep(requests.post(base + path, data=data, headers=self._headers(), allow_redirects=False,
                                        timeout=20))  # fmt: skip

    def sign_in(self, base: str, password: str = PASSWORD) -> int:
        return self.post(base, "/signin", {"username": "li.agent", "password": password}, "/signin").status_code


@pytest.fixture
def two_web_processes(settings, runtime, redis_url, tmp_path):
    """Start two gunicorn processes (one worker each) on their own ports, as two web hosts would run."""
    env = dict(worker_environment(settings, redis_url), TRUSTED_PROXY_COUNT="1")
    processes, bases = [], []
    for n in range(2):
        port = free_port()
        log = open(tmp_path / f"web-{n}.log", "ab")  # noqa: SIM115  (written until the process ends)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "app:create_app()",
        ]
        processes.append(subprocess.Popen(command, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT))
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base in bases:
            wait_until(lambda base=base: _answers(base), 60, 0.2, f"gunicorn at {base}")
        yield bases
    finally:
        for process in processes:
            process.terminate()
            process.wait(20)


def _answers(base: str) -> bool:
    try:
        return requests.get(base + "/signin", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def test_signing_out_on_one_process_ends_the_session_on_the_other(two_web_processes, runtime):
    first, second = two_web_processes
    make_user(runtime, "li.agent")
    office = Browser("198.51.100.7")
    assert office.sign_in(first) == 302
    assert office.get(second, "/inbox").status_code == 200  # the same session works on either host
    saved = office.cookie
    assert office.post(first, "/signout", {}, "/inbox").status_code == 302
    office.cookie = saved  # a copy of the cookie taken before signing out
    refused = office.get(second, "/inbox")
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/signin")


def test_guesses_spread_over_both_processes_are_counted_together_per_real_client(two_web_processes, runtime):
    bases = two_web_processes
    make_user(runtime, "li.agent")
    guesser, colleague = Browser("10.0.0.1, 203.0.113.9"), Browser("198.51.100.7")
    for n in range(throttle.MAX_FAILURES):
        assert guesser.sign_in(bases[n % 2], "wrong guess") == 401
    assert guesser.sign_in(bases[0], PASSWORD) == 429 and guesser.sign_in(bases[1], PASSWORD) == 429
    assert colleague.sign_in(bases[1]) == 302


def test_forty_concurrent_guesses_on_both_processes_get_exactly_five_password_checks(two_web_processes, runtime):
    bases = two_web_processes
    make_user(runtime, "li.agent")
    guessers = [Browser("203.0.113.9") for _ in range(40)]
    tokens = [_TOKEN.search(g.get(bases[n % 2], "/signin").text).group(1) for n, g in enumerate(guessers)]  # type: ignore[union-attr]

    def guess(n: int) -> int:
        form = {"username": "li.agent", "password": f"wrong guess {n}", "csrf_token": tokens[n]}
        headers = guessers[n]._headers()
        return requests.post(bases[n % 2] + "/signin", data=form, headers=headers, timeout=60).status_code

    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(guess, range(40)))
    assert answers.count(401) == throttle.MAX_FAILURES and answers.count(429) == 40 - throttle.MAX_FAILURES
