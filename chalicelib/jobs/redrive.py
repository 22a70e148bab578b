"""Redrive inbound mail whose processing failed, until it lands or is handed to people.

SNS invokes the inbound-mail function asynchronously: Lambda tries an event three times (the
first call and two retries) and then sends it to the function's on-failure destination, the
dead-letter queue (SQS, kept 14 days), as an invocation record: the event (``requestPayload``)
with the error (``responsePayload``). Every ``SCHEDULE_MINUTES`` this job takes the events from
the queue, one at a time, and processes each again with the same handler (``process``, passed in
by the entry point: jobs never import the inbox):

* processed: deleted from the queue;
* failed again: left in the queue, which hides it for ``RETRY_AFTER`` (the visibility timeout of
  the receive), so a later run tries again;
* received ``MAX_ATTEMPTS`` times and failed (or never finished, e.g. a run that timed out): it is
  given up, ``give_up`` keeps it in the mailroom where consultants see it, then it is deleted.

Nothing is deleted before it is processed or kept; a keep that fails leaves the event in the
queue for the next run. The mail's once-only claims make a redrive of a mail that did land a
no-op. A run stops taking events when less than ``RESERVE_SECONDS`` of its time is left.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from chalicelib.core import aws
from chalicelib.core.config import settings

SCHEDULE_MINUTES = 10
MAX_ATTEMPTS = 3  # receives from the queue, after Lambda's own three tries
RETRY_AFTER = timedelta(minutes=30)
RESERVE_SECONDS = 15  # one mail's worst case stays well inside the 30 s timeout
RUN_SECONDS = 30
log = logging.getLogger(__name__)

Process = Callable[[dict[str, Any]], None]
GiveUp = Callable[[dict[str, Any], str, int], None]


def _event_and_error(message: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The event and the error Lambda recorded: an invocation record (on-failure destination);
    a bare event (a classic dead-letter queue) is read too, its error from the message attributes."""
    body = json.loads(message["Body"])
    if "requestPayload" in body:
        response = body.get("responsePayload") or {}
        error = f"{response.get('errorType', '')}: {response.get('errorMessage', '')}".strip(": ")
        return body["requestPayload"], error
    attributes = message.get("MessageAttributes") or {}
    return body, attributes.get("ErrorMessage", {}).get("StringValue", "")


def _one(sqs: Any, url: str, message: dict[str, Any], process: Process, give_up: GiveUp) -> str:
    attempts = int(message["Attributes"]["ApproximateReceiveCount"])
    event, error = _event_and_error(message)
    error = error or "the inbound-mail function failed"
    if attempts <= MAX_ATTEMPTS:
        try:
            process(event)
        except Exception as exc:
            log.warning("redrive failed", extra={"attempt": attempts, "error": type(exc).__name__})
            if attempts < MAX_ATTEMPTS:
                return "retry_later"  # hidden for RETRY_AFTER, then received again
            error = f"{type(exc).__name__}: {exc}"
        else:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
            return "processed"
    try:
        give_up(event, error, attempts)
    except Exception:
        log.exception("a failed inbound mail could not be kept; it stays in the dead-letter queue")
        return "stuck"
    sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return "given_up"


def redrive(process: Process, give_up: GiveUp, remaining_ms: Callable[[], int] | None = None) -> dict[str, Any]:
    """One run over the dead-letter queue; returns how many events ended how."""
    deadline = time.monotonic() + RUN_SECONDS
    left = remaining_ms or (lambda: int((deadline - time.monotonic()) * 1000))
    sqs = aws.client("sqs")
    url = sqs.get_queue_url(QueueName=settings().inbound_dead_letters)["QueueUrl"]
    results: Counter[str] = Counter()
    while left() > RESERVE_SECONDS * 1000:
        messages = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=1, VisibilityTimeout=int(RETRY_AFTER.total_seconds()),
            AttributeNames=["ApproximateReceiveCount"], MessageAttributeNames=["All"],
        ).get("Messages", [])
        if not messages:
            break
        results[_one(sqs, url, messages[0], process, give_up)] += 1
    return {"job": "redrive_inbound_mail", "results": dict(results)}
