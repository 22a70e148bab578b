"""Rebuild a ticket mail that failed from what is stored: the ticket and its thread.

Nothing but the failure's kind and thread entry is kept when a send fails, so a
retry composes the same mail again with the same builders the first send used.
"""

from __future__ import annotations

from collections.abc import Callable

from chalicelib.core import thread
from chalicelib.core.config import settings
from chalicelib.core.tables import ThreadEntry, Ticket
from chalicelib.mail import compose


class CannotRebuild(RuntimeError):
    """The mail can never be rebuilt (unknown kind, entry gone): retrying is pointless."""


def _first_description(ticket: Ticket) -> str:
    messages = ThreadEntry.query(ticket.number, filter_condition=ThreadEntry.kind == thread.MESSAGE)
    first = next(iter(messages), None)
    return (first.body or "") if first else ""


def _acknowledgement(ticket: Ticket, entry: ThreadEntry) -> compose.Mail:
    from chalicelib.tickets import filing

    return filing.acknowledgement(ticket, _first_description(ticket))


def _reply(ticket: Ticket, entry: ThreadEntry) -> compose.Mail:
    from chalicelib.tickets import casework

    return casework.reply_mail(ticket, entry.body or "", entry.author_name or entry.author or "")


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


def _consultant_notice(ticket: Ticket, entry: ThreadEntry) -> compose.Mail:
    from chalicelib.tickets import conversation

    message, reopened = _customer_message_before(entry)
    if message is None or not entry.recipients:
        raise CannotRebuild("the customer message of this notice is gone")
    return conversation.notice_mail(ticket, entry.recipients[0], message, reopened)


def _auto_close(ticket: Ticket, entry: ThreadEntry) -> compose.Mail:
    from chalicelib.jobs.autoclose import auto_close_mail

    return auto_close_mail(ticket, settings().auto_close_days)


BUILDERS: dict[str, Callable[[Ticket, ThreadEntry], compose.Mail]] = {
    "acknowledgement": _acknowledgement,
    "reply": _reply,
    "consultant_notice": _consultant_notice,
    "auto_close": _auto_close,
}


def rebuild(ticket: Ticket, entry: ThreadEntry, kind: str) -> compose.Mail:
    try:
        builder = BUILDERS[kind]
    except KeyError:
        raise CannotRebuild(f"no way to rebuild a {kind!r} mail") from None
    return builder(ticket, entry)
