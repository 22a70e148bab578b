"""Retry outgoing mail that failed, with backoff, recording every outcome on the ticket.

``delivery.deliver`` records a failed send as a ``MailFailure`` on the ticket
(kind, thread entry, attempts, next attempt) and marks the ticket
``outbox="pending"``, which puts it into the sparse ``by-outbox`` index. This
job queries that index (never a Scan), rebuilds each due mail from the ticket
and its thread entry, and sends it again:

* sent: the entry gets its delivery and Message-ID, the failure is removed, and
  ``outbox`` is removed with the last pending failure (the ticket leaves the index);
* failed again: ``attempts`` grows and the next attempt waits for the next delay
  of ``delivery.RETRY_DELAYS``;
* failed after the last delay: the failure stays on the ticket without a next
  attempt (consultants see it in the ticket), the entry is marked undelivered
  and a ``mail_undelivered`` event goes into the thread.

Each outcome is one transaction, conditional on the failure still being the
one read (same entry, same attempts), so two overlapping runs or a new failure
appended meanwhile are never overwritten.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.core import clock, db, thread
from chalicelib.core.config import settings
from chalicelib.core.tables import MailFailure, ThreadEntry, Ticket
from chalicelib.mail import compose, send
from chalicelib.tickets import delivery

SYSTEM = "system"
UNDELIVERED = "undelivered"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    number: str
    kind: str
    result: str  # sent | rescheduled | gave_up | skipped


def _due_index(ticket: Ticket, stamp: str, tried: set[str]) -> int | None:
    for index, failure in enumerate(ticket.mail_failures or []):
        if failure.next_attempt_at and failure.next_attempt_at <= stamp and failure.entry_id not in tried:
            return index
    return None


def _others_pending(ticket: Ticket, index: int) -> bool:
    return any(f.next_attempt_at for i, f in enumerate(ticket.mail_failures) if i != index)


def _failed(ticket: Ticket, index: int, failure: MailFailure, entry: ThreadEntry, error: str,
            now: datetime, permanent: bool) -> tuple[str, list[Any], list[ThreadEntry]]:
    attempts = int(failure.attempts) + 1
    entry.detail = error
    if not permanent and attempts <= len(delivery.RETRY_DELAYS):
        retry_at = clock.iso(now + delivery.RETRY_DELAYS[attempts - 1])
        updated = MailFailure(kind=failure.kind, entry_id=failure.entry_id, error=error,
                              attempts=attempts, next_attempt_at=retry_at)
        return "rescheduled", [Ticket.mail_failures[index].set(updated)], []
    # Give up: keep the failure (no next attempt) so the ticket shows it, and say so in the thread.
    entry.delivery = UNDELIVERED
    kept = MailFailure(kind=failure.kind, entry_id=failure.entry_id, error=error, attempts=attempts)
    actions = [Ticket.mail_failures[index].set(kept)]
    if not _others_pending(ticket, index):
        actions.append(Ticket.outbox.remove())
    event = thread.event(
        ticket.number, "mail_undelivered", SYSTEM,
        detail=f"{failure.kind} mail not delivered after {attempts} attempts: {error}"[:500], at=now,
    )
    return "gave_up", actions, [event]


def _sent(ticket: Ticket, index: int, failure: MailFailure, entry: ThreadEntry,
          message_id: str) -> tuple[str, list[Any], list[ThreadEntry]]:
    entry.delivery = "sent"
    entry.message_id = message_id
    entry.detail = f"sent on attempt {int(failure.attempts) + 1}"
    actions = [Ticket.mail_failures[index].remove()]
    if not _others_pending(ticket, index):
        actions.append(Ticket.outbox.remove())
    if failure.kind == "acknowledgement":
        actions.append(Ticket.ack_message_id.set(message_id))
    return "sent", actions, []


def retry_failure(ticket: Ticket, index: int, now: datetime) -> str:
    """Send one recorded failure again and record what happened; returns the result."""
    from pynamodb.exceptions import TransactWriteError

    failure = ticket.mail_failures[index]
    try:
        entry = ThreadEntry.get(ticket.number, failure.entry_id or "")
    except ThreadEntry.DoesNotExist:
        entry = thread.new_entry(
            ticket.number, thread.MAIL, internal=True, action=failure.kind, author=SYSTEM
        )
    try:
        message_id = send.send(compose.build(failure.kind, ticket, entry))
    except (send.SendFailed, compose.CannotBuild) as exc:
        permanent = isinstance(exc, compose.CannotBuild)
        result, actions, events = _failed(ticket, index, failure, entry, str(exc)[:500], now, permanent)
    else:
        result, actions, events = _sent(ticket, index, failure, entry, message_id)
    unchanged = (Ticket.mail_failures[index].entry_id == failure.entry_id) & (
        Ticket.mail_failures[index].attempts == failure.attempts
    )
    def items(tx: Any) -> None:
        tx.update(ticket, actions=actions, condition=unchanged)
        for item in [entry, *events]:
            tx.save(item)

    try:
        db.write(items)
    except TransactWriteError as exc:
        if "ConditionalCheckFailed" not in db.cancelled_codes(exc):
            raise
        return "skipped"  # another run (or a new failure) changed the list; the next run sees it
    return result


def _retry_ticket(number: str, now: datetime) -> list[Outcome]:
    stamp, tried, outcomes = clock.iso(now), set(), []
    try:
        ticket = Ticket.get(number, consistent_read=True)
    except Ticket.DoesNotExist:
        return outcomes
    while (index := _due_index(ticket, stamp, tried)) is not None:
        failure = ticket.mail_failures[index]
        tried.add(failure.entry_id)
        result = retry_failure(ticket, index, now)
        log.info("mail retry", extra={"ticket": number, "mail_kind": failure.kind, "result": result})
        outcomes.append(Outcome(number, failure.kind, result))
        if result == "skipped":
            break
        ticket.refresh(consistent_read=True)  # indexes shift after a removal
    return outcomes


def retry_due(now: datetime | None = None) -> list[Outcome]:
    """Retry every due failure on up to ``job_batch_size`` tickets with mail pending."""
    now = now or clock.now()
    outcomes: list[Outcome] = []
    pending = Ticket.by_outbox.query(delivery.PENDING, limit=settings().job_batch_size)
    for key in pending:  # keys only: the ticket itself is read consistently
        outcomes += _retry_ticket(key.number, now)
    return outcomes
