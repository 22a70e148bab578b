"""The app's AWS calls of the whole test session, as IAM permissions and counts.

The calls come from the one recorder, ``infra/aws_calls.py`` (installed by
tests/conftest.py before anything runs): every botocore call, marked as the
app's when the nearest frame of this repository is in ``app.py`` or
``chalicelib/``. This module turns the app's calls into IAM permissions for the
policy test and into operation counts for the cost test.

The record lives for the session, so it does not matter which test made a call
or in which order tests run. The policy test is moved to the very end of the
run (``pytest_collection_modifyitems`` below) and compares the record with the
stage policies; "unused permission" is decided only on a complete run (the whole
suite, nothing deselected, no failures), because a partial run
naturally exercises less of the app.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from infra.aws_calls import RECORDER
from tests.plugins import iam

ROOT = Path(__file__).resolve().parents[2]
POLICY_TEST_MARK = "policy_last"


class Record:
    """Views over the recorder's session history, limited to the app's own calls."""

    def __init__(self) -> None:
        self.deselected = 0
        self.whole_suite = False

    @property
    def permissions(self) -> set[iam.Permission]:
        return {p for c in RECORDER.app_history() for p in iam.permissions(c.service, c.operation, c.params, c.region)}

    @property
    def operations(self) -> Counter[tuple[str, str]]:
        return Counter((c.service, c.operation) for c in RECORDER.app_history())

    @property
    def transaction_items(self) -> int:
        """Items written inside TransactWriteItems (each costs 2 WCU)."""
        return sum(len(c.params.get("TransactItems", ())) for c in RECORDER.app_history()
                   if c.operation == "TransactWriteItems")


RECORD = Record()


def whole_suite(config: Any) -> bool:
    """Run without narrowing paths: no arguments (testpaths), or the tests folder or root itself."""
    here = Path(config.invocation_params.dir)
    paths = {(here / str(arg).split("::")[0]).resolve() for arg in config.args}
    return paths <= {ROOT, ROOT / "tests"}


def complete_run(session: Any) -> str | None:
    """Why this run cannot judge unused permissions, or None when it can."""
    if not RECORD.whole_suite:
        return "only part of the suite was run"
    if RECORD.deselected:
        return f"{RECORD.deselected} tests were deselected"
    if session.testsfailed:
        return "other tests failed, so some app calls may not have happened"
    return None


# Hooks, registered from tests/deploy/conftest.py (or pytest_plugins in the root conftest).


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session: Any, config: Any, items: list[Any]) -> None:
    RECORD.whole_suite = whole_suite(config)
    last = [item for item in items if item.get_closest_marker(POLICY_TEST_MARK)]
    items[:] = [item for item in items if item not in last] + last


def pytest_deselected(items: list[Any]) -> None:
    RECORD.deselected += len(items)


def pytest_configure(config: Any) -> None:
    config.addinivalue_line("markers", f"{POLICY_TEST_MARK}: runs after every other test (policy check)")
