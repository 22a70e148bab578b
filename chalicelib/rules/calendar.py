"""Business calendar: working hours per weekday in one time zone, minus public holidays.

Everything takes and returns aware datetimes and returns UTC. Durations are real elapsed time
inside working intervals, so a working night across a DST change is 7 or 9 hours long, not 8.
Arithmetic walks whole working intervals (a few per day), never minute by minute.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_MINUTES = 24 * 60
_MINUTE = timedelta(minutes=1)
# A calendar with no working time for this many days in a row would loop forever: refuse instead.
_MAX_IDLE_DAYS = 400
_DATA_FILE = Path(__file__).with_name("sla.json")

Interval = tuple[int, int]  # minutes after local midnight, [start, end), end may be 1440 (24:00)

_OFFICE_DAY: tuple[Interval, ...] = ((8 * 60, 16 * 60),)
OFFICE_HOURS: tuple[tuple[Interval, ...], ...] = (_OFFICE_DAY,) * 5 + ((), ())


@lru_cache(maxsize=128)
def _public_holidays(country: str, year: int) -> frozenset[date]:
    # Imported here: the package is large and only a running clock needs it (cold starts stay short).
    import holidays

    return frozenset(holidays.country_holidays(country, years=year))


@dataclass(frozen=True)
class BusinessCalendar:
    """Working hours per weekday (Monday first) in ``timezone``; ``country``'s holidays are days off."""

    timezone: str = "Europe/Warsaw"
    hours: tuple[tuple[Interval, ...], ...] = OFFICE_HOURS
    country: str | None = "PL"
    extra_holidays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        ZoneInfo(self.timezone)  # fail on a misspelt zone now, not inside the first clock
        if len(self.hours) != 7:
            raise ValueError("hours must list 7 weekdays, Monday first")
        for day in self.hours:
            previous_end = 0
            for start, end in day:
                if not 0 <= start < end <= DAY_MINUTES or start < previous_end:
                    raise ValueError(f"working intervals must be ordered, disjoint and within a day: {day}")
                previous_end = end

    @classmethod
    def from_config(cls, data: Mapping[str, Any]) -> BusinessCalendar:
        """From the data file's shape: ``{"timezone", "holidays": "PL"|null, "hours": {"mon": ["08:00-16:00"]}}``."""
        hours_by_day = data.get("hours", {})
        unknown = set(hours_by_day) - set(WEEKDAYS)
        if unknown:
            raise ValueError(f"unknown weekdays in hours: {sorted(unknown)}")
        return cls(
            timezone=data.get("timezone", "Europe/Warsaw"),
            hours=tuple(tuple(_interval(text) for text in hours_by_day.get(day, ())) for day in WEEKDAYS),
            country=data.get("holidays", "PL"),
            extra_holidays=frozenset(date.fromisoformat(text) for text in data.get("extra_holidays", ())),
        )

    def is_holiday(self, day: date) -> bool:
        if day in self.extra_holidays:
            return True
        return self.country is not None and day in _public_holidays(self.country, day.year)

    def working_intervals(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The working intervals of a local calendar day, as UTC datetimes."""
        return _intervals(self, day)

    def is_working_time(self, moment: datetime) -> bool:
        moment = _utc(moment)
        return any(a <= moment < b for a, b in self.working_intervals(self._local_day(moment)))

    def add(self, start: datetime, amount: timedelta) -> datetime:
        """The instant when ``amount`` of business time has passed since ``start`` (negative: before it).

        The earliest such instant: 30 minutes after Friday 15:30 is Friday 16:00, not Monday 8:00.
        """
        moment = _utc(start)
        if amount > timedelta(0):
            return self._forward(moment, amount)
        if amount < timedelta(0):
            return self._backward(moment, -amount)
        return moment

    def between(self, a: datetime, b: datetime) -> timedelta:
        """Business time from ``a`` to ``b``; negative when ``b`` is earlier."""
        a, b = _utc(a), _utc(b)
        if b < a:
            return -self.between(b, a)
        total = timedelta(0)
        day, last = self._local_day(a), self._local_day(b)
        while day <= last:
            for start, end in self.working_intervals(day):
                overlap = min(end, b) - max(start, a)
                if overlap > timedelta(0):
                    total += overlap
            day += timedelta(days=1)
        return total

    def add_business_minutes(self, start: datetime, minutes: int) -> datetime:
        return self.add(start, minutes * _MINUTE)

    def business_minutes_between(self, a: datetime, b: datetime) -> int:
        """Whole business minutes from ``a`` to ``b`` (seconds are dropped, towards zero)."""
        seconds = self.between(a, b).total_seconds()
        return int(seconds / 60)

    def _local_day(self, moment: datetime) -> date:
        return moment.astimezone(ZoneInfo(self.timezone)).date()

    def _forward(self, moment: datetime, amount: timedelta) -> datetime:
        day, idle = self._local_day(moment), 0
        while idle < _MAX_IDLE_DAYS:
            intervals = self.working_intervals(day)
            idle = 0 if intervals else idle + 1
            for start, end in intervals:
                if end <= moment:
                    continue
                begin = max(start, moment)
                if amount <= end - begin:
                    return begin + amount
                amount -= end - begin
            day += timedelta(days=1)
        raise ValueError(f"no working time in {_MAX_IDLE_DAYS} days: check the calendar's hours")

    def _backward(self, moment: datetime, amount: timedelta) -> datetime:
        day, idle = self._local_day(moment), 0
        while idle < _MAX_IDLE_DAYS:
            intervals = self.working_intervals(day)
            idle = 0 if intervals else idle + 1
            for start, end in reversed(intervals):
                if start >= moment:
                    continue
                finish = min(end, moment)
                if amount <= finish - start:
                    return finish - amount
                amount -= finish - start
            day -= timedelta(days=1)
        raise ValueError(f"no working time in {_MAX_IDLE_DAYS} days: check the calendar's hours")


@lru_cache(maxsize=4096)
def _intervals(calendar: BusinessCalendar, day: date) -> tuple[tuple[datetime, datetime], ...]:
    if calendar.is_holiday(day):
        return ()
    zone = ZoneInfo(calendar.timezone)
    return tuple(
        (_local_to_utc(day, start, zone), _local_to_utc(day, end, zone)) for start, end in calendar.hours[day.weekday()]
    )


def _local_to_utc(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    # 24:00 is the next day's midnight; a wall time inside a DST gap takes the offset before the change.
    whole_days, rest = divmod(minutes, DAY_MINUTES)
    hour, minute = divmod(rest, 60)
    return datetime.combine(day + timedelta(days=whole_days), time(hour, minute), tzinfo=zone).astimezone(UTC)


def _interval(text: str) -> Interval:
    try:
        start, end = (part.strip() for part in text.split("-"))
        return _minutes(start), _minutes(end)
    except ValueError:
        raise ValueError(f"working hours must look like '08:00-16:00', not {text!r}") from None


def _minutes(text: str) -> int:
    hour, minute = (int(part) for part in text.split(":"))
    if not (0 <= minute < 60 and 0 <= hour * 60 + minute <= DAY_MINUTES):
        raise ValueError(text)
    return hour * 60 + minute


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"an aware datetime is required, got naive {moment.isoformat()}")
    return moment.astimezone(UTC)


@lru_cache(maxsize=1)
def default_calendar() -> BusinessCalendar:
    """The calendar configured in ``sla.json`` (read once, on first use)."""
    return BusinessCalendar.from_config(json.loads(_DATA_FILE.read_text(encoding="utf-8"))["calendar"])


def add_business_minutes(start: datetime, minutes: int, calendar: BusinessCalendar | None = None) -> datetime:
    """UTC instant ``minutes`` business minutes after ``start`` (before it when negative)."""
    return (calendar or default_calendar()).add_business_minutes(start, minutes)


def business_minutes_between(a: datetime, b: datetime, calendar: BusinessCalendar | None = None) -> int:
    """Whole business minutes from ``a`` to ``b``; negative when ``b`` is earlier."""
    return (calendar or default_calendar()).business_minutes_between(a, b)


def holidays_in(year: int, calendar: BusinessCalendar | None = None) -> list[date]:
    """The days off of a year (public and extra holidays), sorted: for showing the calendar to people."""
    cal = calendar or default_calendar()
    days: Iterable[date] = _public_holidays(cal.country, year) if cal.country else ()
    return sorted(set(days) | {d for d in cal.extra_holidays if d.year == year})
