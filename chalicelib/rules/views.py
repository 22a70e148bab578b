"""The consultant's views of the queue, pure: which tickets each holds, and where a ticket is placed.

A ticket carries two placement attributes that the views' indexes are keyed on, so every view is
one Query whose key alone selects its tickets (no filter: a page is always full):

* ``desk``: while the ticket is new or open, ``u#<user id>`` of its consultant, or ``q#<queue>``
  when nobody has it ("Moje" and "Nieprzypisane");
* ``active``: the constant ``open`` while the ticket is new or open ("Wszystkie otwarte", and
  "Po terminie" as the part of it whose earliest due time has passed).

Waiting and closed tickets carry neither; their views read the status index. Counters per place
(``counter_names``) move in the same transaction as the ticket, so counts are one read, not a count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

NEW, OPEN, WAITING, CLOSED = "new", "open", "waiting", "closed"
RUNNING = (NEW, OPEN)
ACTIVE = "open"

MINE, UNASSIGNED, ALL_OPEN, WAITING_VIEW, CLOSED_VIEW, OVERDUE = (
    "mine", "unassigned", "open", "waiting", "closed", "overdue",
)
DUE, UPDATED = "due", "updated"


@dataclass(frozen=True)
class View:
    name: str
    labels: dict[str, str]
    sorts: tuple[str, ...]  # the first is the default

    @property
    def default_sort(self) -> str:
        return self.sorts[0]


VIEWS: tuple[View, ...] = (
    View(MINE, {"pl": "Moje", "en": "Mine"}, (DUE, UPDATED)),
    View(UNASSIGNED, {"pl": "Nieprzypisane", "en": "Unassigned"}, (DUE, UPDATED)),
    View(ALL_OPEN, {"pl": "Wszystkie otwarte", "en": "All open"}, (DUE, UPDATED)),
    # Paused clocks have no due time, closed ones none at all: these two sort by the last change only.
    View(WAITING_VIEW, {"pl": "Czeka na klienta", "en": "Waiting for the customer"}, (UPDATED,)),
    View(CLOSED_VIEW, {"pl": "Zamknięte", "en": "Closed"}, (UPDATED,)),
    # "Overdue" is a range of the due-time key (earliest_due < now), so it is ordered by that key.
    View(OVERDUE, {"pl": "Po terminie", "en": "Overdue"}, (DUE,)),
)
BY_NAME = {view.name: view for view in VIEWS}


def view(name: str | None) -> View:
    """The view called ``name``; ``ValueError`` names the ones there are."""
    if name not in BY_NAME:
        raise ValueError(f"one of {', '.join(BY_NAME)}")
    return BY_NAME[name]  # type: ignore[index]


def sort_of(chosen: View, sort: str | None) -> str:
    if sort is None:
        return chosen.default_sort
    if sort not in chosen.sorts:
        raise ValueError(f"this view sorts by {' or '.join(chosen.sorts)}")
    return sort


@dataclass(frozen=True)
class Place:
    """Where a ticket stands, as far as the views care."""

    status: str
    assignee: str | None
    queue: str

    @property
    def desk(self) -> str | None:
        if self.status not in RUNNING:
            return None
        return f"u#{self.assignee}" if self.assignee else f"q#{self.queue}"

    @property
    def active(self) -> str | None:
        return ACTIVE if self.status in RUNNING else None


def desk_of_consultant(user_id: str) -> str:
    return f"u#{user_id}"


def desk_of_queue(queue: str) -> str:
    return f"q#{queue}"


def counter_names(place: Place | None) -> list[str]:
    """The view counters a ticket in ``place`` counts in (none for a ticket not yet filed)."""
    if place is None:
        return []
    if place.status in RUNNING:
        return [f"view#active#{ACTIVE}", f"view#desk#{place.desk}"]
    return [f"view#status#{place.status}"]


def counter_moves(before: Place | None, after: Place | None) -> dict[str, int]:
    """Counter name -> +1/-1 for a ticket moving from ``before`` to ``after``; nothing when it stays."""
    moves: Counter[str] = Counter()
    for name in counter_names(before):
        moves[name] -= 1
    for name in counter_names(after):
        moves[name] += 1
    return {name: delta for name, delta in sorted(moves.items()) if delta}


def status_counter(status: str) -> str:
    return f"view#status#{status}"


def active_counter() -> str:
    return f"view#active#{ACTIVE}"


def desk_counter(desk: str) -> str:
    return f"view#desk#{desk}"
