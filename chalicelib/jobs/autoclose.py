"""Close tickets that have waited for the customer too long, telling the customer
that a reply reopens them.

Candidates come from the ``by-status`` index (status ``waiting``, ``updated_at``
before the cutoff): a Query, never a Scan. The index lags the table, so each
candidate is read again, consistently, before it is closed; the close itself is
``changes.apply``, conditional on the status, so a customer reply that lands
meanwhile wins and the ticket stays open.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from chalicelib.core import clock
from chalicelib.core.config import settings
from chalicelib.core.errors import Conflict
from chalicelib.core.tables import Ticket
from chalicelib.mail import compose
from chalicelib.rules import workflow
from chalicelib.tickets import casework, changes
from chalicelib.tickets.changes import Change

SYSTEM = compose.SYSTEM
log = logging.getLogger(__name__)


def _still_stale(number: str, cutoff: str) -> Ticket | None:
    try:
        ticket = Ticket.get(number, consistent_read=True)
    except Ticket.DoesNotExist:
        return None
    return ticket if ticket.status == workflow.WAITING and ticket.updated_at < cutoff else None


def close_one(ticket: Ticket, days: int) -> bool:
    """Close one ticket (recorded as an event by ``system``), then mail the customer."""
    try:
        ticket = changes.apply(ticket, Change(actor=SYSTEM, to_status=workflow.CLOSED, action_name="closed"))
    except Conflict:
        return False  # the customer (or a consultant) got there first
    # The same "closed" mail a consultant's close sends; the system's says how long it waited.
    casework.mail_closed(ticket, SYSTEM)
    return True


def close_waiting(now: datetime | None = None) -> list[str]:
    """Close up to ``job_batch_size`` stale tickets; returns their numbers."""
    config = settings()
    days = config.auto_close_days
    cutoff = clock.iso((now or clock.now()) - timedelta(days=days))
    closed: list[str] = []
    candidates = Ticket.by_status.query(
        workflow.WAITING, Ticket.updated_at < cutoff, limit=config.job_batch_size
    )
    for candidate in candidates:
        ticket = _still_stale(candidate.number, cutoff)
        if ticket is not None and close_one(ticket, days):
            log.info("auto-closed", extra={"ticket": ticket.number})
            closed.append(ticket.number)
    return closed
