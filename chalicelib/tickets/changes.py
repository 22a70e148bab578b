"""Apply a status or assignment change to a ticket, with its events, in one write.

Every change is conditional on the status the caller read, so two consultants
acting at once cannot silently undo each other; the loser gets a 409.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chalicelib.core import clock, db, thread
from chalicelib.core.errors import Conflict
from chalicelib.core.tables import Claim, ThreadEntry, Ticket

KEEP = object()  # sentinel: leave the assignee as it is


@dataclass
class Change:
    actor: str
    to_status: str | None = None
    assignee: Any = KEEP  # user id, None to unassign, or KEEP
    assignee_email: str | None = None
    entries: list[ThreadEntry] = field(default_factory=list)
    actions: list[Any] = field(default_factory=list)
    action_name: str | None = None
    claims: list[Claim] = field(default_factory=list)  # once-only keys written with the change


class AlreadyProcessed(Exception):
    """A claim of the change existed: the same input was applied before."""


def apply(ticket: Ticket, change: Change) -> Ticket:
    now = clock.now()
    actions = list(change.actions) + [Ticket.updated_at.set(clock.iso(now))]
    entries = list(change.entries)
    if change.to_status and change.to_status != ticket.status:
        actions.append(Ticket.status.set(change.to_status))
        entries.append(
            thread.event(
                ticket.number, change.action_name or "status", change.actor,
                from_status=ticket.status, to_status=change.to_status, at=now,
            )
        )
    if change.assignee is not KEEP and change.assignee != ticket.assignee:
        if change.assignee is None:
            actions += [Ticket.assignee.remove(), Ticket.assignee_email.remove()]
        else:
            actions += [Ticket.assignee.set(change.assignee), Ticket.assignee_email.set(change.assignee_email)]
        entries.append(
            thread.event(
                ticket.number, "assigned" if change.assignee else "unassigned", change.actor,
                detail=change.assignee_email or ticket.assignee_email, at=now,
            )
        )
    from pynamodb.exceptions import TransactWriteError

    def items(tx: Any) -> None:
        tx.update(ticket, actions=actions, condition=Ticket.status == ticket.status)
        for entry in entries:
            tx.save(entry)
        for claim in change.claims:
            tx.save(claim, condition=Claim.key.does_not_exist())

    try:
        db.write(items)
    except TransactWriteError as exc:
        # PynamoDB sends puts before updates: [*entries, *claims, ticket update].
        codes = db.cancelled_codes(exc)
        if "ConditionalCheckFailed" in codes[len(entries) : len(entries) + len(change.claims)]:
            raise AlreadyProcessed() from None
        if "ConditionalCheckFailed" in codes:
            raise Conflict("The ticket was changed meanwhile; reload it and try again.") from None
        raise
    ticket.refresh(consistent_read=True)
    return ticket
