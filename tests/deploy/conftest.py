"""Registers the hooks of the policy check (see tests/plugins/app_calls.py); the calls
themselves are recorded by infra/aws_calls.py, installed by tests/conftest.py."""

from tests.plugins.app_calls import (  # noqa: F401  (hooks pytest finds by name)
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_deselected,
)
