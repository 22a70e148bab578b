"""SLA clocks from a ticket's events. Expected instants are literals (UTC); Warsaw is UTC+1 until 29 March 2026."""

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.rules.calendar import BusinessCalendar
from chalicelib.rules.sla import ClockEvent, clocks
from chalicelib.rules.sla_policy import Policies, QueuePolicy, Targets, policies, policy_for

WARSAW = ZoneInfo("Europe/Warsaw")
OFFICE = BusinessCalendar()
NORMAL = Targets(first_response=240, next_response=120, resolution=960, warning=30)
URGENT = Targets(first_response=60, next_response=60, resolution=480, warning=15)
POLICY = QueuePolicy("test", {"niski": NORMAL, "normalny": NORMAL, "wysoki": NORMAL, "pilny": URGENT})


def warsaw(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=WARSAW)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def ev(kind: str, at: datetime, **fields) -> ClockEvent:
    return ClockEvent(kind, at, **fields)


def sla(events, now, policy=POLICY):
    return clocks(events, policy, OFFICE, now=now)


def test_filed_friday_1530_first_response_due_monday_1130():
    created = warsaw(2026, 3, 6, 15, 30)
    result = sla([ev("created", created, priority="normalny")], now=created)
    assert result.first_response_due == utc(2026, 3, 9, 10, 30)
    assert result.resolution_due == utc(2026, 3, 10, 14, 30)  # Tuesday 15:30 CET
    assert result.next_response_due is None and result.breaches == ()


@pytest.mark.parametrize("year", [2026, 2027])
def test_filed_30_april_1500_due_4_may_1100(year):
    created = warsaw(year, 4, 30, 15, 0)
    assert sla([ev("created", created)], now=created).first_response_due == utc(year, 5, 4, 9, 0)


def _answered_then_waiting(customer_back: datetime, wait: bool = True) -> list[ClockEvent]:
    replied = warsaw(2026, 3, 9, 10, 0)
    events = [ev("created", warsaw(2026, 3, 9, 9, 0)), ev("consultant_reply", replied)]
    if wait:
        events.append(ev("waiting_on_customer", replied))
    return [*events, ev("customer_message", customer_back)]


def test_two_working_days_waiting_on_the_customer_move_resolution_by_two_days():
    back = warsaw(2026, 3, 11, 10, 0)  # Wednesday, two working days after Monday 10:00
    assert sla(_answered_then_waiting(back, wait=False), now=back).resolution_due == utc(2026, 3, 11, 8, 0)
    waited = sla(_answered_then_waiting(back), now=back)
    assert waited.resolution_due == utc(2026, 3, 13, 8, 0)  # Friday 9:00 instead of Wednesday 9:00
    assert waited.next_response_due == utc(2026, 3, 11, 11, 0)  # the customer's reply starts it: 2 h
    assert waited.first_response_due is None and waited.breaches == ()


def test_while_waiting_the_clock_is_paused_not_due():
    during = sla(_answered_then_waiting(warsaw(2026, 3, 11, 10, 0)), now=utc(2026, 3, 10, 11, 0))
    assert during.resolution_due is None and during.pending == ()
    assert during.paused_since == utc(2026, 3, 9, 9, 0)
    assert dict(during.paused_remaining) == {"resolution": 900}


def test_waiting_over_a_weekend_moves_nothing():
    events = [ev("created", warsaw(2026, 3, 6, 9, 0)), ev("consultant_reply", warsaw(2026, 3, 6, 16, 0)),
              ev("waiting_on_customer", warsaw(2026, 3, 6, 16, 0)), ev("customer_message", warsaw(2026, 3, 9, 8, 0))]
    now = warsaw(2026, 3, 9, 8, 0)
    assert sla(events, now=now).resolution_due == utc(2026, 3, 10, 8, 0)
    assert sla([e for e in events if e.kind != "waiting_on_customer"], now=now).resolution_due == utc(2026, 3, 10, 8, 0)


def test_a_pause_and_a_resume_at_one_instant_lose_nothing():
    # Paused 10:00-12:00 Monday, with an empty running period at 11:00 (a message, then waiting again).
    events = [ev("created", warsaw(2026, 3, 9, 9, 0)), ev("consultant_reply", warsaw(2026, 3, 9, 10, 0)),
              ev("waiting_on_customer", warsaw(2026, 3, 9, 10, 0)), ev("customer_message", warsaw(2026, 3, 9, 11, 0)),
              ev("waiting_on_customer", warsaw(2026, 3, 9, 11, 0)), ev("customer_message", warsaw(2026, 3, 9, 12, 0))]
    assert sla(events, now=warsaw(2026, 3, 9, 12, 0)).resolution_due == utc(2026, 3, 11, 10, 0)


def _closed_then(event_kind: str) -> list[ClockEvent]:
    return [
        ev("created", warsaw(2026, 3, 9, 9, 0)), ev("consultant_reply", warsaw(2026, 3, 9, 10, 0)),
        ev("waiting_on_customer", warsaw(2026, 3, 9, 10, 0)), ev("closed", warsaw(2026, 3, 10, 9, 0)),
        ev(event_kind, warsaw(2026, 3, 12, 10, 0)),
    ]


@pytest.mark.parametrize("kind", ["customer_message", "reopened"])
def test_reopen_starts_next_response_and_a_new_resolution_cycle(kind):
    result = sla(_closed_then(kind), now=warsaw(2026, 3, 12, 10, 0))
    assert result.next_response_due == utc(2026, 3, 12, 11, 0)  # Thursday 12:00 CET
    assert result.resolution_due == utc(2026, 3, 16, 9, 0)  # 16 h from Thursday 10:00: Monday 10:00 CET
    assert result.first_response_due is None and result.breaches == ()


def test_customer_message_and_reopen_event_at_one_instant_count_once():
    events = [*_closed_then("customer_message"), ev("status_changed", warsaw(2026, 3, 12, 10, 0), status="open")]
    assert sla(events, now=warsaw(2026, 3, 12, 10, 0)) == sla(_closed_then("reopened"), now=warsaw(2026, 3, 12, 10, 0))


def test_closed_stops_everything():
    events = [ev("created", warsaw(2026, 3, 9, 9, 0)), ev("closed", warsaw(2026, 3, 9, 9, 30))]
    result = sla(events, now=utc(2026, 3, 20, 12, 0))
    assert result.pending == () and result.breaches == ()
    assert (result.first_response_due, result.next_response_due, result.resolution_due) == (None, None, None)


def test_closed_after_a_missed_first_response_keeps_the_breach_unmet():
    events = [ev("created", warsaw(2026, 3, 9, 9, 0)), ev("status_changed", warsaw(2026, 3, 10, 9, 0), status="closed")]
    result = sla(events, now=utc(2026, 3, 20, 12, 0))
    assert [(b.kind, b.due, b.met_at) for b in result.breaches] == [("first_response", utc(2026, 3, 9, 12, 0), None)]


def test_priority_change_recomputes_open_targets_from_creation():
    events = [ev("created", warsaw(2026, 3, 9, 9, 0), priority="normal"),
              ev("priority_changed", warsaw(2026, 3, 9, 9, 30), priority="urgent")]
    result = sla(events, now=warsaw(2026, 3, 9, 9, 30))
    assert result.priority == "pilny"
    assert result.first_response_due == utc(2026, 3, 9, 9, 0)  # 1 h from 9:00, not from 9:30
    assert result.resolution_due == utc(2026, 3, 10, 8, 0)


def test_priority_change_does_not_rewrite_a_finished_target():
    # Answered at 11:00: on time for normalny (due 13:00), late for pilny (due 10:00), raised only at 12:00.
    events = [ev("created", warsaw(2026, 3, 9, 9, 0)), ev("consultant_reply", warsaw(2026, 3, 9, 11, 0)),
              ev("priority_changed", warsaw(2026, 3, 9, 12, 0), priority="pilny")]
    result = sla(events, now=warsaw(2026, 3, 9, 12, 0))
    assert result.breaches == () and result.resolution_due == utc(2026, 3, 10, 8, 0)


def test_breach_when_answered_late_and_when_still_missing_at_now():
    created = ev("created", warsaw(2026, 3, 9, 9, 0))
    late = sla([created, ev("consultant_reply", warsaw(2026, 3, 9, 14, 0))], now=warsaw(2026, 3, 9, 14, 0))
    assert [(b.kind, b.due, b.met_at) for b in late.breaches] == [
        ("first_response", utc(2026, 3, 9, 12, 0), utc(2026, 3, 9, 13, 0))
    ]
    on_time = sla([created, ev("consultant_reply", utc(2026, 3, 9, 12, 0))], now=utc(2026, 3, 9, 12, 0))
    assert on_time.breaches == ()
    missing = sla([created], now=utc(2026, 3, 9, 12, 0))
    assert [(b.kind, b.due, b.met_at) for b in missing.breaches] == [("first_response", utc(2026, 3, 9, 12, 0), None)]
    assert sla([created], now=utc(2026, 3, 9, 11, 59)).breaches == ()


def test_warnings_next_check_and_alerts():
    created = ev("created", warsaw(2026, 3, 9, 9, 0))
    early = sla([created], now=utc(2026, 3, 9, 10, 0))
    assert [(p.kind, p.due, p.warn_at) for p in early.pending] == [
        ("first_response", utc(2026, 3, 9, 12, 0), utc(2026, 3, 9, 11, 30)),
        ("resolution", utc(2026, 3, 11, 8, 0), utc(2026, 3, 11, 7, 30)),
    ]
    assert early.next_check == utc(2026, 3, 9, 11, 30) and early.alerts() == []
    warned = sla([created], now=utc(2026, 3, 9, 11, 45))
    assert [(level, p.kind) for level, p in warned.alerts()] == [("warning", "first_response")]
    assert warned.next_check == utc(2026, 3, 9, 12, 0)
    breached = sla([created], now=utc(2026, 3, 9, 12, 10))
    assert [(level, p.kind) for level, p in breached.alerts()] == [("breach", "first_response")]
    assert breached.next_check == utc(2026, 3, 11, 7, 30) and breached.earliest_due == utc(2026, 3, 9, 12, 0)


def test_warning_lead_is_business_time_across_a_weekend():
    short = Targets(first_response=30, next_response=30, resolution=60, warning=25)
    policy = QueuePolicy("short", dict.fromkeys(("niski", "normalny", "wysoki", "pilny"), short))
    result = sla([ev("created", warsaw(2026, 3, 6, 15, 50))], now=warsaw(2026, 3, 6, 15, 50), policy=policy)
    first = result.pending[0]
    assert (first.due, first.warn_at) == (utc(2026, 3, 9, 7, 20), utc(2026, 3, 6, 14, 55))  # Mon 8:20, Fri 15:55


def test_stored_shape():
    events = [ev("created", warsaw(2026, 3, 9, 9, 0), priority="wysoki"),
              ev("consultant_reply", warsaw(2026, 3, 9, 14, 0)), ev("waiting_on_customer", warsaw(2026, 3, 9, 14, 0)),
              ev("customer_message", warsaw(2026, 3, 10, 9, 0))]
    stored = sla(events, now=warsaw(2026, 3, 10, 9, 0)).as_dict()
    assert stored == {
        "priority": "wysoki",
        "first_response_due": None,
        "next_response_due": "2026-03-10T10:00:00.000+00:00",
        "resolution_due": "2026-03-11T11:00:00.000+00:00",
        "warn_at": {"next_response": "2026-03-10T09:30:00.000+00:00", "resolution": "2026-03-11T10:30:00.000+00:00"},
        "earliest_due": "2026-03-10T10:00:00.000+00:00",
        "next_check": "2026-03-10T09:30:00.000+00:00",
        "paused_since": None,
        "paused_remaining": {},
        "breaches": [{"kind": "first_response", "due": "2026-03-09T12:00:00.000+00:00",
                      "met_at": "2026-03-09T13:00:00.000+00:00"}],
        "computed_at": "2026-03-10T08:00:00.000+00:00",
    }
    assert json.loads(json.dumps(stored)) == stored


def test_events_after_now_are_ignored_so_the_past_can_be_replayed():
    events = _answered_then_waiting(warsaw(2026, 3, 11, 10, 0))
    then = utc(2026, 3, 9, 8, 30)
    assert sla(events, now=then) == sla(events[:1], now=then)
    assert sla(events, now=then).first_response_due == utc(2026, 3, 9, 12, 0)


@pytest.mark.parametrize(
    "make",
    [
        lambda: ClockEvent("bogus", utc(2026, 1, 1)),
        lambda: ClockEvent("created", datetime(2026, 1, 1)),
        lambda: ClockEvent("status_changed", utc(2026, 1, 1)),
        lambda: ClockEvent("priority_changed", utc(2026, 1, 1), priority="asap"),
        lambda: ClockEvent("priority_changed", utc(2026, 1, 1)),
        lambda: clocks([ClockEvent("closed", utc(2026, 1, 1))], POLICY, OFFICE, now=utc(2026, 1, 2)),
        lambda: clocks([ClockEvent("created", utc(2026, 1, 1))], POLICY, OFFICE, now=datetime(2026, 1, 2)),
    ],
)
def test_bad_input_is_a_value_error(make):
    with pytest.raises(ValueError):
        make()


def test_created_without_priority_is_normal():
    assert ClockEvent("created", utc(2026, 1, 1)).priority == "normalny"


def test_policies_from_the_data_file():
    assert policy_for("lex").targets("normalny") == Targets(480, 480, 2400, 60)
    assert policy_for(None) is policies().default
    assert policy_for("triage").targets("normal") == Targets(240, 480, 2400, 60)
    assert policy_for("triage").targets("wysoki") == Targets(120, 240, 960, 30)
    assert policy_for("triage").targets("pilny") == Targets(60, 60, 480, 15)


@pytest.mark.parametrize(
    "config, message",
    [
        ({"default": {"niski": {}}}, "lacks priorities"),
        ({"default": dict.fromkeys(("niski", "normalny", "wysoki", "pilny"), NORMAL.__dict__),
          "queues": {"lex": {"asap": {}}}}, "unknown priorities"),
        ({"default": dict.fromkeys(("niski", "normalny", "wysoki", "pilny"), {**NORMAL.__dict__, "speed": 1})},
         "speed"),
        ({"default": dict.fromkeys(("niski", "normalny", "wysoki", "pilny"), {**NORMAL.__dict__, "resolution": 0})},
         "positive"),
    ],
)
def test_bad_policies_are_refused(config, message):
    with pytest.raises(ValueError, match=message):
        Policies.from_config(config)


KINDS = ["consultant_reply", "customer_message", "waiting_on_customer", "closed", "reopened", "priority_changed",
         "status_changed"]
event_specs = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 30 * 24 * 60), st.sampled_from(["niski", "wysoki", "pilny"]),
              st.sampled_from(["new", "open", "waiting", "closed"])),
    max_size=12,
)


def _events(start: datetime, specs) -> list[ClockEvent]:
    events = [ClockEvent("created", start, priority="normalny")]
    for kind, minutes, priority, status in specs:
        events.append(ClockEvent(kind, start + timedelta(minutes=minutes),
                                 priority=priority if kind == "priority_changed" else None,
                                 status=status if kind == "status_changed" else None))
    return events


@settings(max_examples=150, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)),
    specs=event_specs,
    order=st.randoms(use_true_random=False),
    horizon=st.integers(0, 40 * 24 * 60),
)
def test_same_events_give_the_same_clocks_in_any_order(start, specs, order, horizon):
    events = _events(start, specs)
    now = start + timedelta(minutes=horizon)
    first = sla(events, now=now)
    shuffled = list(events)
    order.shuffle(shuffled)
    assert sla(events, now=now) == first == sla(shuffled, now=now)
    assert json.loads(json.dumps(first.as_dict())) == first.as_dict()
    for pending in first.pending:
        assert start <= pending.warn_at <= pending.due
    for breach in first.breaches:
        assert breach.due <= now and (breach.met_at is None or breach.met_at > breach.due)
