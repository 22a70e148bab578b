"""A ticket's SLA clocks as stored: replayed from the ticket's own list of clock events.

The pure computation is ``rules.sla.clocks``; this module feeds it the events the ticket keeps
(``clock_events``, appended in the same write as the change that caused them, so no change reads
the thread) and turns the result into the attributes the views and the escalation job read.
A ticket filed before clocks existed has no list yet: its thread is replayed once and the list is
stored from then on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.core import clock, thread
from chalicelib.core.tables import ThreadEntry, Ticket
from chalicelib.rules import priority as priorities
from chalicelib.rules import sla_events
from chalicelib.rules.sla import CREATED, ClockEvent, Sla, clocks
from chalicelib.rules.sla_policy import policy_for


@dataclass
class Initial:
    """What a new ticket is written with."""

    clock_events: list[str]
    sla: dict[str, Any]
    earliest_due: str | None
    next_check: str | None


@dataclass
class Recomputed:
    sla: Sla
    actions: list[Any]
    condition: Any  # the clock events read are still the ticket's: a concurrent change gets a 409


def initial(created_at: datetime, priority: str, queue: str) -> Initial:
    events = [ClockEvent(CREATED, created_at, priority=priority)]
    sla = clocks(events, policy_for(queue), now=created_at)
    return Initial([sla_events.encode(e) for e in events], sla.as_dict(), _iso(sla.earliest_due),
                   _iso(sla.next_check))


def _fields(entry: ThreadEntry) -> dict[str, Any]:
    return dict(entry.attribute_values)


def stored_events(ticket: Ticket) -> list[ClockEvent]:
    if ticket.clock_events is not None:
        return [sla_events.decode(text) for text in ticket.clock_events]
    # Filed before clocks existed: one replay of the thread, stored with the next change.
    return sla_events.from_thread(ticket.created_at, ticket.priority,
                                  [_fields(e) for e in thread.entries(ticket.number)])


def recompute(
    ticket: Ticket,
    new_entries: Iterable[ThreadEntry],
    now: datetime,
    *,
    queue: str | None = None,
    escalated: bool = False,
) -> Recomputed | None:
    """The clocks after ``new_entries`` (None when they move no clock and nothing else changed).

    ``queue`` is the ticket's new queue (its policy changes); ``escalated`` is the escalation job,
    which has handled every alert reached by ``now`` and so may move ``next_check`` past them.
    A ticket without stored events (filed before clocks) always gets them, so it is counted from then on.
    """
    added = sla_events.entry_events([_fields(e) for e in new_entries])
    stored = ticket.clock_events
    if not added and queue is None and not escalated and stored is not None:
        return None
    events = stored_events(ticket) + added
    sla = clocks(events, policy_for(queue or ticket.queue), now=now)
    if stored is None:
        actions = [Ticket.clock_events.set([sla_events.encode(e) for e in events])]
        condition = Ticket.clock_events.does_not_exist()
    else:
        actions = [Ticket.clock_events.set(Ticket.clock_events.append([sla_events.encode(e) for e in added]))] \
            if added else []
        from pynamodb.expressions.condition import size

        condition = size(Ticket.clock_events) == len(stored)
    return Recomputed(sla, actions + sla_actions(ticket, sla, now, escalated), condition)


def sla_actions(ticket: Ticket, sla: Sla, now: datetime, escalated: bool) -> list[Any]:
    check = _iso(sla.next_check)
    reached = ticket.next_check if ticket.next_check and ticket.next_check <= clock.iso(now) else None
    if reached and sla.pending and not escalated:
        # An alert is due that the job has not handled yet: keep it in the job's reach.
        check = reached
    return [
        Ticket.sla.set(sla.as_dict()),
        _set_or_remove(Ticket.earliest_due, _iso(sla.earliest_due)),
        _set_or_remove(Ticket.next_check, check),
    ]


def _set_or_remove(attribute: Any, value: str | None) -> Any:
    # A paused clock has no due time: the key is removed and the ticket leaves the due-time indexes.
    return attribute.set(value) if value else attribute.remove()


def _iso(moment: datetime | None) -> str | None:
    return clock.iso(moment) if moment else None


def view(ticket: Ticket) -> dict[str, Any] | None:
    """The stored clocks as consultants see them (as of the last change or escalation run)."""
    stored = ticket.sla
    if stored is None:
        return None
    return stored.as_dict() if hasattr(stored, "as_dict") else dict(stored)


def priority_of(ticket: Ticket) -> str:
    return ticket.priority or priorities.DEFAULT
