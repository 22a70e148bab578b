"""The customer's own tickets: list, read (never internal entries), reply."""

from __future__ import annotations

from typing import Any

from chalicelib.people.identity import Principal
from chalicelib.rules.schemas import ReplyRequest, parse_body
from chalicelib.tickets import conversation, merging, reading


def my_tickets(principal: Principal, params: dict[str, str]) -> dict[str, Any]:
    return reading.list_for_customer(principal, params)


def my_ticket(principal: Principal, number: str) -> dict[str, Any]:
    return reading.detail(reading.load_own(principal, number), for_customer=True)


def reply(principal: Principal, number: str, data: Any) -> dict[str, Any]:
    # A reply to a duplicate goes on in the ticket it was merged into (the same requester's).
    ticket = merging.current(reading.load_own(principal, number))
    body = parse_body(ReplyRequest, data).body
    ticket = conversation.add_customer_message(ticket, body=body, sender=principal.email)
    return reading.detail(ticket, for_customer=True)
