"""Building and reading a ticket's thread: messages, notes and events."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from chalicelib.core import clock
from chalicelib.core.tables import ThreadEntry

MESSAGE = "message"  # from the customer (form, portal or mail)
REPLY = "reply"  # a consultant's answer, mailed to the customer
NOTE = "note"  # internal, never mailed, never shown to a customer
EVENT = "event"  # status, assignment, delivery
MAIL = "mail"  # an automatic mail we sent (acknowledgement, notices)
UNPARSED = "unparsed"  # inbound mail we could not read; raw kept in S3
QUARANTINE = "quarantine"  # inbound mail with a spam or virus verdict

CUSTOMER_VISIBLE = {MESSAGE, REPLY}


def new_entry(number: str, kind: str, at: datetime | None = None, **fields: Any) -> ThreadEntry:
    moment = at or clock.now()
    # Time first so a Query returns the thread in order; the suffix keeps two
    # entries of the same millisecond apart.
    entry_id = f"{clock.iso(moment)}#{secrets.token_hex(3)}"
    return ThreadEntry(number, entry_id, kind=kind, created_at=clock.iso(moment), **fields)


def event(
    number: str,
    action: str,
    author: str | None,
    *,
    from_status: str | None = None,
    to_status: str | None = None,
    detail: str | None = None,
    at: datetime | None = None,
) -> ThreadEntry:
    return new_entry(
        number,
        EVENT,
        at,
        internal=True,
        author=author,
        action=action,
        from_status=from_status,
        to_status=to_status,
        detail=detail,
    )


def entries(number: str) -> list[ThreadEntry]:
    return list(ThreadEntry.query(number))


def view(entry: ThreadEntry, for_customer: bool) -> dict[str, Any]:
    """An entry as JSON. Customers see only messages and replies, without internals."""
    data: dict[str, Any] = {
        "id": entry.entry_id,
        "kind": entry.kind,
        "created_at": entry.created_at,
        "author_role": entry.author_role,
        "body": entry.body,
        "attachments": [
            {"filename": a.filename, "content_type": a.content_type, "size": a.size,
             # The key fetches a download link (consultants only).
             **({} if for_customer else {"key": a.key})}
            for a in entry.attachments or []
        ],
    }
    if for_customer:
        return data
    data.update(
        author=entry.author,
        full_body=entry.full_body,
        subject=entry.subject,
        sender=entry.sender,
        message_id=entry.message_id,
        delivery=entry.delivery,
        action=entry.action,
        from_status=entry.from_status,
        to_status=entry.to_status,
        detail=entry.detail,
        raw_key=entry.raw_key,
        # The whole text is behind GET /consultant/tickets/{number}/text?entry=<id> when truncated.
        truncated=bool(entry.text_key),
        text_size=entry.text_size,
        # Files over the per-mail limits: only in the raw mail (GET /consultant/tickets/{number}/raw).
        omitted=entry.omitted.as_dict() if entry.omitted else None,
        internal=entry.internal,
    )
    return data


def customer_view(entries_: list[ThreadEntry]) -> list[dict[str, Any]]:
    return [view(e, True) for e in entries_ if e.kind in CUSTOMER_VISIBLE and not e.internal]


def consultant_view(entries_: list[ThreadEntry]) -> list[dict[str, Any]]:
    return [view(e, False) for e in entries_]
