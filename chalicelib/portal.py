"""The customer's own tickets: list, read (never internal entries), reply."""

from __future__ import annotations

from typing import Any

from chalicelib import conversation, tickets
from chalicelib.auth import Principal
from chalicelib.validation import ReplyRequest, parse_body


def my_tickets(principal: Principal, params: dict[str, str]) -> dict[str, Any]:
    return tickets.list_for_customer(principal, params)


def my_ticket(principal: Principal, number: str) -> dict[str, Any]:
    return tickets.detail(tickets.load_own(principal, number), for_customer=True)


def reply(principal: Principal, number: str, data: Any) -> dict[str, Any]:
    ticket = tickets.load_own(principal, number)
    body = parse_body(ReplyRequest, data).body
    ticket = conversation.add_customer_message(ticket, body=body, sender=principal.email)
    return tickets.detail(ticket, for_customer=True)
