"""Shared DynamoDB plumbing: the container's one PynamoDB connection, transactions, cursors."""

from __future__ import annotations

import base64
import contextlib
import json
import random
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from chalicelib.core import aws
from chalicelib.core.config import settings
from chalicelib.core.errors import Conflict, DomainError, InvalidInput, Unavailable

# Refusals that say nothing about the data, only about the moment: the same
# transaction may succeed when sent again. Per item (a cancelled transaction's
# reasons) and for the whole call (after botocore's own retries gave up).
_CONTENDED_REASONS = {"TransactionConflict"}
_THROTTLED_REASONS = {"ThrottlingError", "ProvisionedThroughputExceeded"}
_CONTENDED_ERRORS = {"TransactionInProgressException", "TransactionConflictException"}
_THROTTLED_ERRORS = {"ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
                     "InternalServerError", "ServiceUnavailable"}
WRITE_ATTEMPTS = 4
RETRY_AFTER_SECONDS = 2


@lru_cache(maxsize=1)
def connection() -> Any:
    """One PynamoDB connection, on the session of every other client (``core.aws``).

    PynamoDB would make a botocore session and a DynamoDB client per model class;
    each session loads the endpoint data again, each client its service model.
    """
    from pynamodb.connection import Connection

    class SharedSessionConnection(Connection):
        @property
        def session(self) -> Any:
            return aws.session()

    return SharedSessionConnection(region=settings().region)


def share(table: Any) -> Any:
    """Point a model's ``TableConnection`` at the one connection, with its table's schema."""
    shared = connection()
    if table.connection is not shared:
        with contextlib.suppress(ValueError):  # another model class on the same table told it already
            shared.add_meta_table(table.get_meta_table())
        table.connection = shared
    return table


def transaction() -> Any:
    """A TransactWrite: every item in it is written, or none is."""
    from pynamodb.transactions import TransactWrite

    return TransactWrite(connection=connection())


def write(build: Callable[[Any], None], attempts: int = WRITE_ATTEMPTS) -> None:
    """One TransactWrite filled by ``build(tx)``, sent again (with jittered backoff) while it
    is refused for the moment only: a conflict with a concurrent transaction or throttling.
    A refused transaction wrote nothing, so sending it again is safe. Still refused after
    ``attempts``: ``Conflict`` (409) or ``Unavailable`` (503), both with ``Retry-After``.
    A failed condition is the caller's to interpret: its ``TransactWriteError`` is raised."""
    from pynamodb.exceptions import TransactWriteError

    for attempt in range(1, attempts + 1):
        try:
            with transaction() as tx:
                build(tx)
            return
        except TransactWriteError as exc:
            refusal = transient_refusal(exc)
            if refusal is None:
                raise
            if attempt == attempts:
                raise refusal from exc
            time.sleep(random.uniform(0, 0.05 * 4**attempt))  # full jitter: about 0.1, 0.4, 1.6 s at most


def transient_refusal(error: Exception) -> DomainError | None:
    """The answer for a write refused only for the moment, or None (a condition failed, or worse)."""
    codes = set(cancelled_codes(error))
    if "ConditionalCheckFailed" in codes:
        return None
    cause = getattr(error, "cause_response_code", None)
    if codes & _CONTENDED_REASONS or cause in _CONTENDED_ERRORS:
        return Conflict("Another change to the same data was being made; try again.",
                        retry_after=RETRY_AFTER_SECONDS)
    if codes & _THROTTLED_REASONS or cause in _THROTTLED_ERRORS:
        return Unavailable("The service is busy; try again shortly.", retry_after=RETRY_AFTER_SECONDS)
    return None


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


def _key_types(*schemas: dict) -> dict[str, str]:
    """Attribute name -> DynamoDB type ("S", "N") of every key attribute in the schemas."""
    types: dict[str, str] = {}
    for schema in schemas:
        names = {key["AttributeName"] for key in schema["key_schema"]}
        types.update({d["AttributeName"]: d["AttributeType"] for d in schema["attribute_definitions"]
                      if d["AttributeName"] in names})
    return types


def _not_ours() -> InvalidInput:
    return InvalidInput("cursor is not valid", {"cursor": "not a cursor this API issued"})


def decode_cursor(cursor: str | None, model: Any, index: Any = None, hash_value: str | None = None) -> dict | None:
    """The start key a cursor carries, if it has exactly the shape of a start key of this
    listing: the table's and the index's key attributes, each one value of its type, and the
    index's hash key equal to the one queried. Anything else (tampered, another listing's)
    is a 400, never a DynamoDB validation error."""
    if not cursor:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, UnicodeError, RecursionError):
        raise _not_ours() from None
    schemas = [model._get_schema()] + ([index._get_schema()] if index is not None else [])
    types = _key_types(*schemas)
    if not isinstance(value, dict) or set(value) != set(types):
        raise _not_ours()
    for name, kind in types.items():
        item = value[name]
        if not (isinstance(item, dict) and list(item) == [kind] and isinstance(item[kind], str) and item[kind]):
            raise _not_ours()
    if index is not None and hash_value is not None:
        hash_name = next(k["AttributeName"] for k in index._get_schema()["key_schema"] if k["KeyType"] == "HASH")
        if value[hash_name][types[hash_name]] != hash_value:
            raise _not_ours()
    return value
