"""Event handlers: inbound mail (SNS) and the scheduled jobs (EventBridge)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.core.config import settings

blueprint = Blueprint(__name__)


# Chalice needs the topic's name when it packages the subscription; this is the
# one setting read at import, by the entry point only.
@blueprint.on_sns_message(topic=settings().inbound_topic)
def inbound_mail(event: Any) -> None:
    from chalicelib.inbox import receive

    receive.receive(event.message, event.to_dict())


@blueprint.schedule("rate(5 minutes)")
def retry_failed_mail(event: Any) -> dict:
    from chalicelib.jobs import schedule

    return schedule.retry_failed_mail()


@blueprint.schedule("rate(1 hour)")
def close_stale_tickets(event: Any) -> dict:
    from chalicelib.jobs import schedule

    return schedule.close_stale_tickets()


@blueprint.schedule("rate(10 minutes)")
def redrive_inbound_mail(event: Any) -> dict:
    from chalicelib.inbox import failures
    from chalicelib.jobs import redrive

    context = getattr(event, "context", None)
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    # The entry point joins the two: jobs and the inbox never import each other.
    return redrive.redrive(failures.process, failures.give_up, remaining)
