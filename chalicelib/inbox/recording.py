"""Applying an inbound mail to the ticket it matched: a customer's message (which may reopen
the ticket), or a record that never reopens it (automatic mail, a bounce of our mail)."""

from __future__ import annotations

from chalicelib.core import thread
from chalicelib.core.tables import Claim, Omitted, ThreadEntry, Ticket
from chalicelib.inbox import bounded, mailroom, staging
from chalicelib.mail import machine, parsing, quotes
from chalicelib.tickets import attachments, changes, conversation, originals
from chalicelib.tickets.changes import Change


def ticket_of_reference(message_id: str) -> str | None:
    for entry in ThreadEntry.by_message_id.query(message_id, limit=1):
        return entry.number if not entry.number.startswith("mailroom#") else None
    return None


def append(ticket: Ticket, mail: parsing.ParsedMail, raw_key: str, claims: list[Claim],
           omitted: Omitted | None = None) -> None:
    with staging.uploads(claims) as uploads:
        conversation.add_customer_message(
            ticket,
            body=originals.excerpt(quotes.strip_quotes(mail.full_body, subject=mail.subject)),
            text=originals.keep(ticket.number, mail.text, uploads),
            sender=mail.sender,
            subject=bounded.subject(mail),
            message_id=bounded.message_id(mail),
            attachments=attachments.save(ticket.number, mail.attachments, uploads) or None,
            omitted=omitted,
            raw_key=raw_key,
            claims=claims,
        )


def automatic(mail: parsing.ParsedMail, raw_key: str, claims: list[Claim], reason: str,
              number: str | None) -> None:
    """Kept where consultants see it; never reopens, never acknowledged, never answered."""
    if not number:
        mailroom.keep("automatic", raw_key=raw_key, detail=reason, claims=claims, sender=mail.sender,
                      subject=mail.subject)
        return
    ticket = Ticket.get(number)
    entry = thread.event(ticket.number, "automatic_mail", mail.sender, detail=f"{reason}: {mail.subject}"[:500])
    entry.raw_key, entry.body, entry.message_id = raw_key, mail.text[:5000], mail.message_id or None
    _apply_quietly(ticket, entry, claims)


def bounce(mail: parsing.ParsedMail, raw_key: str, claims: list[Claim], *, delayed: bool = False) -> None:
    """A delivery report: a failure, or a delay notice ("still trying"), which is not a failure."""
    number = next(filter(None, (ticket_of_reference(i) for i in machine.bounced_message_ids(mail.headers))), None)
    if number is None:
        what = "delay notice" if delayed else "bounce"
        mailroom.keep("automatic", raw_key=raw_key, detail=f"{what} of unknown mail", claims=claims,
                      sender=mail.sender, subject=mail.subject)
        return
    ticket = Ticket.get(number)
    action, what = ("delivery_delayed", "delay") if delayed else ("delivery_failed", "bounce")
    entry = thread.event(number, action, mail.sender, detail=f"{what}: {mail.subject}"[:500])
    entry.raw_key, entry.body = raw_key, mail.text[:5000]
    _apply_quietly(ticket, entry, claims)


def _apply_quietly(ticket: Ticket, entry: ThreadEntry, claims: list[Claim]) -> None:
    # Built again on the fresh ticket if a colleague's change got there first (tickets.changes).
    changes.apply_current(ticket, lambda _: Change(actor=entry.author or "system", entries=[entry], claims=claims))
