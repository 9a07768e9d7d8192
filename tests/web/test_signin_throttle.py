"""Sign-in throttling keyed on the real client behind trusted proxies, per username with growing lockouts,
atomic under concurrent guesses, and a clear 503 (never a 500) while Redis is unreachable."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from core.runtime import Runtime, install
from tests.helpers.staff import PASSWORD, csrf_token, make_user
from web import throttle
from wiring import bootstrap


@pytest.fixture
def proxied_app(settings):
    """The app as deployed behind one nginx that appends the client's address to X-Forwarded-For."""
    from app import create_app

    runtime = install(bootstrap.build_runtime(settings.with_overrides(trusted_proxy_count=1)))
    flask_app = create_app(runtime=runtime)
    flask_app.config.update(TESTING=True)
    return flask_app


def _try(app, username: str, password: str, forwarded: str | None = None, client=None):
    client = client or app.test_client()
    headers = {"Accept-Language": "en"}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    form = {"username": username, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/signin", data=form, headers=headers)


def test_behind_the_proxy_one_guessers_block_does_not_lock_out_a_colleague_elsewhere(proxied_app, runtime):
    make_user(runtime, "li.agent")
    guesser = "203.0.113.9"
    for n in range(throttle.MAX_FAILURES):
        # whatever the guesser writes in the header, nginx appends the address it really came from
        assert _try(proxied_app, "li.agent", "guess", f"10.9.9.{n}, {guesser}").status_code == 401
    assert _try(proxied_app, "li.agent", PASSWORD, f"10.1.1.1, {guesser}").status_code == 429
    assert _try(proxied_app, "li.agent", PASSWORD, "198.51.100.7").status_code == 302  # the real agent


def test_without_trusted_proxies_a_forged_forwarding_header_does_not_escape_the_block(app, runtime):
    make_user(runtime, "li.agent")
    for n in range(throttle.MAX_FAILURES):
        assert _try(app, "li.agent", "guess", f"192.0.2.{n}").status_code == 401
    blocked = _try(app, "li.agent", PASSWORD, "192.0.2.200")
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 14 * 60


def test_guesses_from_many_addresses_lock_the_username_for_a_time_that_doubles(proxied_app, runtime):
    make_user(runtime, "li.agent")
    waits = []
    for round_ in range(2):
        for n in range(throttle.USER_MAX_FAILURES):
            assert _try(proxied_app, "li.agent", "guess", f"198.18.{round_}.{n}").status_code == 401
        locked = _try(proxied_app, "li.agent", PASSWORD, "198.51.100.7")  # even the right password, from anywhere
        assert locked.status_code == 429
        waits.append(int(locked.headers["Retry-After"]))
        runtime.redis.delete(throttle._keys("li.agent", "-")[3])  # the lock runs out
    assert throttle.USER_LOCK_SECONDS - 2 <= waits[0] <= throttle.USER_LOCK_SECONDS
    assert 2 * throttle.USER_LOCK_SECONDS - 2 <= waits[1] <= 2 * throttle.USER_LOCK_SECONDS
    assert _try(proxied_app, "li.agent", PASSWORD, "198.51.100.7").status_code == 302


def test_forty_concurrent_guesses_get_exactly_the_allowed_number_of_password_checks(app, runtime):
    make_user(runtime, "li.agent")
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _n: _try(app, "li.agent", "guess").status_code, range(40)))
    assert answers.count(401) == throttle.MAX_FAILURES and answers.count(429) == 40 - throttle.MAX_FAILURES


def test_with_redis_unreachable_sign_in_answers_503_with_retry_after_and_signed_in_staff_keep_working(app, runtime):
    make_user(runtime, "li.agent")
    signed_in = app.test_client()
    form = {"username": "li.agent", "password": PASSWORD, "csrf_token": csrf_token(signed_in)}
    assert signed_in.post("/signin", data=form).status_code == 302
    down = runtime.settings.with_overrides(redis_url="redis://127.0.0.1:1/0")
    app.extensions["civicline"] = Runtime(down, channels=runtime.channels)
    started = time.monotonic()
    refused = _try(app, "li.agent", PASSWORD)
    assert time.monotonic() - started < 2  # refused at once, not after redis-py's retries
    assert refused.status_code == 503 and refused.headers["Retry-After"] == "30"
    assert "Signing in is unavailable for a moment" in refused.get_data(as_text=True)
    assert signed_in.get("/inbox").status_code == 200


def test_strangers_locking_a_username_do_not_lock_its_owner_out_of_the_browser_they_use(proxied_app, runtime):
    make_user(runtime, "li.agent")
    own_browser = proxied_app.test_client()
    assert _try(proxied_app, "li.agent", PASSWORD, "198.51.100.7", own_browser).status_code == 302
    own_browser.post("/signout", data={"csrf_token": csrf_token(own_browser, "/inbox")})
    for n in range(throttle.USER_MAX_FAILURES):
        assert _try(proxied_app, "li.agent", "guess", f"198.18.0.{n}").status_code == 401
    assert _try(proxied_app, "li.agent", PASSWORD, "198.51.100.8").status_code == 429  # a browser never used
    assert _try(proxied_app, "li.agent", PASSWORD, "198.51.100.7", own_browser).status_code == 302
    forged = proxied_app.test_client()
    forged.set_cookie("civicline_device", "li.agent", domain="localhost", path="/signin")
    assert _try(proxied_app, "li.agent", PASSWORD, "198.51.100.9", forged).status_code == 429
