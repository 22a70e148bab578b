"""Which ticket an inbound mail belongs to, strongest evidence first (DESIGN §3):

1. a genuine signed token in a recipient address;
2. In-Reply-To/References naming a message we sent or received for a ticket,
   only from the ticket's requester;
3. the subject tag ``[#YYYY-NNNNNN-C]``, only from the ticket's requester.

A stranger's reference or tag never lands in someone else's ticket. The
lookups are passed in, so the rule is tested without AWS.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from chalicelib.mail import tokens
from chalicelib.rules import numbering

_TAG = re.compile(r"\[#\s*(\d{4}[\s-]?\d{6,}[\s-]?\d)\s*\]")


@dataclass(frozen=True)
class Match:
    number: str
    evidence: str  # "token", "reference" or "subject"


def subject_numbers(subject: str) -> list[str]:
    found = []
    for text in _TAG.findall(subject or ""):
        try:
            found.append(numbering.parse(text))
        except ValueError:
            continue
    return found


def match(
    *,
    sender: str,
    recipients: Iterable[str],
    referenced_ids: Iterable[str],
    subject: str,
    ticket_of_reference: Callable[[str], str | None],
    requester_of: Callable[[str], str | None],
) -> Match | None:
    for address in recipients:
        number = tokens.ticket_of_address(address)
        if number and requester_of(number) is not None:
            return Match(number, "token")
    sender = sender.lower()
    for message_id in referenced_ids:
        number = tokens.ticket_of_message_id(message_id) or ticket_of_reference(message_id)
        if number and requester_of(number) == sender:
            return Match(number, "reference")
    for number in subject_numbers(subject):
        if requester_of(number) == sender:
            return Match(number, "subject")
    return None
