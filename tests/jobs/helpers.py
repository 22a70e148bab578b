"""Helpers for the scheduled jobs' tests: an SES outage, time travel, thread reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import boto3

from chalicelib.core import clock
from chalicelib.core.config import settings
from chalicelib.core.tables import ThreadEntry, Ticket


@contextmanager
def ses_outage_of() -> Iterator[None]:
    """SES refuses to send while the sending identity is gone, as it would after a
    lost verification; restoring it ends the outage."""
    sesv2 = boto3.client("sesv2", region_name=settings().region)
    sesv2.delete_email_identity(EmailIdentity=settings().reply_domain)
    try:
        yield
    finally:
        sesv2.create_email_identity(EmailIdentity=settings().reply_domain)


def later(**delta: float) -> datetime:
    return clock.now() + timedelta(**delta)


def ticket(number: str) -> Ticket:
    return Ticket.get(number, consistent_read=True)


def entries(number: str, kind: str | None = None) -> list[ThreadEntry]:
    return [e for e in ThreadEntry.query(number, consistent_read=True) if kind in (None, e.kind)]


def pending_numbers() -> list[str]:
    return [t.number for t in Ticket.by_outbox.query("pending")]
