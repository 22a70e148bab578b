"""The clock events of a ticket's thread: which entries move the SLA clocks, and how.

Pure: it reads plain mappings shaped like the thread's entries (``kind``, ``created_at`` as ISO
text, and for events ``action``, ``to_status``, ``detail``), so it does not depend on the models.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from chalicelib.rules.sla import (
    CONSULTANT_REPLY,
    CREATED,
    CUSTOMER_MESSAGE,
    PRIORITY_CHANGED,
    STATUS_CHANGED,
    STATUSES,
    ClockEvent,
)

PRIORITY_ACTION = "priority_changed"  # the thread event a priority change writes; detail = the new priority


def from_thread(
    created_at: str | datetime, priority: str | None, entries: Iterable[Mapping[str, Any]]
) -> list[ClockEvent]:
    """Clock events from the ticket's creation (time, initial priority) and its thread entries.

    * ``message`` (the customer's, any channel) -> customer_message
    * ``reply`` (a consultant's answer to the customer) -> consultant_reply
    * ``event`` with a ``to_status`` -> status_changed (replied -> waiting, customer_replied -> open,
      reopened -> open, closed -> closed; merged -> closed: a merged duplicate stops its clocks)
    * ``event`` with action ``priority_changed`` -> priority_changed (``detail`` is the new priority)
    * anything else (notes, our automatic mail, unparsed or quarantined mail, assignment) and entries
      moved in by a merge (``merged_from`` set) -> nothing: they are not the customer waiting on us.
    """
    return [ClockEvent(CREATED, _moment(created_at), priority=priority), *entry_events(entries)]


def entry_events(entries: Iterable[Mapping[str, Any]]) -> list[ClockEvent]:
    """The clock events of some thread entries (as ``from_thread`` maps them), without the creation."""
    events: list[ClockEvent] = []
    for entry in entries:
        if entry.get("merged_from"):
            continue
        kind, at = entry.get("kind"), entry.get("created_at")
        if at is None:
            continue
        if kind == "message":
            events.append(ClockEvent(CUSTOMER_MESSAGE, _moment(at)))
        elif kind == "reply":
            events.append(ClockEvent(CONSULTANT_REPLY, _moment(at)))
        elif kind == "event" and entry.get("action") == PRIORITY_ACTION:
            events.append(ClockEvent(PRIORITY_CHANGED, _moment(at), priority=entry.get("detail")))
        elif kind == "event" and _clock_status(entry.get("to_status")) in STATUSES:
            events.append(ClockEvent(STATUS_CHANGED, _moment(at), status=_clock_status(entry["to_status"])))
    return events


def _clock_status(status: str | None) -> str | None:
    # A duplicate merged into another ticket stops its clocks as a closed one would: its
    # conversation (and the customer's waiting) goes on in the target, on the target's clocks.
    return "closed" if status == "merged" else status


def encode(event: ClockEvent) -> str:
    """One clock event as compact text (``<UTC time> <kind> [priority|status]``), as tickets store them."""
    value = event.priority if event.kind in (CREATED, PRIORITY_CHANGED) else event.status
    return " ".join(part for part in (event.at.isoformat(timespec="milliseconds"), event.kind, value) if part)


def decode(text: str) -> ClockEvent:
    """The inverse of ``encode``; ``ValueError`` for text it did not make."""
    at, kind, *rest = text.split(" ")
    value = rest[0] if rest else None
    if kind in (CREATED, PRIORITY_CHANGED):
        return ClockEvent(kind, _moment(at), priority=value)
    return ClockEvent(kind, _moment(at), status=value)


def _moment(value: str | datetime) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"thread time without a zone: {value!r}")
    return moment
