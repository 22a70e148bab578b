"""SLA clocks: due times and breaches computed from a ticket's events, pure and replayable.

Three targets, each measured in business minutes of the calendar:

* first response: from creation to the first consultant reply;
* next response: from a customer message (once the first response was given) or a reopen, to the
  next consultant reply;
* resolution: from creation, or from each reopen, to the close.

Clocks run only while the ticket is new or open: waiting on the customer pauses them and the
customer's reply resumes them; closing ends every cycle (an unanswered one is dropped, not met).
A priority change recomputes open cycles as if the new priority had held since their start;
finished cycles keep the priority they finished under, so history is never rewritten.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.rules import priority as priorities
from chalicelib.rules.calendar import BusinessCalendar, default_calendar
from chalicelib.rules.sla_policy import FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION, TARGETS, QueuePolicy

CREATED, PRIORITY_CHANGED = "created", "priority_changed"
CUSTOMER_MESSAGE, CONSULTANT_REPLY = "customer_message", "consultant_reply"
STATUS_CHANGED, WAITING_ON_CUSTOMER, CLOSED, REOPENED = "status_changed", "waiting_on_customer", "closed", "reopened"
# Ties at one instant are ordered by kind, so the result never depends on the order of the input list.
_RANK = {CREATED: 0, PRIORITY_CHANGED: 1, CUSTOMER_MESSAGE: 2, CONSULTANT_REPLY: 3, STATUS_CHANGED: 4,
         WAITING_ON_CUSTOMER: 4, REOPENED: 4, CLOSED: 5}
_SHORTHAND = {WAITING_ON_CUSTOMER: "waiting", CLOSED: "closed", REOPENED: "open"}
RUNNING_STATUSES = ("new", "open")
STATUSES = ("new", "open", "waiting", "closed")


@dataclass(frozen=True)
class ClockEvent:
    """One thing that happened to a ticket, as the clocks see it.

    ``priority`` goes on ``created`` (the initial one; default normalny) and ``priority_changed``;
    ``status`` (new|open|waiting|closed) on ``status_changed``. ``waiting_on_customer``, ``closed``
    and ``reopened`` are shorthands for a status change to waiting, closed and open.
    """

    kind: str
    at: datetime
    priority: str | None = None
    status: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in _RANK:
            raise ValueError(f"unknown clock event kind {self.kind!r}")
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError(f"clock event {self.kind} needs an aware datetime")
        object.__setattr__(self, "at", self.at.astimezone(UTC))  # one zone, so results never carry the caller's
        if self.kind == CREATED and self.priority is None:
            object.__setattr__(self, "priority", priorities.DEFAULT)  # tickets filed before priorities existed
        elif self.kind in (CREATED, PRIORITY_CHANGED):
            object.__setattr__(self, "priority", priorities.parse(self.priority))
        if self.kind == STATUS_CHANGED and self.status not in STATUSES:
            raise ValueError(f"status_changed needs a status in {STATUSES}, not {self.status!r}")

    def sort_key(self) -> tuple[datetime, int, str, str, str]:
        # Every field takes part, so equal keys mean equal events and any input order replays alike.
        return self.at, _RANK[self.kind], self.kind, self.priority or "", self.status or ""


@dataclass(frozen=True)
class Pending:
    """A target still open: when it is due, and when to warn about it."""

    kind: str
    due: datetime
    warn_at: datetime


@dataclass(frozen=True)
class Breach:
    """A due time missed: answered late (``met_at``), still unanswered, or dropped at a close (None)."""

    kind: str
    due: datetime
    met_at: datetime | None


@dataclass(frozen=True)
class Sla:
    priority: str
    computed_at: datetime
    pending: tuple[Pending, ...] = ()
    breaches: tuple[Breach, ...] = ()
    paused_since: datetime | None = None
    paused_remaining: tuple[tuple[str, int], ...] = ()  # (target, business minutes left) of paused clocks

    def due(self, kind: str) -> datetime | None:
        return next((p.due for p in self.pending if p.kind == kind), None)

    @property
    def first_response_due(self) -> datetime | None:
        return self.due(FIRST_RESPONSE)

    @property
    def next_response_due(self) -> datetime | None:
        return self.due(NEXT_RESPONSE)

    @property
    def resolution_due(self) -> datetime | None:
        return self.due(RESOLUTION)

    @property
    def earliest_due(self) -> datetime | None:
        """The nearest due time, overdue ones included: the sort key of a queue view."""
        return min((p.due for p in self.pending), default=None)

    @property
    def next_check(self) -> datetime | None:
        """The next warning or due time still ahead: the key the escalation job's index reads."""
        ahead = [t for p in self.pending for t in (p.warn_at, p.due) if t > self.computed_at]
        return min(ahead, default=None)

    def alerts(self) -> list[tuple[str, Pending]]:
        """``("breach"|"warning", target)`` reached at ``computed_at``; only the higher level per target."""
        reached = [("breach" if self.computed_at >= p.due else "warning", p) for p in self.pending]
        return [(level, p) for level, p in reached if level == "breach" or self.computed_at >= p.warn_at]

    def as_dict(self) -> dict[str, Any]:
        """The shape stored on the ticket: timestamps as sortable UTC ISO text, None when absent."""
        return {
            "priority": self.priority,
            **{f"{kind}_due": _iso(self.due(kind)) for kind in TARGETS},
            "warn_at": {p.kind: _iso(p.warn_at) for p in self.pending},
            "earliest_due": _iso(self.earliest_due),
            "next_check": _iso(self.next_check),
            "paused_since": _iso(self.paused_since),
            "paused_remaining": dict(self.paused_remaining),
            "breaches": [{"kind": b.kind, "due": _iso(b.due), "met_at": _iso(b.met_at)} for b in self.breaches],
            "computed_at": _iso(self.computed_at),
        }


@dataclass
class _Cycle:
    kind: str
    start: datetime
    end: datetime | None = None
    met: bool = False
    priority: str | None = None  # fixed when the cycle ends; open cycles take the latest priority


def clocks(
    events: Iterable[ClockEvent], policy: QueuePolicy, calendar: BusinessCalendar | None = None, *, now: datetime
) -> Sla:
    """The ticket's SLA as of ``now``; events after ``now`` are ignored, so any past moment can be replayed."""
    cal = calendar or default_calendar()
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    ordered = sorted((e for e in events if e.at <= now), key=ClockEvent.sort_key)
    created = next((e for e in ordered if e.kind == CREATED), None)
    if created is None:
        raise ValueError("the events have no 'created' event (or it is after now)")
    state = _Replay(created)
    for event in ordered:
        if event.at >= created.at and event is not created:
            state.apply(event)
    timeline = _Timeline(state.running_periods(), cal)
    pending: list[Pending] = []
    breaches: list[Breach] = []
    remaining: list[tuple[str, int]] = []
    for cycle in state.cycles:
        targets = policy.targets(cycle.priority or state.priority)
        budget = timedelta(minutes=getattr(targets, cycle.kind))
        due, left = timeline.due(cycle.start, budget, until=cycle.end)
        if cycle.end is None and due is None:
            remaining.append((cycle.kind, int(left.total_seconds() // 60)))
        elif cycle.end is None and due is not None:
            warn_at = max(cal.add(due, -timedelta(minutes=targets.warning)), cycle.start)
            pending.append(Pending(cycle.kind, due, warn_at))
            if now >= due:
                breaches.append(Breach(cycle.kind, due, None))
        elif due is not None and cycle.end is not None and due < cycle.end:
            breaches.append(Breach(cycle.kind, due, cycle.end if cycle.met else None))
    return Sla(
        priority=state.priority,
        computed_at=now.astimezone(UTC),
        pending=tuple(sorted(pending, key=lambda p: (p.due, p.kind))),
        breaches=tuple(sorted(breaches, key=lambda b: (b.due, b.kind))),
        paused_since=state.paused_since if state.status not in RUNNING_STATUSES else None,
        paused_remaining=tuple(sorted(remaining)),
    )


class _Replay:
    """The ticket's status, pauses and target cycles, advanced one event at a time."""

    def __init__(self, created: ClockEvent) -> None:
        self.priority: str = created.priority or priorities.DEFAULT
        self.status = "new"
        self.paused: list[tuple[datetime, datetime | None]] = []
        self.paused_since: datetime | None = None
        self.cycles: list[_Cycle] = []
        self.open: dict[str, _Cycle] = {}  # at most one running cycle per target
        self.start(FIRST_RESPONSE, created.at)
        self.start(RESOLUTION, created.at)

    def finish(self, kind: str, at: datetime, met: bool) -> None:
        cycle = self.open.pop(kind, None)
        if cycle is not None:
            cycle.end, cycle.met, cycle.priority = at, met, self.priority

    def start(self, kind: str, at: datetime) -> None:
        if kind not in self.open:
            self.open[kind] = _Cycle(kind, at)
            self.cycles.append(self.open[kind])

    def apply(self, event: ClockEvent) -> None:
        if event.kind == PRIORITY_CHANGED:
            self.priority = event.priority or self.priority
        elif event.kind == CONSULTANT_REPLY:
            self.finish(FIRST_RESPONSE, event.at, met=True)
            self.finish(NEXT_RESPONSE, event.at, met=True)
        elif event.kind == CUSTOMER_MESSAGE:
            # A customer writing reopens a closed ticket and ends a wait, as the workflow does.
            self.set_status("open" if self.status in ("waiting", "closed") else self.status, event.at)
            if FIRST_RESPONSE not in self.open:
                self.start(NEXT_RESPONSE, event.at)
        else:
            self.set_status(event.status if event.kind == STATUS_CHANGED else _SHORTHAND[event.kind], event.at)

    def set_status(self, status: str | None, at: datetime) -> None:
        old, self.status = self.status, status or self.status
        if old == self.status:
            return
        if self.status == "closed":
            self.finish(FIRST_RESPONSE, at, met=False)
            self.finish(NEXT_RESPONSE, at, met=False)
            self.finish(RESOLUTION, at, met=True)
        elif old == "closed":
            self.start(RESOLUTION, at)
            if self.status in RUNNING_STATUSES:
                self.start(NEXT_RESPONSE, at)
        running_before, running_now = old in RUNNING_STATUSES, self.status in RUNNING_STATUSES
        if running_before and not running_now:
            self.paused_since = at
        elif running_now and not running_before and self.paused_since is not None:
            self.paused.append((self.paused_since, at))
            self.paused_since = None

    def running_periods(self) -> list[tuple[datetime, datetime | None]]:
        """Where the clocks ran: from creation, between the pauses, open-ended unless paused now."""
        periods: list[tuple[datetime, datetime | None]] = []
        begin = self.cycles[0].start
        for pause_start, pause_end in self.paused:
            periods.append((begin, pause_start))
            begin = pause_end or begin
        periods.append((begin, self.paused_since if self.status not in RUNNING_STATUSES else None))
        return periods


class _Timeline:
    """The periods in which the clocks ran, and when a budget of business time runs out in them."""

    def __init__(self, running: list[tuple[datetime, datetime | None]], cal: BusinessCalendar) -> None:
        self.running, self.cal = running, cal
        # Only the last period can be open-ended; the ends of the others let a cycle skip to its start.
        self.ends = [end for _, end in running if end is not None]

    def due(self, start: datetime, budget: timedelta, until: datetime | None) -> tuple[datetime | None, timedelta]:
        """When ``budget`` of running time since ``start`` is used up, looking no further than ``until``.

        None (with what is left) when it is not used up by then or the clocks are paused: a cycle that
        ended before its due time cannot be late, so there is no need to know that time.
        """
        for begin, end in self.running[bisect_right(self.ends, start) :]:
            begin = max(begin, start)
            if until is not None and begin >= until:
                break
            stop = end if until is None or (end is not None and end < until) else until
            if stop is None:
                return self.cal.add(begin, budget), timedelta(0)
            used = self.cal.between(begin, stop)
            if budget <= used:
                return self.cal.add(begin, budget), timedelta(0)
            budget -= used
        return None, budget


def _iso(moment: datetime | None) -> str | None:
    # Same text form as the rest of the tables (core clock): UTC, milliseconds, sortable.
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="milliseconds")
