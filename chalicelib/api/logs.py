"""Structured JSON logs: a Powertools Logger as Chalice middleware, for every event type.

Every invocation logs one summary line, and every line logged meanwhile (ours
and ``chalicelib``'s stdlib loggers alike) carries the same keys: stage, Lambda
request id, API Gateway request id, route and ticket number where there is one.

What is logged is chosen field by field, never copied wholesale from a request:
no bodies, headers, query strings, tokens, passwords or mail content, so
personal data and secrets cannot leak into CloudWatch by accident.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from chalice.app import Request, Response

from chalicelib.core.config import settings
from chalicelib.rules import numbering


@lru_cache(maxsize=1)
def logger() -> Any:
    """The Powertools Logger, made on first use so importing the app stays cheap."""
    from aws_lambda_powertools import Logger

    created = Logger(service=settings().app_name, use_rfc3339=True)
    # chalicelib modules log with logging.getLogger(__name__): send them through
    # the same handler, so their lines are JSON with the same appended keys.
    package = logging.getLogger("chalicelib")
    package.handlers = [created.registered_handler]
    package.setLevel(created.log_level)
    package.propagate = False
    return created


def ticket_number(text: Any) -> str | None:
    """A well-formed ticket number, or None: only numbers are logged, never raw input."""
    try:
        return numbering.parse(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _lambda_request_id(context: Any) -> str | None:
    return getattr(context, "aws_request_id", None)


def request_keys(request: Request) -> dict[str, Any]:
    context = request.context or {}
    return {
        "request_id": context.get("requestId"),
        "lambda_request_id": _lambda_request_id(request.lambda_context),
        "method": request.method,
        "route": context.get("resourcePath"),
        "ticket": ticket_number((request.uri_params or {}).get("number")),
    }


def event_keys(event: Any) -> dict[str, Any]:
    raw = event.to_dict()
    record = (raw.get("Records") or [{}])[0]
    return {
        "lambda_request_id": _lambda_request_id(event.context),
        "event_type": type(event).__name__,
        "event_id": raw.get("id") or record.get("Sns", {}).get("MessageId") or record.get("messageId"),
    }


def _outcome(response: Any) -> dict[str, Any]:
    if isinstance(response, Response):
        body = response.body if isinstance(response.body, dict) else {}
        return {"status": response.status_code, "result_ticket": ticket_number(body.get("number"))}
    if isinstance(response, dict):
        # Job summaries: counts and ticket numbers only.
        return {k: response[k] for k in ("job", "results", "closed", "tickets") if k in response}
    return {}


def log_invocation(event: Any, get_response: Callable[[Any], Any]) -> Any:
    """Chalice middleware (``app.register_middleware(log_invocation, "all")``)."""
    keys = request_keys(event) if isinstance(event, Request) else event_keys(event)
    keys = {"stage": settings().stage, **{k: v for k, v in keys.items() if v is not None}}
    log = logger()
    log.append_keys(**keys)
    started = time.perf_counter()
    try:
        response = get_response(event)
        log.info("invocation", extra={"duration_ms": _since(started), **_outcome(response)})
        return response
    except Exception:
        log.exception("invocation failed", extra={"duration_ms": _since(started)})
        raise
    finally:
        log.remove_keys(list(keys))


def _since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
