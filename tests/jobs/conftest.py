"""Fixtures for the scheduled jobs' tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.jobs.helpers import ses_outage_of


@pytest.fixture
def ses_outage(stack: Any) -> Any:
    """A context manager: SES refuses every send inside it."""
    return ses_outage_of
