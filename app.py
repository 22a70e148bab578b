"""The helpdesk API: routes and event handlers, each a few lines.

Every decision lives in ``chalicelib``; a route reads the request, calls one
service function and returns its result.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from chalice import AuthResponse, Chalice, CORSConfig, Response

from chalicelib.core.config import settings
from chalicelib.core.errors import DomainError, InvalidInput
from chalicelib.people import authorizers
from chalicelib.people.identity import CONSULTANTS, CUSTOMERS

# Logs are JSON lines from chalicelib.api.logs (Powertools); Chalice must not add a plain handler too.
app = Chalice(app_name="helpdesk", configure_logs=False)
CORS = CORSConfig(
    allow_origin=settings().site_origin,
    allow_headers=["Content-Type", "Authorization", "Idempotency-Key"],
    max_age=600,
)


@app.authorizer()
def customer_auth(auth_request: Any) -> AuthResponse:
    return AuthResponse(**authorizers.authorize(auth_request.token, CUSTOMERS))


@app.authorizer()
def consultant_auth(auth_request: Any) -> AuthResponse:
    return AuthResponse(**authorizers.authorize(auth_request.token, CONSULTANTS))


def route(path: str, **options: Any) -> Callable:
    """``app.route`` with our CORS and domain errors turned into JSON 4xx answers."""

    def register(view: Callable) -> Callable:
        @functools.wraps(view)
        def answered(*args: Any, **kwargs: Any) -> Any:
            try:
                return view(*args, **kwargs)
            except DomainError as exc:
                return Response(body=exc.body(), status_code=exc.status)

        return app.route(path, cors=CORS, **options)(answered)

    return register


def body() -> Any:
    raw = app.current_request.raw_body
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        raise InvalidInput("Request body is not valid JSON.") from None


def principal() -> Any:
    return authorizers.principal_of(app.current_request.context)


def query() -> dict[str, str]:
    return dict(app.current_request.query_params or {})


def created(result: Any) -> Response:
    headers = {"Idempotent-Replayed": "true"} if result.replayed else {}
    return Response(body=result.body(), status_code=201, headers=headers)


def idempotency_key() -> str | None:
    return app.current_request.headers.get("idempotency-key")


# Public


@route("/health")
def health() -> dict:
    return {"status": "ok"}


@route("/catalog")
def get_catalog() -> dict:
    from chalicelib.rules import catalog

    return catalog.public_catalog()


@route("/captcha/challenge")
def captcha_challenge() -> Response:
    from chalicelib.tickets import captcha

    return Response(body=captcha.issue_challenge(), headers={"Cache-Control": "no-store"})


@route("/tickets", methods=["POST"])
def submit_ticket() -> Response:
    from chalicelib.tickets import filing

    return created(filing.submit_public(body(), idempotency_key()))


@route("/auth/login", methods=["POST"])
def login() -> dict:
    from chalicelib.people import login

    return login.login(body())


@route("/auth/refresh", methods=["POST"])
def refresh() -> dict:
    from chalicelib.people import login

    return login.refresh(body())


# Customer


@route("/me/tickets", authorizer=customer_auth)
def my_tickets() -> dict:
    from chalicelib.tickets import portal

    return portal.my_tickets(principal(), query())


@route("/me/tickets", methods=["POST"], authorizer=customer_auth)
def my_new_ticket() -> Response:
    from chalicelib.tickets import filing

    return created(filing.submit_for_account(principal(), body(), idempotency_key()))


@route("/me/tickets/{number}", authorizer=customer_auth)
def my_ticket(number: str) -> dict:
    from chalicelib.tickets import portal

    return portal.my_ticket(principal(), number)


@route("/me/tickets/{number}/replies", methods=["POST"], authorizer=customer_auth)
def my_reply(number: str) -> dict:
    from chalicelib.tickets import portal

    return portal.reply(principal(), number, body())


# Consultant


@route("/consultant/tickets", authorizer=consultant_auth)
def queue() -> dict:
    from chalicelib.tickets import reading

    return reading.list_for_consultant(principal(), query())


@route("/consultant/tickets/{number}", authorizer=consultant_auth)
def consultant_ticket(number: str) -> dict:
    from chalicelib.tickets import reading

    return reading.detail(reading.load(number), for_customer=False)


@route("/consultant/tickets/{number}/replies", methods=["POST"], authorizer=consultant_auth)
def consultant_reply(number: str) -> dict:
    from chalicelib.tickets import casework

    return casework.reply(principal(), number, body())


@route("/consultant/tickets/{number}/notes", methods=["POST"], authorizer=consultant_auth)
def consultant_note(number: str) -> dict:
    from chalicelib.tickets import casework

    return casework.note(principal(), number, body())


@route("/consultant/tickets/{number}/assign", methods=["POST"], authorizer=consultant_auth)
def consultant_assign(number: str) -> dict:
    from chalicelib.tickets import casework

    return casework.assign(principal(), number, body())


@route("/consultant/tickets/{number}/claim", methods=["POST"], authorizer=consultant_auth)
def consultant_claim(number: str) -> dict:
    from chalicelib.tickets import casework

    return casework.claim(principal(), number)


@route("/consultant/tickets/{number}/close", methods=["POST"], authorizer=consultant_auth)
def consultant_close(number: str) -> dict:
    from chalicelib.tickets import casework

    return casework.close(principal(), number)


@route("/consultant/tickets/{number}/reopen", methods=["POST"], authorizer=consultant_auth)
def consultant_reopen(number: str) -> dict:
    from chalicelib.tickets import casework

    return casework.reopen(principal(), number)


@route("/consultant/tickets/{number}/classify", methods=["POST"], authorizer=consultant_auth)
def consultant_classify(number: str) -> dict:
    from chalicelib.tickets import casework

    return casework.classify(principal(), number, body())


@route("/consultant/tickets/{number}/attachment", authorizer=consultant_auth)
def consultant_attachment(number: str) -> dict:
    from chalicelib.tickets import attachments

    return attachments.download_link(number, query().get("key"))


@route("/consultant/mailroom/{box}", authorizer=consultant_auth)
def consultant_mailroom(box: str) -> dict:
    from chalicelib.inbox import mailroom

    return mailroom.listing(box)


@route("/consultant/me", authorizer=consultant_auth)
def consultant_whoami() -> dict:
    from chalicelib.people import directory

    return directory.availability(principal())


@route("/consultant/me", methods=["PUT"], authorizer=consultant_auth)
def consultant_me() -> dict:
    from chalicelib.people import directory

    return directory.set_availability(principal(), body())


# Events


@app.on_sns_message(topic=settings().inbound_topic)
def inbound_mail(event: Any) -> None:
    from chalicelib.inbox import receive

    receive.receive(event.message, event.to_dict())


# Scheduled jobs


@app.schedule("rate(5 minutes)")
def retry_failed_mail(event: Any) -> dict:
    from chalicelib.jobs import schedule

    return schedule.retry_failed_mail()


@app.schedule("rate(1 hour)")
def close_stale_tickets(event: Any) -> dict:
    from chalicelib.jobs import schedule

    return schedule.close_stale_tickets()


def _register_logging() -> None:
    # Structured JSON logs for every event type (HTTP, SNS, schedules).
    from chalicelib.api.logs import log_invocation

    app.register_middleware(log_invocation, "all")


_register_logging()
