"""Shared DynamoDB plumbing: one cached connection for transactions, cursors."""

from __future__ import annotations

import base64
import json
from functools import lru_cache
from typing import Any

from chalicelib.core.config import settings
from chalicelib.core.errors import InvalidInput


@lru_cache(maxsize=1)
def connection() -> Any:
    from pynamodb.connection import Connection

    return Connection(region=settings().region)


def transaction() -> Any:
    """A TransactWrite: every item in it is written, or none is."""
    from pynamodb.transactions import TransactWrite

    return TransactWrite(connection=connection())


def cancelled_codes(error: Exception) -> list[str | None]:
    """Per-item reasons of a cancelled transaction (``ConditionalCheckFailed`` ...).

    PynamoDB sends a transaction's items grouped: condition checks, deletes,
    puts, then updates, each group in the order it was added.
    """
    reasons = getattr(error, "cancellation_reasons", None) or []
    return [reason.code if reason else None for reason in reasons]


def encode_cursor(last_key: dict | None) -> str | None:
    if not last_key:
        return None
    return base64.urlsafe_b64encode(json.dumps(last_key, sort_keys=True).encode()).decode()


def decode_cursor(cursor: str | None) -> dict | None:
    if not cursor:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, UnicodeError):
        raise InvalidInput("cursor is not valid", {"cursor": "not a cursor this API issued"}) from None
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise InvalidInput("cursor is not valid", {"cursor": "not a cursor this API issued"})
    return value
