"""Inbound mail whose processing failed (the dead-letter queue's events, see ``jobs.redrive``):
processed again, or, after the last attempt, kept in the mailroom ("failed") with its raw mail,
so an operator sees it and nothing is lost."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.inbox import mailroom, once, receive


def _notifications(event: dict[str, Any]) -> list[dict[str, Any]]:
    return [json.loads(record["Sns"]["Message"]) for record in event.get("Records", [])]


def process(event: dict[str, Any]) -> None:
    """The SNS event as the inbound function gets it: the same handling, once per delivery."""
    for record in event.get("Records", []):
        receive.receive(record["Sns"]["Message"], event)


def give_up(event: dict[str, Any], error: str, attempts: int) -> None:
    for notification in _notifications(event):
        if notification.get("notificationType") != "Received":
            continue
        headers = notification["mail"].get("commonHeaders", {})
        mailroom.keep(
            "failed",
            raw_key=notification["receipt"]["action"]["objectKey"],
            detail=f"processing failed {attempts} times after Lambda's retries: {error}",
            # The receipt claim: a mail that landed meanwhile is not kept a second time.
            claims=[once.receipt_claim(notification["mail"]["messageId"])],
            sender=" ".join(headers.get("from", [])),
            subject=str(headers.get("subject", "")),
        )
