"""Send a ticket's mail and record the outcome on the ticket, never losing it.

A failed send is recorded on the ticket (``mail_failures``, ``outbox``) so the
scheduled retry job finds it through the sparse ``by-outbox`` index.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from chalicelib.core import clock, db
from chalicelib.core.tables import MailFailure, ThreadEntry, Ticket
from chalicelib.mail import compose, send

RETRY_DELAYS = (timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=12))
PENDING = "pending"


def deliver(
    ticket: Ticket,
    kind: str,
    entry: ThreadEntry,
    *,
    about: ThreadEntry | None = None,
    reopened: bool = False,
    ticket_actions: list[Any] | None = None,
    on_sent: Callable[[str], list[Any]] | None = None,
) -> str | None:
    """Build the ``kind`` mail ``entry`` records and send it; save ``entry`` and
    ``ticket_actions`` with the result in one write.

    Returns the SES Message-ID, or None when sending failed (recorded for retry).
    """
    actions = list(ticket_actions or [])
    try:
        message_id = send.send(compose.build(kind, ticket, entry, about=about, reopened=reopened))
    except send.SendFailed as exc:
        message_id = None
        entry.delivery = "failed"
        entry.detail = str(exc)[:500]
        failure = MailFailure(
            kind=kind,
            entry_id=entry.entry_id,
            error=str(exc)[:500],
            attempts=1,
            next_attempt_at=clock.iso(clock.now() + RETRY_DELAYS[0]),
        )
        actions += [Ticket.mail_failures.set(Ticket.mail_failures.append([failure])), Ticket.outbox.set(PENDING)]
    else:
        entry.delivery = "sent"
        entry.message_id = message_id
        actions += on_sent(message_id) if on_sent else []
    def items(tx: Any) -> None:
        tx.save(entry)
        if actions:
            tx.update(ticket, actions=actions)

    db.write(items)
    return message_id
