"""What consultants do to a ticket: reply, note, assign, claim, close, reopen."""

from __future__ import annotations

from typing import Any

from chalicelib.core import thread
from chalicelib.core.errors import Conflict, InvalidInput
from chalicelib.core.tables import Ticket
from chalicelib.mail import compose
from chalicelib.people import directory
from chalicelib.people.identity import Principal
from chalicelib.rules import catalog, workflow
from chalicelib.rules.schemas import (
    AssignRequest,
    ChangeRequest,
    ClassifyRequest,
    ConsultantReplyRequest,
    PriorityRequest,
    parse_body,
)
from chalicelib.rules.sla_events import PRIORITY_ACTION
from chalicelib.tickets import changes, delivery, reading
from chalicelib.tickets.changes import Change


def reply(principal: Principal, number: str, data: Any) -> dict:
    request = parse_body(ConsultantReplyRequest, data, "en")
    body = request.body
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
        based_on=request.version,
    )
    if not ticket.assignee:
        change.assignee, change.assignee_email = principal.user_id, principal.email
    ticket = changes.apply(ticket, change)
    delivery.deliver(ticket, compose.REPLY, entry)
    return reading.detail(ticket, for_customer=False)


def note(principal: Principal, number: str, data: Any) -> dict:
    request = parse_body(ConsultantReplyRequest, data, "en")
    ticket = reading.load(number)
    entry = thread.new_entry(
        ticket.number, thread.NOTE, internal=True, author=principal.email,
        author_role="consultant", body=request.body,
    )
    ticket = changes.apply(ticket, Change(actor=principal.email, entries=[entry], based_on=request.version))
    return reading.detail(ticket, for_customer=False)


def assign(principal: Principal, number: str, data: Any) -> dict:
    request = parse_body(AssignRequest, data, "en")
    target = request.assignee
    ticket = reading.load(number)
    change = Change(actor=principal.email, action_name="opened", based_on=request.version)
    if target is None:
        change.assignee = None
    elif target == "me":
        change.assignee, change.assignee_email = principal.user_id, principal.email
    else:
        colleague = directory.active_consultant(target)
        if colleague is None:
            raise InvalidInput("no such consultant", {"assignee": "not an active consultant's address"})
        change.assignee, change.assignee_email = colleague.user_id, colleague.email
    if change.assignee is not None:
        change.to_status = workflow.after_assignment(ticket.status)
    return reading.detail(changes.apply(ticket, change), for_customer=False)


def _version(data: Any) -> int | None:
    """The version a bodiless change (claim, close, reopen) was based on, if the client sent one."""
    return parse_body(ChangeRequest, data if data is not None else {}, "en").version


def claim(principal: Principal, number: str, data: Any = None) -> dict:
    return assign(principal, number, {"assignee": "me", "version": _version(data)})


def _transition(principal: Principal, number: str, rule: Any, action_name: str, data: Any) -> Ticket:
    based_on = _version(data)
    ticket = reading.load(number)
    changes.refuse_merged(ticket)
    try:
        status = rule(ticket.status)
    except workflow.TransitionRefused as exc:
        raise Conflict(str(exc)) from None
    change = Change(actor=principal.email, to_status=status, action_name=action_name, based_on=based_on)
    return changes.apply(ticket, change)


def close(principal: Principal, number: str, data: Any = None) -> dict:
    ticket = _transition(principal, number, workflow.after_close, "closed", data)
    mail_closed(ticket, principal.email)
    return reading.detail(ticket, for_customer=False)


def mail_closed(ticket: Ticket, actor: str) -> None:
    """Tell the customer the ticket is closed and that a reply reopens it (every close, one kind).

    After the close is saved: a failed send is recorded on the ticket and retried, the close stands.
    """
    entry = thread.new_entry(
        ticket.number, thread.MAIL, internal=True, action=compose.CLOSED, author=actor,
        subject=ticket.subject, recipients=[ticket.requester_email],
    )
    delivery.deliver(ticket, compose.CLOSED, entry)


def reopen(principal: Principal, number: str, data: Any = None) -> dict:
    ticket = _transition(principal, number, workflow.after_reopen, "reopened", data)
    return reading.detail(ticket, for_customer=False)


def classify(principal: Principal, number: str, data: Any) -> dict:
    """Set the request type and product (a ticket opened by mail has neither); moves its queue."""
    request = parse_body(ClassifyRequest, data, "en")
    ticket = reading.load(number)
    queue = catalog.queue_of(request.request_type, request.product)
    entry = thread.event(ticket.number, "classified", principal.email,
                         detail=f"{request.request_type}/{request.product} -> {queue}")
    change = Change(
        actor=principal.email,
        entries=[entry],
        actions=[Ticket.request_type.set(request.request_type), Ticket.product.set(request.product)],
        queue=queue,
        based_on=request.version,
    )
    return reading.detail(changes.apply(ticket, change), for_customer=False)


def set_priority(principal: Principal, number: str, data: Any) -> dict:
    """A new priority (Polish or English name), recorded as an event; the clocks follow it."""
    request = parse_body(PriorityRequest, data, "en")
    priority = request.priority
    ticket = reading.load(number)
    if priority == (ticket.priority or ""):
        return reading.detail(ticket, for_customer=False)
    entry = thread.event(ticket.number, PRIORITY_ACTION, principal.email, detail=priority)
    change = Change(actor=principal.email, entries=[entry], actions=[Ticket.priority.set(priority)],
                    based_on=request.version)
    return reading.detail(changes.apply(ticket, change), for_customer=False)
