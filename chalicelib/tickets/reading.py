"""Reading tickets: lookup by number, views, and index-backed listings (never a Scan)."""

from __future__ import annotations

from typing import Any

from chalicelib.core import db, thread
from chalicelib.core.errors import InvalidInput, NotFound
from chalicelib.core.tables import Ticket
from chalicelib.people.identity import Principal
from chalicelib.rules import misheard, numbering, workflow
from chalicelib.tickets import clocks

DEFAULT_PAGE = 25
MAX_PAGE = 100


def parse_number(text: str) -> str:
    try:
        return numbering.parse(text)
    except ValueError as exc:
        raise InvalidInput(str(exc), {"number": str(exc)}) from None


def load(number_text: str) -> Ticket:
    number = parse_number(number_text)
    try:
        return Ticket.get(number, consistent_read=True)
    except Ticket.DoesNotExist:
        raise NotFound("No such ticket.") from None


def find(number_text: str) -> Ticket:
    """A ticket by a number a consultant typed. A number that fails its check digit is answered
    with the existing tickets it may have been misheard from (one wrong digit, one adjacent swap),
    so the consultant can ask "this one or that one?" instead of "please repeat"."""
    try:
        return load(number_text)
    except InvalidInput as exc:
        try:
            numbers = misheard.candidates(number_text)
        except ValueError:  # not even shaped like a number
            raise exc from None
        exc.details["candidates"] = misheard_candidates(numbers)
        raise


def misheard_candidates(numbers: list[str]) -> list[dict[str, Any]]:
    """Which of these numbers exist, with what a consultant reads out to tell them apart: one batch read."""
    if not numbers:
        return []
    found = Ticket.batch_get(numbers, attributes_to_get=["number", "subject", "status", "requester_email",
                                                         "requester_name"])
    return [
        {"number": t.number, "subject": t.subject, "status": t.status,
         "requester": {"email": t.requester_email, "name": t.requester_name}}
        for t in sorted(found, key=lambda t: t.number)
    ]


def load_own(principal: Principal, number_text: str) -> Ticket:
    """A customer's ticket; someone else's is reported as missing, not forbidden."""
    ticket = load(number_text)
    if ticket.requester_email != principal.email:
        raise NotFound("No such ticket.")
    return ticket


def summary(ticket: Ticket, for_customer: bool) -> dict[str, Any]:
    data = {
        "number": ticket.number,
        "status": ticket.status,
        "subject": ticket.subject,
        "request_type": ticket.request_type,
        "product": ticket.product,
        "created_at": ticket.created_at,
        "updated_at": ticket.updated_at,
        "language": ticket.language,
        "merged_into": ticket.merged_into,
        # Filed on the public form or by mail, not by a logged-in account: anyone can type an address.
        "filed_without_login": ticket.requester_id is None,
    }
    if not for_customer:
        data.update(
            version=int(ticket.version or 0),
            queue=ticket.queue,
            assignee=ticket.assignee,
            assignee_email=ticket.assignee_email,
            channel=ticket.channel,
            requester={"email": ticket.requester_email, "name": ticket.requester_name,
                       "phone": ticket.phone, "company": ticket.company},
            mail_failures=[f.as_dict() for f in ticket.mail_failures or []],
            unverified_sender=ticket.unverified_sender,  # why SPF/DKIM/DMARC do not back its sender
            priority=clocks.priority_of(ticket),
            sla=clocks.view(ticket),
        )
    return data


def detail(ticket: Ticket, for_customer: bool) -> dict[str, Any]:
    entries = thread.entries(ticket.number)
    view = thread.customer_view(entries) if for_customer else thread.consultant_view(entries)
    return {**summary(ticket, for_customer), "thread": view}


def _limit(text: str | None) -> int:
    if text is None:
        return DEFAULT_PAGE
    # ASCII digits only: str.isdigit() also accepts "²" and other scripts' digits.
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_PAGE:
        raise InvalidInput("limit is not valid", {"limit": f"a whole number from 1 to {MAX_PAGE}"})
    return int(text)


def _page(results: Any, for_customer: bool) -> dict[str, Any]:
    items = [summary(t, for_customer) for t in results]
    return {"tickets": items, "cursor": db.encode_cursor(results.last_evaluated_key)}


def list_for_customer(principal: Principal, params: dict[str, str]) -> dict[str, Any]:
    results = Ticket.by_requester.query(
        principal.email,
        scan_index_forward=False,
        limit=_limit(params.get("limit")),
        last_evaluated_key=db.decode_cursor(params.get("cursor"), Ticket, Ticket.by_requester, principal.email),
    )
    return _page(results, for_customer=True)


def list_for_consultant(principal: Principal, params: dict[str, str]) -> dict[str, Any]:
    """Pick the index that narrows most; the other filters become filter conditions."""
    status, queue, assignee = params.get("status"), params.get("queue"), params.get("assignee")
    for name, value, longest in (("queue", queue, 100), ("assignee", assignee, 254)):
        if value is not None and len(value) > longest:
            raise InvalidInput(f"{name} is not valid", {name: f"at most {longest} characters"})
    if status is not None and status not in workflow.STATUSES:
        raise InvalidInput("status is not valid", {"status": f"one of {', '.join(workflow.STATUSES)}"})
    if assignee == "me":
        assignee = principal.user_id
    if not (status or queue or (assignee and assignee != "none")):
        status = workflow.NEW  # the triage view: new tickets
    conditions = []
    if assignee and assignee != "none":
        index, key = Ticket.by_assignee, assignee
    elif queue:
        index, key = Ticket.by_queue, queue
    else:
        index, key = Ticket.by_status, status
    if status and index is not Ticket.by_status:
        conditions.append(Ticket.status == status)
    if queue and index is not Ticket.by_queue:
        conditions.append(Ticket.queue == queue)
    if assignee == "none":
        conditions.append(Ticket.assignee.does_not_exist())
    condition = None
    for part in conditions:
        condition = part if condition is None else condition & part
    results = index.query(
        key,
        filter_condition=condition,
        scan_index_forward=False,
        limit=_limit(params.get("limit")),
        last_evaluated_key=db.decode_cursor(params.get("cursor"), Ticket, index, key),
    )
    return _page(results, for_customer=False)
