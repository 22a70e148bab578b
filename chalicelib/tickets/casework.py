"""What consultants do to a ticket: reply, note, assign, claim, close, reopen."""

from __future__ import annotations

from typing import Any

from chalicelib.core import aws, parameters, thread
from chalicelib.core.errors import Conflict, InvalidInput
from chalicelib.core.tables import Ticket
from chalicelib.mail import compose
from chalicelib.people.identity import CONSULTANTS, Principal
from chalicelib.rules import workflow
from chalicelib.rules.schemas import ReplyRequest, parse_body
from chalicelib.tickets import changes, delivery, reading
from chalicelib.tickets.changes import Change


def reply_mail(ticket: Ticket, body: str, consultant: str) -> compose.Mail:
    return compose.to_customer(ticket, "reply", {"body": body, "consultant": consultant})


def reply(principal: Principal, number: str, data: Any) -> dict:
    body = parse_body(ReplyRequest, data, "en").body
    ticket = reading.load(number)
    entry = thread.new_entry(
        ticket.number, thread.REPLY, author=principal.email, author_name=principal.name,
        author_role="consultant", body=body, full_body=body, recipients=[ticket.requester_email], delivery="pending",
    )
    change = Change(
        actor=principal.email,
        to_status=workflow.after_consultant_reply(ticket.status),
        entries=[entry],
        action_name="replied",
    )
    if not ticket.assignee:
        change.assignee, change.assignee_email = principal.user_id, principal.email
    ticket = changes.apply(ticket, change)
    delivery.deliver(ticket, reply_mail(ticket, body, principal.name), entry)
    return reading.detail(ticket, for_customer=False)


def note(principal: Principal, number: str, data: Any) -> dict:
    body = parse_body(ReplyRequest, data, "en").body
    ticket = reading.load(number)
    entry = thread.new_entry(
        ticket.number, thread.NOTE, internal=True, author=principal.email,
        author_role="consultant", body=body,
    )
    changes.apply(ticket, Change(actor=principal.email, entries=[entry]))
    return reading.detail(ticket, for_customer=False)


def _consultant(email: str) -> tuple[str, str]:
    """The user id of an active consultant account with this e-mail address."""
    from botocore.exceptions import ClientError

    cognito = aws.client("cognito-idp")
    pool = parameters.get(parameters.USER_POOL_ID)
    try:
        user = cognito.admin_get_user(UserPoolId=pool, Username=email)
        groups = cognito.admin_list_groups_for_user(UserPoolId=pool, Username=email)["Groups"]
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "UserNotFoundException":
            raise InvalidInput("no such consultant", {"assignee": "no consultant has this address"}) from None
        raise
    attributes = {a["Name"]: a["Value"] for a in user.get("UserAttributes", [])}
    if not user.get("Enabled", True) or CONSULTANTS not in {g["GroupName"] for g in groups}:
        raise InvalidInput("no such consultant", {"assignee": "not an active consultant"})
    return attributes.get("sub", user["Username"]), attributes.get("email", email).lower()


def assign(principal: Principal, number: str, data: Any) -> dict:
    if not isinstance(data, dict) or "assignee" not in data:
        raise InvalidInput("assignee is required", {"assignee": "an e-mail address, \"me\" or null"})
    target = data["assignee"]
    ticket = reading.load(number)
    change = Change(actor=principal.email, action_name="opened")
    if target is None:
        change.assignee = None
    elif target == "me":
        change.assignee, change.assignee_email = principal.user_id, principal.email
    elif isinstance(target, str):
        change.assignee, change.assignee_email = _consultant(target.strip().lower())
    else:
        raise InvalidInput("assignee is not valid", {"assignee": "an e-mail address, \"me\" or null"})
    if change.assignee is not None:
        change.to_status = workflow.after_assignment(ticket.status)
    return reading.detail(changes.apply(ticket, change), for_customer=False)


def claim(principal: Principal, number: str) -> dict:
    return assign(principal, number, {"assignee": "me"})


def _transition(principal: Principal, number: str, rule: Any, action_name: str) -> dict:
    ticket = reading.load(number)
    try:
        status = rule(ticket.status)
    except workflow.TransitionRefused as exc:
        raise Conflict(str(exc)) from None
    change = Change(actor=principal.email, to_status=status, action_name=action_name)
    return reading.detail(changes.apply(ticket, change), for_customer=False)


def close(principal: Principal, number: str) -> dict:
    return _transition(principal, number, workflow.after_close, "closed")


def reopen(principal: Principal, number: str) -> dict:
    return _transition(principal, number, workflow.after_reopen, "reopened")


def classify(principal: Principal, number: str, data: Any) -> dict:
    """Set the request type and product (a ticket opened by mail has neither); moves its queue."""
    from chalicelib.rules import catalog

    if not isinstance(data, dict):
        raise InvalidInput("Request body must be a JSON object.")
    request_type, product = data.get("request_type"), data.get("product")
    if not isinstance(request_type, str) or not catalog.is_request_type(request_type):
        raise InvalidInput("request_type is not valid", {"request_type": "a request type from /catalog"})
    if not isinstance(product, str) or product not in catalog.products_of(request_type):
        raise InvalidInput("product is not valid", {"product": "a product of the request type"})
    ticket = reading.load(number)
    queue = catalog.queue_of(request_type, product)
    entry = thread.event(ticket.number, "classified", principal.email, detail=f"{request_type}/{product} -> {queue}")
    change = Change(
        actor=principal.email,
        entries=[entry],
        actions=[Ticket.request_type.set(request_type), Ticket.product.set(product), Ticket.queue.set(queue)],
    )
    return reading.detail(changes.apply(ticket, change), for_customer=False)
