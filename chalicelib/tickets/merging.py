"""Merging a duplicate ticket into another (the target), and finding where a merged ticket went.

A merge, in steps that can each be repeated:

1. one transaction: the duplicate becomes ``merged`` with ``merged_into`` (conditional on the
   version the consultant saw and on not being merged already), the target is checked (still not
   merged, unchanged since read) and, if it was closed while the duplicate was not, reopened;
   an event on each;
2. the duplicate's thread moves into the target's, keeping its entry ids (time first, so the
   target's thread stays in time order), in transactions that copy and delete up to 50 entries;
3. the customer gets one mail (PL/EN), recorded on the target, saying the requests were joined.

Merging again into the same target is idempotent: it finishes a move that was interrupted and
sends nothing twice. Merging a ticket into itself, into a merged ticket (which also rules out
circles) or across requesters is refused.

Afterwards the duplicate's number, reply token, references and subject tag lead to the target:
inbound mail and portal replies pass the ticket they found through ``current``.
"""

from __future__ import annotations

from typing import Any

from chalicelib.core import db, thread
from chalicelib.core.errors import Conflict, InvalidInput
from chalicelib.core.tables import ThreadEntry, Ticket
from chalicelib.mail import compose
from chalicelib.people.identity import Principal
from chalicelib.rules import numbering, workflow
from chalicelib.rules.schemas import MergeRequest, parse_body
from chalicelib.tickets import changes, delivery, reading

MOVE_BATCH = 50  # entries per transaction: a copy and a delete each, 100 items at most
MAX_HOPS = 10  # a chain of merges (A into B, later B into C) is followed this far
MERGED_EVENT = "merged"


def current(ticket: Ticket) -> Ticket:
    """The ticket that holds this ticket's conversation now: itself, or where it was merged (and onward)."""
    for _ in range(MAX_HOPS):
        if ticket.status != workflow.MERGED or not ticket.merged_into:
            return ticket
        try:
            ticket = Ticket.get(ticket.merged_into, consistent_read=True)
        except Ticket.DoesNotExist:
            return ticket
    return ticket


def holder(number: str) -> Ticket:
    """The ticket a matched number leads to (``Ticket.DoesNotExist`` if there is none)."""
    return current(Ticket.get(number, consistent_read=True))


def _target_number(text: str) -> str:
    try:
        return numbering.parse(text)
    except ValueError as exc:
        raise InvalidInput(str(exc), {"into": str(exc)}) from None


def _refuse(duplicate: Ticket, target: Ticket) -> None:
    if target.status == workflow.MERGED:
        if target.merged_into == duplicate.number:
            raise Conflict(f"{target.number} was merged into {duplicate.number}: merging back would make a circle.")
        raise Conflict(f"{target.number} was merged into {target.merged_into}; merge into that ticket instead.",
                       details={"merged_into": target.merged_into})
    if target.requester_email != duplicate.requester_email:
        # Replies go to the target's requester only: the duplicate's requester would be cut off.
        raise Conflict("Only tickets of the same requester can be merged.",
                       details={"requesters": [duplicate.requester_email, target.requester_email]})


def _mark(actor: str, duplicate: Ticket, target: Ticket, based_on: int | None) -> None:
    """Both tickets' changes in one transaction, each with its clocks, views and counters (changes.prepare)."""
    from pynamodb.exceptions import TransactWriteError

    not_merged = Ticket.status != workflow.MERGED
    merged = changes.Change(
        actor=actor, to_status=workflow.MERGED, action_name=MERGED_EVENT, status_detail=target.number,
        actions=[Ticket.merged_into.set(target.number)], based_on=based_on, condition=not_merged,
    )
    joined = changes.Change(
        actor=actor, entries=[thread.event(target.number, "merged_from", actor, detail=duplicate.number)],
        condition=not_merged,
    )
    if target.status == workflow.CLOSED and duplicate.status != workflow.CLOSED:
        # The duplicate's question is still open: it must not land in a closed ticket unseen.
        joined.to_status, joined.action_name = workflow.OPEN, "reopened"
    prepared = [changes.prepare(duplicate, merged), changes.prepare(target, joined)]
    try:
        changes.write(prepared)
    except TransactWriteError as exc:
        codes = db.cancelled_codes(exc)  # [*puts of both, duplicate's update, target's update, *counters]
        puts = sum(len(p.entries) + len(p.claims) for p in prepared)
        duplicate.refresh(consistent_read=True)
        if codes[puts] == "ConditionalCheckFailed":
            raise changes.stale(duplicate, based_on if based_on is not None else prepared[0].read) from None
        if "ConditionalCheckFailed" in codes:
            raise Conflict(f"{target.number} changed meanwhile; read it and merge again.") from None
        raise


def _move_thread(duplicate: str, target: Ticket) -> int:
    """Move every entry but the merge event from the duplicate's thread into the target's."""
    entries = [e for e in ThreadEntry.query(duplicate, consistent_read=True)
               if not (e.kind == thread.EVENT and e.action == MERGED_EVENT)]

    def batch(part: list[ThreadEntry]) -> Any:
        def items(tx: Any) -> None:
            for entry in part:
                values = {k: v for k, v in entry.attribute_values.items() if k not in ("number", "entry_id")}
                # New to the target at its current version: a colleague's 409 there lists them.
                values.update(merged_from=duplicate, version=changes.version_of(target))
                tx.save(ThreadEntry(target.number, entry.entry_id, **values))
                tx.delete(entry)

        return items

    for start in range(0, len(entries), MOVE_BATCH):
        db.write(batch(entries[start : start + MOVE_BATCH]))
    return len(entries)


def _tell_customer(target: Ticket, duplicate: Ticket) -> None:
    entry = thread.new_entry(
        target.number, thread.MAIL, internal=True, action=compose.MERGED, author="system",
        subject=target.subject, detail=duplicate.number, recipients=[target.requester_email],
    )
    delivery.deliver(target, compose.MERGED, entry)


def merge(principal: Principal, number: str, data: Any) -> dict[str, Any]:
    """Merge ``number`` (the duplicate) into the body's ``into``; answers with the target as it is now."""
    request = parse_body(MergeRequest, data, "en")
    duplicate = reading.load(number)
    into = _target_number(request.into)
    if into == duplicate.number:
        raise InvalidInput("A ticket cannot be merged into itself.", {"into": "the same ticket"})
    if duplicate.status == workflow.MERGED:
        if duplicate.merged_into != into:
            raise Conflict(f"{duplicate.number} was already merged into {duplicate.merged_into}.",
                           details={"merged_into": duplicate.merged_into})
        target = reading.load(into)
        _move_thread(duplicate.number, target)  # the same merge again: finish what was interrupted
        return reading.detail(target, for_customer=False)
    target = reading.load(into)
    _refuse(duplicate, target)
    _mark(principal.email, duplicate, target, request.version)
    target.refresh(consistent_read=True)
    _move_thread(duplicate.number, target)
    _tell_customer(target, duplicate)
    return reading.detail(target, for_customer=False)
