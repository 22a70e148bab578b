"""Which ticket an inbound mail belongs to, strongest evidence first (DESIGN §3):

1. a genuine signed token in a recipient address;
2. In-Reply-To/References naming a message we sent or received for a ticket,
   only from the ticket's requester;
3. the subject tag ``[#YYYY-NNNNNN-C]``, only from the ticket's requester.

"From the requester" is decided by the sender's *address* (never a display name),
and only when SES's verdicts let that address be believed (``sender_authenticated``,
from ``rules.authenticity``): a forged From with a guessed tag opens a new ticket
instead. The token proves itself and needs neither. A stranger's reference or tag
never lands in someone else's ticket. The lookups are passed in, so the rule is
tested without AWS.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice

from chalicelib.mail import tokens
from chalicelib.mail.addresses import same_address
from chalicelib.rules import numbering

# Bounds before any pattern or lookup: a subject is one header line; each id or tag may cost a
# database read, and real mail names a handful (mail parsing keeps at most 50 ids).
MAX_SUBJECT = 998
MAX_RECIPIENTS = 50
MAX_REFERENCES = 20
MAX_TAGS = 5
_TAG = re.compile(r"\[#[ \t]{0,3}([0-9]{4}[\s-]?[0-9]{6,9}[\s-]?[0-9])[ \t]{0,3}\]")
# One plain address: what a sender is compared as. Anything else (a display name, a phrase with
# an address inside it) matches no requester.
_PLAIN_ADDRESS = re.compile(r"[^\s<>()\[\],;:\"@]{1,64}@[^\s<>()\[\],;:\"@]{1,253}")


@dataclass(frozen=True)
class Match:
    number: str
    evidence: str  # "token", "reference" or "subject"


def subject_numbers(subject: str) -> list[str]:
    found = []
    for text in islice(_TAG.findall((subject or "")[:MAX_SUBJECT]), MAX_TAGS):
        try:
            found.append(numbering.parse(text))
        except ValueError:
            continue
    return found


def sender_identity(sender: str) -> str | None:
    """The sender as requesters are compared: one plain address, lower-cased, or None."""
    candidate = (sender or "").strip().lower()
    return candidate if len(candidate) <= 254 and _PLAIN_ADDRESS.fullmatch(candidate) else None


def match(
    *,
    sender: str,
    recipients: Iterable[str],
    referenced_ids: Iterable[str],
    subject: str,
    ticket_of_reference: Callable[[str], str | None],
    requester_of: Callable[[str], str | None],
    sender_authenticated: bool,
) -> Match | None:
    for address in islice(recipients, MAX_RECIPIENTS):
        number = tokens.ticket_of_address(address)
        if number and requester_of(number) is not None:
            return Match(number, "token")
    identity = sender_identity(sender)
    if identity is None or not sender_authenticated:
        return None  # only the token could place it
    for message_id in islice(referenced_ids, MAX_REFERENCES):
        if len(message_id) > tokens.MAX_MESSAGE_ID:
            continue  # no id of ours, and longer than a database key may be
        number = tokens.ticket_of_message_id(message_id) or ticket_of_reference(message_id)
        if number and same_address(requester_of(number), identity):
            return Match(number, "reference")
    for number in subject_numbers(subject):
        if same_address(requester_of(number), identity):
            return Match(number, "subject")
    return None


def display_name(name: str, address: str) -> str:
    """A sender's display name as the desk may show it: text only. A name holding an address
    (``"anna@example.org" <attacker@evil.example>``) would pass for that address, so the
    sender's real address stands in its place."""
    text = " ".join((name or "").split())
    return address if not text or any(at in text for at in "@\uff20\ufe6b") else text
