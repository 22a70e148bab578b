"""Inbound mail that belongs to no ticket's conversation, kept for consultants:
unparsed (raw kept in S3), quarantined (spam or virus verdict), automatic
(auto-replies, bounces we could not place), mail from consultants' own
addresses (never a customer's message) and mail whose processing failed every
attempt (the dead-letter queue's redrive gave up). Stored as thread entries of a
pseudo-thread per box, so listing a box is one Query."""

from __future__ import annotations

from typing import Any

from chalicelib.core import db, thread
from chalicelib.core.errors import InvalidInput, NotFound
from chalicelib.core.tables import Claim, ThreadEntry

BOXES = {"unparsed": thread.UNPARSED, "quarantine": thread.QUARANTINE, "automatic": "automatic",
         "consultants": "consultant_mail", "failed": "failed_mail"}


def _key(box: str) -> str:
    return f"mailroom#{box}"


def keep(box: str, *, raw_key: str, detail: str, claims: list[Claim], sender: str = "",
         subject: str = "") -> ThreadEntry | None:
    """The entry kept, or None when this mail was kept (or processed) before."""
    from pynamodb.exceptions import TransactWriteError

    entry = thread.new_entry(
        _key(box), BOXES[box], internal=True, author="system", sender=sender[:320] or None,
        subject=subject[:1000] or None, raw_key=raw_key, detail=detail[:1000],
    )

    def items(tx: Any) -> None:
        tx.save(entry)
        for claim in claims:
            tx.save(claim, condition=Claim.key.does_not_exist())

    try:
        db.write(items)
    except TransactWriteError as exc:
        if "ConditionalCheckFailed" not in db.cancelled_codes(exc):
            raise
        # A claim existed: this mail was kept or processed before (SNS delivers at least once).
        return None
    return entry


def listing(box: str) -> dict[str, Any]:
    if box not in BOXES:
        raise NotFound(f"No mail box {box!r}; boxes: {', '.join(BOXES)}.")
    entries = list(ThreadEntry.query(_key(box), scan_index_forward=False, limit=200))
    return {"box": box, "mail": thread.consultant_view(entries)}


def raw_link(box: str, entry_id: str | None) -> dict[str, Any]:
    """A short link to the raw mail of one entry of a box (to read what could not be placed)."""
    from chalicelib.tickets import originals

    if box not in BOXES:
        raise NotFound(f"No mail box {box!r}; boxes: {', '.join(BOXES)}.")
    if not entry_id:
        raise InvalidInput("entry is required", {"entry": "the id of an entry of this box"})
    try:
        entry = ThreadEntry.get(_key(box), entry_id)
    except ThreadEntry.DoesNotExist:
        raise NotFound("No such mail in this box.") from None
    return originals.raw_mail_link(entry)
