"""Allocating ticket numbers: one atomic ``UpdateItem ... ADD`` on the year's counter
item, no read-modify-write, so concurrent submissions never share a number."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.core.tables import Counter
from chalicelib.rules.numbering import format_number


def allocate(now: datetime | None = None) -> str:
    """Take the next number of the current year."""
    year = (now or datetime.now(UTC)).year
    return format_number(year, Counter.next_value(f"ticket#{year}"))
