"""Thread entries -> clock events -> due times, for the shapes the thread stores."""

from datetime import UTC, datetime

import pytest

from chalicelib.rules.calendar import BusinessCalendar
from chalicelib.rules.sla import ClockEvent, clocks
from chalicelib.rules.sla_events import from_thread
from chalicelib.rules.sla_policy import QueuePolicy, Targets

TARGETS = Targets(first_response=240, next_response=120, resolution=960, warning=30)
POLICY = QueuePolicy("test", dict.fromkeys(("niski", "normalny", "wysoki", "pilny"), TARGETS))

# Monday 9 March 2026, Warsaw is UTC+1: filed 9:00, answered 10:00, the customer back Wednesday 10:00.
THREAD = [
    {"kind": "message", "created_at": "2026-03-09T08:00:00.000+00:00", "author_role": "customer"},
    {"kind": "mail", "created_at": "2026-03-09T08:00:01.000+00:00", "action": "acknowledgement"},
    {"kind": "note", "created_at": "2026-03-09T08:30:00.000+00:00"},
    {"kind": "event", "created_at": "2026-03-09T08:40:00.000+00:00", "action": "assigned", "detail": "k@example.com"},
    {"kind": "reply", "created_at": "2026-03-09T09:00:00.000+00:00", "author_role": "consultant"},
    {"kind": "event", "created_at": "2026-03-09T09:00:00.010+00:00", "action": "replied", "from_status": "new",
     "to_status": "waiting"},
    {"kind": "message", "created_at": "2026-03-11T09:00:00.000+00:00", "author_role": "customer"},
    {"kind": "event", "created_at": "2026-03-11T09:00:00.010+00:00", "action": "customer_replied",
     "from_status": "waiting", "to_status": "open"},
    {"kind": "message", "created_at": "2026-03-11T09:30:00.000+00:00", "merged_from": "2026-000124-6"},
]


def test_thread_kinds_map_to_clock_events():
    events = from_thread("2026-03-09T08:00:00.000+00:00", "wysoki", THREAD)
    assert [(e.kind, e.at, e.priority, e.status) for e in events] == [
        ("created", datetime(2026, 3, 9, 8, tzinfo=UTC), "wysoki", None),
        ("customer_message", datetime(2026, 3, 9, 8, tzinfo=UTC), None, None),
        ("consultant_reply", datetime(2026, 3, 9, 9, tzinfo=UTC), None, None),
        ("status_changed", datetime(2026, 3, 9, 9, 0, 0, 10_000, tzinfo=UTC), None, "waiting"),
        ("customer_message", datetime(2026, 3, 11, 9, tzinfo=UTC), None, None),
        ("status_changed", datetime(2026, 3, 11, 9, 0, 0, 10_000, tzinfo=UTC), None, "open"),
    ]


def test_thread_gives_the_due_times():
    events = from_thread("2026-03-09T08:00:00.000+00:00", None, THREAD)
    result = clocks(events, POLICY, BusinessCalendar(), now=datetime(2026, 3, 11, 9, 30, tzinfo=UTC))
    # The customer's message resumes the clocks at its own time, 10 ms before its status event.
    assert result.next_response_due == datetime(2026, 3, 11, 11, 0, tzinfo=UTC)
    # Paused from the "replied" event (10 ms after the reply) to the message: 10 ms less than two days.
    assert result.resolution_due == datetime(2026, 3, 13, 7, 59, 59, 990_000, tzinfo=UTC)
    assert result.breaches == () and result.priority == "normalny"


def test_priority_event_and_bad_times():
    entry = {"kind": "event", "created_at": "2026-03-09T08:10:00+00:00", "action": "priority_changed", "detail": "high"}
    assert from_thread("2026-03-09T08:00:00+00:00", "niski", [entry])[1] == ClockEvent(
        "priority_changed", datetime(2026, 3, 9, 8, 10, tzinfo=UTC), priority="wysoki"
    )
    with pytest.raises(ValueError, match="zone"):
        from_thread("2026-03-09T08:00:00", None, [])
