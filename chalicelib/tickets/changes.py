"""Apply a status or assignment change to a ticket, with its events, in one write.

Every change is conditional on the status the caller read, so two consultants
acting at once cannot silently undo each other; the loser gets a 409.

The same write keeps what hangs on the change: the SLA clocks (recomputed from
the ticket's clock events when the change moves a clock, conditional on those
events being the ones read), the placement attributes the views' indexes are
keyed on, and the view counters (one ADD per counter the ticket leaves or joins).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chalicelib.core import clock, db, thread
from chalicelib.core.errors import Conflict
from chalicelib.core.tables import Claim, Counter, ThreadEntry, Ticket
from chalicelib.rules import views
from chalicelib.tickets import clocks

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
    queue: str | None = None  # a new queue (classification): its SLA policy and views apply
    escalated: bool = False  # the escalation job: every alert reached by now is handled


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
    if change.queue and change.queue != ticket.queue:
        actions.append(Ticket.queue.set(change.queue))
    condition = Ticket.status == ticket.status
    recomputed = clocks.recompute(ticket, entries, now, queue=change.queue, escalated=change.escalated)
    if recomputed is not None:
        actions += recomputed.actions
        condition &= recomputed.condition
    placement, moves = _placement(ticket, change)
    actions += placement
    from pynamodb.exceptions import TransactWriteError

    def items(tx: Any) -> None:
        tx.update(ticket, actions=actions, condition=condition)
        for entry in entries:
            tx.save(entry)
        for claim in change.claims:
            tx.save(claim, condition=Claim.key.does_not_exist())
        for name, delta in moves.items():  # updates go after the ticket's: the codes above keep their places
            tx.update(Counter(name), actions=[Counter.value.add(delta)])

    try:
        db.write(items)
    except TransactWriteError as exc:
        # PynamoDB sends puts before updates: [*entries, *claims, ticket update, *counter updates].
        codes = db.cancelled_codes(exc)
        if "ConditionalCheckFailed" in codes[len(entries) : len(entries) + len(change.claims)]:
            raise AlreadyProcessed() from None
        if "ConditionalCheckFailed" in codes:
            raise Conflict("The ticket was changed meanwhile; reload it and try again.") from None
        raise
    ticket.refresh(consistent_read=True)
    return ticket


def _placement(ticket: Ticket, change: Change) -> tuple[list[Any], dict[str, int]]:
    """The views' key attributes after the change, and the counters it moves."""
    before = views.Place(ticket.status, ticket.assignee, ticket.queue)
    # A ticket filed before the views (no clock events yet) was never counted: it joins now.
    counted = before if ticket.clock_events is not None else None
    after = views.Place(
        change.to_status or ticket.status,
        ticket.assignee if change.assignee is KEEP else change.assignee,
        change.queue or ticket.queue,
    )
    actions: list[Any] = []
    if ticket.desk != after.desk:
        actions.append(Ticket.desk.set(after.desk) if after.desk else Ticket.desk.remove())
    if ticket.active != after.active:
        actions.append(Ticket.active.set(after.active) if after.active else Ticket.active.remove())
    return actions, views.counter_moves(counted, after)
