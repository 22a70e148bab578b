"""What Lambda and EventBridge do around the app's event handlers, for the local stack (moto
runs no code):

* the inbound-mail function is invoked asynchronously, as SNS does: tried three times, then the
  event goes to the function's on-failure destination, the dead-letter queue, as Lambda's
  invocation record (the event and the error), where the redrive schedule finds it. Lambda waits about a
  minute, then two, between the tries; here they follow at once.
* each ``@schedule`` handler runs at its rate in a background thread (``LOCAL_SCHEDULES=off``
  turns that off, as the tests do), and ``Schedules.run(name)`` runs one now (the mailbox
  server's ``POST /api/jobs/<name>``).
"""

from __future__ import annotations

import json
import logging
import re
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import boto3

from chalicelib.core.config import settings

ATTEMPTS = 3  # Lambda's asynchronous invocation: the call and two retries
TIMEOUT_MS = 30_000  # .chalice/config.json lambda_timeout
log = logging.getLogger("local-lambda")
_RATE = re.compile(r"rate\((\d+) (minute|minutes|hour|hours|day|days)\)")
_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def dead_letter(event: dict[str, Any], error: BaseException, attempts: int = ATTEMPTS) -> None:
    """Send a failed event to the inbound function's on-failure destination, the dead-letter
    queue, as the invocation record Lambda writes."""
    sqs = boto3.client("sqs", region_name=settings().region)
    url = sqs.get_queue_url(QueueName=settings().inbound_dead_letters)["QueueUrl"]
    record = {
        "version": "1.0",
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "requestContext": {"requestId": str(uuid.uuid4()), "condition": "RetriesExhausted",
                           "functionArn": f"arn:aws:lambda:{settings().region}:123456789012:function:local",
                           "approximateInvokeCount": attempts},
        "requestPayload": event,
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
        "responsePayload": {"errorType": type(error).__name__, "errorMessage": str(error)[:1000]},
    }
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps(record))


def async_invoker(handler: Callable[[dict, Any], Any]) -> Callable[[dict], None]:
    """``invoke(event)``: the handler tried ``ATTEMPTS`` times, then the event dead-lettered.
    Raises only when even the dead-letter queue refuses it (the SMTP receiver then says 451)."""

    def invoke(event: dict[str, Any]) -> None:
        error: BaseException | None = None
        for attempt in range(1, ATTEMPTS + 1):
            try:
                handler(event, _context())
                return
            except Exception as exc:  # what Lambda records as the invocation's error
                log.warning("inbound mail handler failed (attempt %d of %d): %s", attempt, ATTEMPTS, exc)
                error = exc
        assert error is not None
        dead_letter(event, error)
        log.warning("inbound mail event put into the dead-letter queue")

    return invoke


def _context() -> Any:
    """The one part of Lambda's context the app reads: the time left."""
    import time

    deadline = time.monotonic() + TIMEOUT_MS / 1000
    return SimpleNamespace(get_remaining_time_in_millis=lambda: int((deadline - time.monotonic()) * 1000),
                           aws_request_id=str(uuid.uuid4()), function_name="local")


def _event(name: str) -> dict[str, Any]:
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
            "account": "123456789012", "time": "", "region": settings().region, "resources": [name], "detail": {}}


class Schedules:
    """The app's ``@schedule`` handlers: each at its rate (``start``), or one now (``run``)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.rates = {source.name: _seconds(source.schedule_expression) for source in app.event_sources
                      if getattr(source, "schedule_expression", None)}
        self._stop = threading.Event()

    def run(self, name: str) -> Any:
        if name not in self.rates:
            raise KeyError(name)
        return self.app.handler_map[name](_event(name), _context())

    def start(self) -> None:
        for name, seconds in self.rates.items():
            threading.Thread(target=self._every, args=(name, seconds), daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _every(self, name: str, seconds: float) -> None:
        while not self._stop.wait(seconds):
            try:
                self.run(name)
            except Exception:
                log.exception("scheduled job %s failed", name)


def _seconds(expression: str) -> float:
    found = _RATE.fullmatch(expression.strip())
    if not found:
        raise ValueError(f"the local stack runs rate() schedules only, not {expression!r}")
    return int(found.group(1)) * _SECONDS[found.group(2).rstrip("s")]
