"""AWS clients: one botocore session per container, one cached client per service.

Every client the app makes (these, and PynamoDB's connection in ``core.db``)
comes from the one session, so the endpoint data and service models are loaded
once per container, not once per client. The clients are botocore's own:
boto3 adds resources and S3 transfer helpers the app does not use, and its
import costs a cold start tens of milliseconds.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from chalicelib.core.config import settings


@cache
def session() -> Any:
    import botocore.session

    return botocore.session.get_session()


def config(**options: Any) -> Any:
    """Client settings: short timeouts, a few retries (a Lambda has 30 s in all)."""
    from botocore.config import Config

    defaults: dict[str, Any] = {"connect_timeout": 3, "read_timeout": 10, "retries": {"max_attempts": 3}}
    return Config(**{**defaults, **options})


@cache
def client(service: str) -> Any:
    return session().create_client(service, region_name=settings().region, config=config())


def reset() -> None:
    """Forget cached clients (tests point the app at a fresh emulator)."""
    client.cache_clear()
