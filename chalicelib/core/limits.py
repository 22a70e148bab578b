"""Atomic counters for rate limits, kept as claims that DynamoDB's TTL removes.

* Windowed counts (``count``): one ``UpdateItem ADD`` per event on the item of
  the current window (an hour, a day); the answer is the count so far, so
  "at most N" needs no read first.
* Failures with backoff (``failures``, ``record_failure``, ``clear``): how many
  in a row and when the last was, for callers that make the next attempt wait.

What the limits are, and what happens past them, is decided by the callers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib.core import clock
from chalicelib.core.config import settings
from chalicelib.core.tables import Claim

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def _window_key(kind: str, subject: str, window: timedelta, now: datetime) -> str:
    bucket = int(now.timestamp() // window.total_seconds())
    return f"rate#{kind}#{subject.strip().lower()}#{int(window.total_seconds())}#{bucket}"


def count(kind: str, subject: str, window: timedelta, now: datetime | None = None) -> int:
    """One more ``kind`` event for ``subject`` in the current ``window``; the count so far."""
    now = now or clock.now()
    counter = Claim(_window_key(kind, subject, window, now))
    # One atomic ADD; the item outlives its window by one more, then TTL removes it.
    counter.update(actions=[Claim.count.add(1), Claim.expires.set(now + 2 * window)])
    return int(counter.count or 0)


def peek(kind: str, subject: str, window: timedelta, now: datetime | None = None) -> int:
    """The count of the current window without adding to it."""
    try:
        item = Claim.get(_window_key(kind, subject, window, now or clock.now()), consistent_read=True)
    except Claim.DoesNotExist:
        return 0
    return int(item.count or 0)


def allow_acknowledgement(recipient: str) -> bool:
    """Whether one more acknowledgement may go to ``recipient``: at most ACK_LIMIT_PER_HOUR an
    hour and ACK_LIMIT_PER_DAY a day, whoever asked (the form, the portal, a mail)."""
    config = settings()
    hourly = count("ack", recipient, HOUR)
    daily = count("ack", recipient, DAY)
    return hourly <= config.ack_limit_per_hour and daily <= config.ack_limit_per_day


def allow_notice(recipient: str) -> bool:
    """Whether one more customer-reply notice may go to consultant ``recipient`` this hour."""
    return count("notice", recipient, HOUR) <= settings().notice_limit_per_hour


@dataclass(frozen=True)
class Failures:
    count: int
    last_at: float  # epoch seconds of the last failure; 0 when none


def _failure_key(kind: str, subject: str) -> str:
    return f"fail#{kind}#{subject.strip().lower()}"


def failures(kind: str, subject: str) -> Failures:
    try:
        item = Claim.get(_failure_key(kind, subject), consistent_read=True)
    except Claim.DoesNotExist:
        return Failures(0, 0.0)
    return Failures(int(item.count or 0), float(item.last_at or 0))


def record_failure(kind: str, subject: str, forget_after: timedelta) -> Failures:
    """One more failure in a row; forgotten ``forget_after`` the last one."""
    now = clock.now()
    item = Claim(_failure_key(kind, subject))
    item.update(actions=[Claim.count.add(1), Claim.last_at.set(now.timestamp()),
                         Claim.expires.set(now + forget_after)])
    return Failures(int(item.count or 0), float(item.last_at or 0))


def clear(kind: str, subject: str) -> None:
    Claim(_failure_key(kind, subject)).delete()
