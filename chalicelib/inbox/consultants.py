"""Mail from a consultant's own address (issue 10 item 6).

A consultant who answers a notice from his mail program would otherwise open a ticket with himself
as requester (and an acknowledgement to himself), and the customer would never get the answer;
sent to a ticket's signed address it would pass for the customer's message. So it never becomes
either: it is kept in the mailroom ("consultants") and the consultant gets a bounce-style notice
telling him to answer in the console (automatic, capped per hour like acknowledgements).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from chalicelib.core import limits
from chalicelib.core.tables import Claim, Ticket
from chalicelib.inbox import bounded, mailroom, recording
from chalicelib.mail import compose, matching, parsing, send, tokens
from chalicelib.people import directory
from chalicelib.people.identity import CONSULTANTS

log = logging.getLogger(__name__)


def is_consultant(address: str) -> bool:
    """An account in the consultants group (enabled or not: a former colleague's mail is no customer's)."""
    return bool(address) and directory.account(address, in_group=CONSULTANTS) is not None


def ticket_mentioned(mail: parsing.ParsedMail, recipients: list[str],
                     requester_of: Callable[[str], str | None]) -> str | None:
    """The ticket a consultant's mail is about (a notice he answered, a tag), for the notice's
    wording only: it changes nothing, so no requester check is needed here."""
    numbers = [tokens.ticket_of_address(address) for address in recipients]
    numbers += [tokens.ticket_of_message_id(i) or recording.ticket_of_reference(i)
                for i in [*mail.in_reply_to, *mail.references]]
    numbers += matching.subject_numbers(mail.subject)
    return next((n for n in numbers if n and requester_of(n) is not None), None)


def redirect(mail: parsing.ParsedMail, raw_key: str, claims: list[Claim], number: str | None, *,
             unverified: str | None = None) -> None:
    """Kept in the mailroom; the consultant told, unless SES's verdicts do not back the From
    (``unverified``): a forged consultant's address gets no notice sent to the real one."""
    detail = "from a consultant's address" + (f"; ticket {number}" if number else "")
    detail += f"; From not verified: {unverified}" if unverified else ""
    kept = mailroom.keep("consultants", raw_key=raw_key, detail=detail, claims=claims, sender=mail.sender,
                         subject=bounded.subject(mail))
    if kept is None or unverified or not limits.allow_acknowledgement(mail.sender):
        return  # kept before (and answered then), not believed, or over the hourly cap
    ticket = Ticket.get(number) if number else None
    try:
        send.send(compose.answer_in_console(kept, ticket))
    except send.SendFailed as exc:
        # Not retried: the mail is safe in the mailroom; the failure is shown there.
        log.warning("answer-in-console notice not sent", extra={"ticket": number})
        kept.delivery, kept.detail = "failed", f"{detail}; notice not sent: {exc}"[:1000]
    else:
        kept.delivery = "sent"
    kept.save()
