"""Browser tests: Debian's chromium through Playwright, against the local stack
(the ``live_stack`` fixture of ``tests/live.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.live import LiveStack

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def chromium_present() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "pl-PL"}


@pytest.fixture
def site(page: Any, live_stack: LiveStack) -> Iterator[Any]:
    """The page, pointed at this session's stack (config.js is served from here, so a
    developer's concurrent ``make run`` rewriting the file cannot redirect the tests).
    An uncaught script error fails the test."""
    live_stack.check_alive()
    config = f'window.HELPDESK_CONFIG = {{"apiUrl": "{live_stack.api}", "mailboxUrl": "{live_stack.mailbox}"}};'
    page.route("**/config.js", lambda route: route.fulfill(body=config, content_type="text/javascript"))
    page.set_default_timeout(30_000)  # generous: CI machines have 2 cores and a browser solving PBKDF2
    uncaught: list[str] = []
    page.on("pageerror", lambda error: uncaught.append(str(error)))
    yield page
    assert uncaught == [], f"uncaught errors in the page: {uncaught}"
