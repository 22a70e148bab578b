"""A settable clock for tests of due times: ``core.clock.now`` answers what the test says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest


class FrozenClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def set(self, text: str) -> None:
        self.moment = datetime.fromisoformat(text).astimezone(UTC)

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    from chalicelib.core import clock

    frozen_clock = FrozenClock(datetime(2026, 3, 13, 14, 30, tzinfo=UTC))  # Friday 15:30 in Warsaw
    monkeypatch.setattr(clock, "now", frozen_clock.now)
    return frozen_clock
