"""The browser tests' shared fixtures: one Chromium per test module, and signed-in tabs that close after each test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest

from tests.helpers.browser import chromium, sign_in, tab


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def signed_in(browser) -> Iterator[Callable[..., Any]]:
    """`signed_in(base_url, username, width=…, height=…)`: a new tab with that person signed in."""
    with ExitStack() as tabs:

        def open_tab(base_url: str, username: str, **viewport: Any) -> Any:
            page = tabs.enter_context(tab(browser, **viewport))
            sign_in(page, base_url, username)
            return page

        yield open_tab


@pytest.fixture
def page(browser, request) -> Iterator[Any]:
    """A fresh tab, nobody signed in; a module sets `VIEWPORT = (width, height)` where its layout needs another size."""
    width, height = getattr(request.module, "VIEWPORT", (1280, 900))
    with tab(browser, width, height) as opened:
        yield opened
