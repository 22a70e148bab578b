"""Login throttling: failed logins for one address, or from one client, make the next
attempt wait, doubling each time (Cognito's own throttling is not emulated locally and
counts per account, not per client).

The address counts whether or not an account has it, and the answer is the same 429
either way, so throttling tells nothing about which accounts exist. A success clears
the address's count (not the client's: a client that mixes its own account's logins
into a guessing run must not reset it).
"""

from __future__ import annotations

import math
from datetime import timedelta

from chalicelib.core import clock, limits
from chalicelib.core.errors import TooManyRequests

FREE = {"login-address": 5, "login-client": 20}  # failures before any wait
MAX_WAIT_SECONDS = 15 * 60
FORGET_AFTER = timedelta(days=1)
TOO_MANY = "Too many failed logins; please wait {seconds} seconds before trying again."


def wait_seconds(failures: int, free: int) -> int:
    """How long after the last failure the next attempt must wait: none for the first
    ``free`` failures, then 2, 4, 8 ... seconds, at most 15 minutes."""
    return 0 if failures < free else min(2 ** (failures - free + 1), MAX_WAIT_SECONDS)


def _subjects(address: str, client: str | None) -> list[tuple[str, str]]:
    return [("login-address", address)] + ([("login-client", client)] if client else [])


def check(address: str, client: str | None) -> None:
    """``TooManyRequests`` (with ``Retry-After``) while the address or the client must wait."""
    now = clock.now().timestamp()
    remaining = 0.0
    for kind, subject in _subjects(address, client):
        failures = limits.failures(kind, subject)
        remaining = max(remaining, failures.last_at + wait_seconds(failures.count, FREE[kind]) - now)
    if remaining > 0:
        seconds = math.ceil(remaining)
        raise TooManyRequests(TOO_MANY.format(seconds=seconds), retry_after=seconds)


def failed(address: str, client: str | None) -> None:
    for kind, subject in _subjects(address, client):
        limits.record_failure(kind, subject, FORGET_AFTER)


def succeeded(address: str) -> None:
    limits.clear("login-address", address)
