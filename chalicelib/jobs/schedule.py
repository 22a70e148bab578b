"""Scheduled jobs (EventBridge -> Lambda): what each run does, as one call each.

``app.py`` wires the schedules; the logic lives in ``retry`` (failed outgoing
mail, with backoff) and ``autoclose`` (tickets that waited for the customer).
Each returns a small summary that the logging middleware records.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from chalicelib.jobs import autoclose, retry

RETRY_SCHEDULE_MINUTES = 5  # the shortest retry delay: a due mail waits at most this long more
AUTO_CLOSE_SCHEDULE_HOURS = 1


def retry_failed_mail(now: datetime | None = None) -> dict[str, Any]:
    outcomes = retry.retry_due(now)
    return {
        "job": "retry_failed_mail",
        "results": dict(Counter(o.result for o in outcomes)),
        "tickets": sorted({o.number for o in outcomes}),
    }


def close_stale_tickets(now: datetime | None = None) -> dict[str, Any]:
    closed = autoclose.close_waiting(now)
    return {"job": "close_stale_tickets", "closed": len(closed), "tickets": closed}
