"""Record, for the whole test session, the AWS calls the *app* makes, as IAM permissions.

Mechanism: ``botocore.client.BaseClient._make_api_call`` is wrapped once. Every
AWS call goes through it (boto3's clients and PynamoDB's alike), whenever the
client was made. A call counts as the app's when the nearest frame of this
repository on the stack is in ``app.py`` or ``chalicelib/``: provisioning
(``infra/``), test setup and assertions (``tests/``) call AWS from their own
frames and are left out, even when they use the same PynamoDB models.

The record lives for the session, so it does not matter which test made a call
or in which order tests run. The policy test is moved to the very end of the
run (``pytest_collection_modifyitems`` below) and compares the record with the
stage policies; "unused permission" is decided only on a complete run (the whole
suite, nothing deselected, no failures), because a partial run
naturally exercises less of the app.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.plugins import iam

ROOT = Path(__file__).resolve().parents[2]
_APP = (str(ROOT / "app.py"), str(ROOT / "chalicelib") + "/")
_OURS = str(ROOT) + "/"
_THIRD_PARTY = (str(ROOT / ".venv") + "/", str(ROOT / "node_modules") + "/")
POLICY_TEST_MARK = "policy_last"


class Record:
    def __init__(self) -> None:
        self.permissions: set[iam.Permission] = set()
        self.operations: Counter[tuple[str, str]] = Counter()
        self.transaction_items = 0  # items written inside TransactWriteItems (each costs 2 WCU)
        self.deselected = 0
        self.whole_suite = False


RECORD = Record()


def called_by_app() -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(_OURS) and not name.startswith(_THIRD_PARTY) and name != __file__:
            return name == _APP[0] or name.startswith(_APP[1])
        frame = frame.f_back
    return False


def install() -> None:
    from botocore.client import BaseClient

    original = BaseClient._make_api_call
    if getattr(original, "_app_calls", False):
        return

    def _make_api_call(self: Any, operation_name: str, api_params: dict[str, Any]) -> Any:
        if called_by_app():
            service = self.meta.service_model.service_name
            RECORD.operations[(service, operation_name)] += 1
            if operation_name == "TransactWriteItems":
                RECORD.transaction_items += len(api_params.get("TransactItems", ()))
            RECORD.permissions.update(iam.permissions(service, operation_name, api_params, self.meta.region_name))
        return original(self, operation_name, api_params)

    _make_api_call._app_calls = True  # type: ignore[attr-defined]
    BaseClient._make_api_call = _make_api_call  # type: ignore[method-assign]


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
