"""Apply a change to a ticket (status, assignment, fields, thread entries) with its events, in one write.

Every change raises the ticket's ``version`` and is conditional on the version it was computed
from, so two people acting at once can never silently undo each other. A consultant's change
names the version he saw (``version`` in the request body, ``Change.based_on``): if the ticket
moved on since, the answer is 409 with what changed (the entries written since and the ticket's
state now), and the console lets him read it and send again on purpose. A change nobody saw a
version for (a customer's message, the system) is built from the ticket as it is and built again
if someone got there first (``apply_current``).

The same write keeps what hangs on the change: the SLA clocks (recomputed from the ticket's clock
events when the change moves a clock, conditional on those events being the ones read), the
placement attributes the views' indexes are keyed on, and the view counters (one ADD per counter
the ticket leaves or joins). ``prepare`` builds all of it, so a merge can write two tickets' changes
in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chalicelib.core import clock, db, thread
from chalicelib.core.errors import Conflict
from chalicelib.core.tables import Claim, Counter, ThreadEntry, Ticket
from chalicelib.rules import views, workflow
from chalicelib.tickets import clocks

KEEP = object()  # sentinel: leave the assignee as it is
ATTEMPTS = 3


@dataclass
class Change:
    actor: str
    to_status: str | None = None
    assignee: Any = KEEP  # user id, None to unassign, or KEEP
    assignee_email: str | None = None
    entries: list[ThreadEntry] = field(default_factory=list)
    actions: list[Any] = field(default_factory=list)
    action_name: str | None = None
    status_detail: str | None = None  # the status event's detail (a merge names its target)
    claims: list[Claim] = field(default_factory=list)  # once-only keys written with the change
    queue: str | None = None  # a new queue (classification): its SLA policy and views apply
    escalated: bool = False  # the escalation job: every alert reached by now is handled
    based_on: int | None = None  # the version the consultant saw; None: the version just read
    condition: Any = None  # more the stored ticket must satisfy (a merge: not merged meanwhile)


@dataclass
class Prepared:
    """A change ready to write: the ticket's update and everything written with it."""

    ticket: Ticket
    actions: list[Any]
    condition: Any
    entries: list[ThreadEntry]
    claims: list[Claim]
    moves: dict[str, int]
    read: int  # the version the change was computed from


class AlreadyProcessed(Exception):
    """A claim of the change existed: the same input was applied before."""


class Stale(Conflict):
    """The ticket changed since the version a change was based on."""


def version_of(ticket: Ticket) -> int:
    return int(ticket.version or 0)


def unchanged_since(version: int) -> Any:
    """The condition that the stored ticket is still at ``version`` (tickets from before versions count as 0)."""
    if version:
        return Ticket.version == version
    return Ticket.version.does_not_exist() | (Ticket.version == 0)


def changed_since(ticket: Ticket, version: int) -> dict[str, Any]:
    """What a consultant who saw ``version`` has not seen: the entries written since, the state now."""
    entries = ThreadEntry.query(ticket.number, filter_condition=ThreadEntry.version > version)
    return {
        "number": ticket.number,
        "based_on": version,
        "version": version_of(ticket),
        "status": ticket.status,
        "assignee_email": ticket.assignee_email,
        "changes": thread.consultant_view(list(entries)),
    }


def stale(ticket: Ticket, version: int) -> Stale:
    return Stale(
        f"The ticket changed since version {version}; read what changed and send again if still right.",
        details={"conflict": changed_since(ticket, version)},
    )


def refuse_merged(ticket: Ticket) -> None:
    if ticket.status == workflow.MERGED:
        raise Conflict(
            f"The ticket was merged into {ticket.merged_into}; work there.",
            details={"merged_into": ticket.merged_into},
        )


def prepare(ticket: Ticket, change: Change) -> Prepared:
    """Everything ``change`` writes, computed from ``ticket`` as read; raises ``Stale`` at once when
    the consultant's version is not the one read."""
    read = version_of(ticket)
    if change.based_on is not None and change.based_on != read:
        raise stale(ticket, change.based_on)
    now = clock.now()
    version = read + 1
    actions = list(change.actions) + [Ticket.updated_at.set(clock.iso(now)), Ticket.version.set(version)]
    entries = list(change.entries)
    if change.to_status and change.to_status != ticket.status:
        actions.append(Ticket.status.set(change.to_status))
        entries.append(
            thread.event(
                ticket.number, change.action_name or "status", change.actor,
                from_status=ticket.status, to_status=change.to_status, detail=change.status_detail, at=now,
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
    for entry in entries:
        entry.version = version
    condition = unchanged_since(read)
    if change.condition is not None:
        condition &= change.condition
    recomputed = clocks.recompute(ticket, entries, now, queue=change.queue, escalated=change.escalated)
    if recomputed is not None:
        actions += recomputed.actions
        condition &= recomputed.condition
    placement, moves = _placement(ticket, change)
    actions += placement
    return Prepared(ticket, actions, condition, entries, list(change.claims), moves, read)


def write(changes: list[Prepared]) -> None:
    """One transaction for every prepared change. PynamoDB sends puts before updates, so the
    cancellation codes are ``[*entries and claims of each change, *ticket updates, *counters]``."""
    moves: dict[str, int] = {}
    for prepared in changes:
        for name, delta in prepared.moves.items():
            moves[name] = moves.get(name, 0) + delta

    def items(tx: Any) -> None:
        for prepared in changes:
            tx.update(prepared.ticket, actions=prepared.actions, condition=prepared.condition)
            for entry in prepared.entries:
                tx.save(entry)
            for claim in prepared.claims:
                tx.save(claim, condition=Claim.key.does_not_exist())
        for name, delta in sorted(moves.items()):  # updates after the tickets': their codes keep their places
            if delta:
                tx.update(Counter(name), actions=[Counter.value.add(delta)])

    db.write(items)


def apply(ticket: Ticket, change: Change) -> Ticket:
    refuse_merged(ticket)
    prepared = prepare(ticket, change)
    from pynamodb.exceptions import TransactWriteError

    try:
        write([prepared])
    except TransactWriteError as exc:
        # [*entries, *claims, ticket update, *counter updates]
        codes = db.cancelled_codes(exc)
        entries = len(prepared.entries)
        if "ConditionalCheckFailed" in codes[entries : entries + len(prepared.claims)]:
            raise AlreadyProcessed() from None
        if "ConditionalCheckFailed" in codes:
            ticket.refresh(consistent_read=True)
            raise stale(ticket, change.based_on if change.based_on is not None else prepared.read) from None
        raise
    ticket.refresh(consistent_read=True)
    return ticket


def apply_current(ticket: Ticket, build: Callable[[Ticket], Change]) -> tuple[Ticket, Change]:
    """Apply the change ``build`` makes from the ticket as it is; if someone changed it meanwhile,
    read it again and build again (a customer's reply must not fail because a note was added)."""
    for attempt in range(ATTEMPTS):
        change = build(ticket)
        try:
            return apply(ticket, change), change
        except Stale:  # apply has read the ticket again
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


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
