"""Every mail the product sends, built in one place from its kind, the stored
ticket and the thread entry that records the mail.

The first send and a retry build a mail the same way: a caller that already
holds the message the mail is about passes it (``about``); the retry job passes
nothing and the message is looked up in the thread. Nothing here knows the use
cases that send the mails.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.core import thread
from chalicelib.core.config import settings
from chalicelib.core.tables import ThreadEntry, Ticket
from chalicelib.mail.message import Mail, sender_address
from chalicelib.rules import catalog

ACKNOWLEDGEMENT = "acknowledgement"
REPLY = "reply"
CONSULTANT_NOTICE = "consultant_notice"
CLOSED = "closed"  # every close: by a consultant, or by the auto-close job ("system")
SYSTEM = "system"
MERGED = "merged"
ANSWER_IN_CONSOLE = "answer_in_console"  # to a consultant whose own mail was kept in the mailroom


class CannotBuild(RuntimeError):
    """The mail can never be built (unknown kind, its message gone): retrying is pointless."""


def to_customer(ticket: Ticket, kind: str, context: dict[str, Any]) -> Mail:
    """A mail to the ticket's requester, threaded under their last mail, else our acknowledgement."""
    references = [ref for ref in (ticket.ack_message_id, ticket.last_customer_message_id) if ref]
    return Mail(
        kind=kind,
        number=ticket.number,
        to=ticket.requester_email,
        to_name=ticket.requester_name,
        subject=ticket.subject,
        language=ticket.language,
        context=context,
        in_reply_to=ticket.last_customer_message_id or ticket.ack_message_id,
        references=references,
    )


def _first_message(number: str) -> ThreadEntry | None:
    messages = ThreadEntry.query(number, filter_condition=ThreadEntry.kind == thread.MESSAGE)
    return next(iter(messages), None)


def _customer_message_before(entry: ThreadEntry) -> tuple[ThreadEntry | None, bool]:
    """The customer message a notice was about, and whether that message reopened the ticket."""
    reopened = False
    earlier = ThreadEntry.query(entry.number, ThreadEntry.entry_id < entry.entry_id, scan_index_forward=False)
    for candidate in earlier:
        if candidate.kind == thread.EVENT and candidate.action == "reopened":
            reopened = True
        if candidate.kind == thread.MESSAGE:
            return candidate, reopened
    return None, reopened


def _acknowledgement(ticket: Ticket, entry: ThreadEntry, about: ThreadEntry | None, reopened: bool) -> Mail:
    first = about or _first_message(ticket.number)
    type_label, product_label = catalog.label(ticket.request_type, ticket.product, ticket.language)
    return to_customer(ticket, ACKNOWLEDGEMENT, {
        "name": ticket.requester_name,
        "request_type": type_label,
        "product": product_label,
        "subject": ticket.subject,
        "description": (first.body or "") if first else "",
    })


def _reply(ticket: Ticket, entry: ThreadEntry, about: ThreadEntry | None, reopened: bool) -> Mail:
    return to_customer(ticket, REPLY, {"body": entry.body or "", "consultant": entry.author_name or entry.author or ""})


def _consultant_notice(ticket: Ticket, entry: ThreadEntry, about: ThreadEntry | None, reopened: bool) -> Mail:
    """Tells a consultant of a customer's message; replies to it go to the desk, not the ticket."""
    if about is None:
        about, reopened = _customer_message_before(entry)
    if about is None or not entry.recipients:
        raise CannotBuild("the customer message of this notice is gone")
    return Mail(
        kind=CONSULTANT_NOTICE,
        number=ticket.number,
        to=entry.recipients[0],
        to_name="",
        subject=ticket.subject,
        language="pl",
        context={"reopened": reopened, "sender": about.sender, "subject": ticket.subject, "body": about.body},
        reply_to=sender_address(),
    )


def _closed(ticket: Ticket, entry: ThreadEntry, about: ThreadEntry | None, reopened: bool) -> Mail:
    """Closed, and a reply reopens it; a close by the system says how long the ticket waited."""
    waited = settings().auto_close_days if entry.author == SYSTEM else None
    return to_customer(ticket, CLOSED, {"name": ticket.requester_name, "days": waited})


def _merged(ticket: Ticket, entry: ThreadEntry, about: ThreadEntry | None, reopened: bool) -> Mail:
    """To the requester of a merged duplicate (the target's requester too): the target's number from now on."""
    return to_customer(ticket, MERGED, {"name": ticket.requester_name, "duplicate": entry.detail or "",
                                        "subject": ticket.subject})


def answer_in_console(kept: ThreadEntry, ticket: Ticket | None) -> Mail:
    """Tells a consultant that his mail (kept in the mailroom as ``kept``) reached no customer and
    that answers go through the console; ``ticket`` is the one his mail was about, if any."""
    if not kept.sender:
        raise CannotBuild("a kept mail without its sender's address")
    return Mail(
        kind=ANSWER_IN_CONSOLE,
        number=ticket.number if ticket else "",
        to=kept.sender,
        to_name="",
        subject=kept.subject or "",
        language="pl",  # consultants' notices are Polish, like the customer notices
        context={"sender": kept.sender, "subject": kept.subject or "",
                 "console": settings().site_origin.rstrip("/") + "/console.html"},
        reply_to=sender_address(),
    )


_BUILDERS: dict[str, Callable[[Ticket, ThreadEntry, ThreadEntry | None, bool], Mail]] = {
    ACKNOWLEDGEMENT: _acknowledgement,
    REPLY: _reply,
    CONSULTANT_NOTICE: _consultant_notice,
    CLOSED: _closed,
    "auto_close": _closed,  # failures recorded before the one "closed" kind are retried as it
    MERGED: _merged,
}


def build(kind: str, ticket: Ticket, entry: ThreadEntry, *, about: ThreadEntry | None = None,
          reopened: bool = False) -> Mail:
    """The mail of ``kind`` recorded by ``entry`` on ``ticket``."""
    try:
        builder = _BUILDERS[kind]
    except KeyError:
        raise CannotBuild(f"no way to build a {kind!r} mail") from None
    return builder(ticket, entry, about, reopened)
