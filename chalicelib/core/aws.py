"""Lazily created, cached boto3 clients: one per service per container."""

from __future__ import annotations

from functools import cache
from typing import Any

from chalicelib.core.config import settings


@cache
def client(service: str) -> Any:
    # boto3 is imported here, not at module level, to keep cold start cheap for
    # routes that never touch AWS (health, catalog, captcha).
    import boto3
    from botocore.config import Config

    timeouts = Config(connect_timeout=3, read_timeout=10, retries={"max_attempts": 3})
    return boto3.client(service, region_name=settings().region, config=timeouts)


def reset() -> None:
    """Forget cached clients (tests point the app at a fresh emulator)."""
    client.cache_clear()
