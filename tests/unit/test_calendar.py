"""Business calendar: Warsaw office hours, Polish holidays, DST. Expected instants are literals (UTC)."""

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.rules.calendar import (
    BusinessCalendar,
    add_business_minutes,
    business_minutes_between,
    default_calendar,
    holidays_in,
)

WARSAW = ZoneInfo("Europe/Warsaw")
OFFICE = BusinessCalendar()
# A night desk, configured the way the data file spells it, to see a working night cross a DST change.
NIGHTS = BusinessCalendar.from_config(
    {"timezone": "Europe/Warsaw", "holidays": None, "hours": {d: ["00:00-06:00", "22:00-24:00"] for d in
                                                             ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}}
)


def warsaw(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=WARSAW)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_friday_afternoon_rolls_over_the_weekend():
    # Friday 6 March 2026 15:30 + 4 h: 30 min on Friday, 3.5 h on Monday -> Monday 11:30 CET.
    assert OFFICE.add_business_minutes(warsaw(2026, 3, 6, 15, 30), 240) == utc(2026, 3, 9, 10, 30)


@pytest.mark.parametrize("year", [2026, 2027])
def test_may_holidays_and_weekend(year):
    # 2026: 1 May Friday (holiday), 2-3 weekend (3rd a holiday). 2027: 1-2 weekend, 3 May Monday (holiday).
    # Either way 1 h on 30 April and 3 h on 4 May: 11:00 CEST.
    assert OFFICE.add_business_minutes(warsaw(year, 4, 30, 15, 0), 240) == utc(year, 5, 4, 9, 0)


def test_march_dst_weekend_between_office_days():
    # Friday 27 March 2026 15:00 CET (UTC+1) + 2 h -> Monday 30 March 9:00 CEST (UTC+2).
    assert OFFICE.add_business_minutes(warsaw(2026, 3, 27, 15, 0), 120) == utc(2026, 3, 30, 7, 0)
    assert OFFICE.business_minutes_between(utc(2026, 3, 27, 14, 0), utc(2026, 3, 30, 7, 0)) == 120


def test_working_night_across_march_dst_change_is_seven_hours():
    # 28/29 March 2026: clocks jump 2:00 -> 3:00, so 22:00 CET to 06:00 CEST is 7 real hours.
    assert NIGHTS.business_minutes_between(utc(2026, 3, 28, 21, 0), utc(2026, 3, 29, 4, 0)) == 420
    # 8 h from 22:00 CET: 7 h that night, the last hour from 22:00 CEST on Sunday -> 23:00 CEST.
    assert NIGHTS.add_business_minutes(utc(2026, 3, 28, 21, 0), 480) == utc(2026, 3, 29, 21, 0)


def test_working_night_across_october_dst_change_is_nine_hours():
    # 24/25 October 2026: clocks go back 3:00 -> 2:00, so 22:00 CEST to 06:00 CET is 9 real hours.
    assert NIGHTS.business_minutes_between(utc(2026, 10, 24, 20, 0), utc(2026, 10, 25, 5, 0)) == 540
    assert NIGHTS.add_business_minutes(utc(2026, 10, 24, 20, 0), 480) == utc(2026, 10, 25, 4, 0)


def test_easter_monday_2027():
    # Easter 2027 is 28 March (also the DST change); Monday 29 March is a holiday.
    assert OFFICE.add_business_minutes(warsaw(2027, 3, 26, 15, 0), 120) == utc(2027, 3, 30, 7, 0)
    assert OFFICE.working_intervals(date(2027, 3, 29)) == ()


def test_corpus_christi_2026():
    # Thursday 4 June 2026.
    assert OFFICE.add_business_minutes(warsaw(2026, 6, 3, 15, 0), 120) == utc(2026, 6, 5, 7, 0)


def test_christmas_eve_is_a_holiday_from_2025_on():
    # 2025: 24-26 December off, then the weekend -> Monday 29th 9:00 CET.
    assert OFFICE.add_business_minutes(warsaw(2025, 12, 23, 15, 0), 120) == utc(2025, 12, 29, 8, 0)
    # 2024: 24 December was a working day.
    assert OFFICE.add_business_minutes(warsaw(2024, 12, 23, 15, 0), 120) == utc(2024, 12, 24, 8, 0)
    assert OFFICE.is_holiday(date(2025, 12, 24)) and not OFFICE.is_holiday(date(2024, 12, 24))


def test_holidays_of_a_year():
    assert holidays_in(2027, OFFICE) == [
        date(2027, 1, 1), date(2027, 1, 6), date(2027, 3, 28), date(2027, 3, 29), date(2027, 5, 1),
        date(2027, 5, 3), date(2027, 5, 16), date(2027, 5, 27), date(2027, 8, 15), date(2027, 11, 1),
        date(2027, 11, 11), date(2027, 12, 24), date(2027, 12, 25), date(2027, 12, 26),
    ]


def test_extra_holiday_from_config():
    calendar = BusinessCalendar.from_config({"hours": {"mon": ["08:00-16:00"]}, "extra_holidays": ["2026-03-09"]})
    # Monday 9 March is off and no other weekday works: the next working time is Monday 16 March.
    assert calendar.add_business_minutes(warsaw(2026, 3, 6, 12, 0), 60) == utc(2026, 3, 16, 8, 0)


def test_start_outside_hours_and_exact_end_of_day():
    assert OFFICE.add_business_minutes(warsaw(2026, 3, 7, 10, 0), 60) == utc(2026, 3, 9, 8, 0)  # Saturday
    assert OFFICE.add_business_minutes(warsaw(2026, 3, 9, 6, 0), 60) == utc(2026, 3, 9, 8, 0)  # before 8:00
    # Exactly used up at 16:00 on Friday: due then, not on Monday morning.
    assert OFFICE.add_business_minutes(warsaw(2026, 3, 6, 15, 30), 30) == utc(2026, 3, 6, 15, 0)


def test_negative_minutes_go_back_in_business_time():
    assert OFFICE.add_business_minutes(warsaw(2026, 3, 9, 8, 30), -60) == utc(2026, 3, 6, 14, 30)


def test_between_is_signed_and_zero_is_identity():
    assert OFFICE.business_minutes_between(utc(2026, 3, 9, 10, 30), utc(2026, 3, 6, 14, 30)) == -240
    assert OFFICE.add_business_minutes(warsaw(2026, 3, 7, 10, 0), 0) == utc(2026, 3, 7, 9, 0)


def test_results_are_utc_and_naive_input_is_refused():
    assert OFFICE.add_business_minutes(warsaw(2026, 3, 9, 9, 0), 1).tzinfo is UTC
    with pytest.raises(ValueError, match="aware"):
        OFFICE.add_business_minutes(datetime(2026, 3, 9, 9, 0), 60)
    with pytest.raises(ValueError, match="aware"):
        OFFICE.business_minutes_between(datetime(2026, 3, 9, 9, 0), utc(2026, 3, 9, 9, 0))


def test_data_file_calendar_is_warsaw_office_hours():
    calendar = default_calendar()
    assert calendar.timezone == "Europe/Warsaw" and calendar.country == "PL"
    assert calendar.hours == (((480, 960),),) * 5 + ((), ())
    assert add_business_minutes(warsaw(2026, 3, 6, 15, 30), 240) == utc(2026, 3, 9, 10, 30)
    assert business_minutes_between(utc(2026, 3, 6, 14, 30), utc(2026, 3, 9, 10, 30)) == 240


@pytest.mark.parametrize(
    "config, message",
    [
        ({"hours": {"mon": ["8-16"]}}, "08:00-16:00"),
        ({"hours": {"mon": ["08:00-16:00", "12:00-18:00"]}}, "disjoint"),
        ({"hours": {"monday": ["08:00-16:00"]}}, "weekdays"),
        ({"hours": {"mon": ["16:00-08:00"]}}, "within a day"),
    ],
)
def test_bad_hours_are_refused(config, message):
    with pytest.raises(ValueError, match=message):
        BusinessCalendar.from_config(config)


def test_a_calendar_without_working_time_refuses_instead_of_looping():
    with pytest.raises(ValueError, match="no working time"):
        BusinessCalendar(hours=((),) * 7).add_business_minutes(utc(2026, 1, 1), 1)


moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC))


@settings(max_examples=200, deadline=None)
@given(start=moments, minutes=st.integers(min_value=0, max_value=30_000), more=st.integers(0, 5_000))
def test_add_and_between_agree(start, minutes, more):
    due = OFFICE.add_business_minutes(start, minutes)
    assert OFFICE.business_minutes_between(start, due) == minutes
    assert OFFICE.add_business_minutes(start, minutes + more) >= due
    # Going back the same amount lands on the start, or on the first working instant after it.
    assert OFFICE.between(start, OFFICE.add(due, -timedelta(minutes=minutes))) == timedelta(0)


def test_is_working_time():
    assert OFFICE.is_working_time(warsaw(2026, 3, 9, 8, 0)) and not OFFICE.is_working_time(warsaw(2026, 3, 9, 16, 0))
    assert not OFFICE.is_working_time(warsaw(2027, 3, 29, 10, 0))  # Easter Monday


def test_rules_import_nothing_heavy_and_do_no_work_at_import():
    # Pure rules: no AWS clients; the holidays package and the data file are loaded on first use only.
    code = (
        "import sys; import chalicelib.rules.calendar, chalicelib.rules.sla, chalicelib.rules.sla_events, "
        "chalicelib.rules.misheard, chalicelib.rules.priority; "
        "bad = {'boto3', 'botocore', 'pynamodb', 'holidays'} & set(sys.modules); assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])
