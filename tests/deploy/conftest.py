"""Registers the app-call recorder for the policy test (see tests/plugins/app_calls.py).

Conftest files are imported while the session collects, before any test runs,
so recording covers the whole suite whenever this folder is part of the run.
"""

from tests.plugins import app_calls
from tests.plugins.app_calls import (  # noqa: F401  (hooks pytest finds by name)
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_deselected,
)

app_calls.install()
