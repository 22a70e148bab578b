"""Filing a ticket: number, ticket, first message, acknowledgement mail.

Writes, in order: (1) the atomic counter ``ADD``; (2) one transaction with the
ticket (its priority from the catalogue, its first SLA clocks, its place in the
views), its first message, the idempotency claim and the captcha claim, each
conditional, so a retry or a replayed captcha writes nothing, and the view
counters it joins; (3) after SES
answers, the acknowledgement's Message-ID (or the failure) in one transaction.
A refused retry leaves a gap in the sequence; a number is never given twice.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.exceptions import TransactWriteError

from chalicelib.core import clock, db, thread
from chalicelib.core.errors import InvalidInput, Unprocessable
from chalicelib.core.tables import Attachment, Claim, Counter, Omitted, ThreadEntry, Ticket
from chalicelib.mail import compose
from chalicelib.people.identity import Principal
from chalicelib.rules import catalog, views
from chalicelib.rules.messages import message
from chalicelib.rules.schemas import TicketRequest, parse_body
from chalicelib.tickets import clocks, delivery, numbers, originals
from chalicelib.tickets.captcha import CaptchaProof
from chalicelib.tickets.changes import AlreadyProcessed

IDEMPOTENCY_TTL = timedelta(hours=24)
NEW = "new"


@dataclass(frozen=True)
class Submitted:
    number: str
    status: str
    created_at: str
    replayed: bool = False

    def body(self) -> dict:
        return {"number": self.number, "status": self.status, "created_at": self.created_at}


@dataclass
class Origin:
    """Where a first message came from when it was not typed into the form (a mail):
    its identity, full text, raw copy, once-only claim and files stay with it."""

    message_id: str | None
    text: originals.Text
    raw_key: str
    claims: list[Claim]
    acknowledge: bool
    attachments: list[Attachment] = field(default_factory=list)
    unverified_sender: str | None = None  # why SES's verdicts do not back the From address
    omitted: Omitted | None = None  # files over the per-mail limits, left in the raw mail


def fingerprint(request: TicketRequest, requester_id: str | None) -> str:
    content = request.model_dump(exclude={"captcha"})
    content["requester_id"] = requester_id
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def submit(
    request: TicketRequest,
    *,
    idempotency_key: str | None,
    captcha: CaptchaProof | None,
    requester_id: str | None = None,
    channel: str = "web",
    origin: Origin | None = None,
) -> Submitted:
    now = clock.now()
    created_at = clock.iso(now)
    number = numbers.allocate(now)
    queue = catalog.queue_of(request.request_type, request.product)
    priority = catalog.priority_of(request.request_type)
    sla = clocks.initial(now, priority, queue)
    place = views.Place(NEW, None, queue)
    ticket = Ticket(
        number,
        created_at=created_at,
        updated_at=created_at,
        status=NEW,
        queue=queue,
        channel=channel,
        request_type=request.request_type,
        product=request.product,
        subject=request.subject,
        requester_email=request.email,
        requester_name=request.name,
        requester_id=requester_id,
        phone=request.phone,
        company=request.company,
        language=request.language,
        last_customer_message_id=origin.message_id if origin else None,
        unverified_sender=origin.unverified_sender if origin else None,
        priority=priority,
        clock_events=sla.clock_events,
        sla=sla.sla,
        earliest_due=sla.earliest_due,
        next_check=sla.next_check,
        desk=place.desk,
        active=place.active,
    )
    first = thread.new_entry(
        number,
        thread.MESSAGE,
        now,
        author=request.email,
        author_role="customer",
        body=request.description,
        full_body=origin.text.excerpt if origin else request.description,
        text_key=origin.text.key if origin else None,
        text_size=origin.text.size if origin else None,
        subject=request.subject,
        sender=request.email,
        message_id=origin.message_id if origin else None,
        attachments=origin.attachments if origin else None,
        raw_key=origin.raw_key if origin else None,
        omitted=origin.omitted if origin else None,
    )
    claims = _claims(request, idempotency_key, captcha, requester_id, number, now)
    claims += origin.claims if origin else []

    def items(tx: Any) -> None:
        tx.save(ticket, condition=Ticket.number.does_not_exist())
        tx.save(first)
        for claim in claims:
            tx.save(claim, condition=Claim.key.does_not_exist())
        for name, delta in views.counter_moves(None, place).items():  # after the puts: codes keep places
            tx.update(Counter(name), actions=[Counter.value.add(delta)])

    try:
        db.write(items)
    except TransactWriteError as exc:  # its reasons say which claim was there already
        return _refused(exc, claims, request)
    if origin is None or origin.acknowledge:
        acknowledge(ticket, first)
    return Submitted(number, NEW, created_at)


def _claims(
    request: TicketRequest,
    idempotency_key: str | None,
    captcha: CaptchaProof | None,
    requester_id: str | None,
    number: str,
    now: datetime,
) -> list[Claim]:
    claims = []
    if idempotency_key:
        claims.append(
            Claim(
                f"idem#{idempotency_key}",
                number=number,
                fingerprint=fingerprint(request, requester_id),
                expires=now + IDEMPOTENCY_TTL,
            )
        )
    if captcha:
        claims.append(
            Claim(f"captcha#{captcha.signature}", expires=datetime.fromtimestamp(captcha.expires_at, UTC))
        )
    return claims


def _refused(exc: TransactWriteError, claims: list[Claim], request: TicketRequest) -> Submitted:
    codes = db.cancelled_codes(exc)
    claim_codes = dict(zip((c.key for c in claims), codes[2:], strict=False))
    for key, code in claim_codes.items():
        if code != "ConditionalCheckFailed":
            continue
        if key.startswith("idem#"):
            return _replay(key, claims[0].fingerprint or "")
        if key.startswith("inbound#"):
            raise AlreadyProcessed()
        raise InvalidInput(
            message("form", request.language), {"captcha": message("captcha_used", request.language)}
        )
    raise exc


def _replay(key: str, expected_fingerprint: str) -> Submitted:
    stored = Claim.get(key, consistent_read=True)
    if stored.fingerprint != expected_fingerprint:
        raise Unprocessable("This Idempotency-Key was already used with a different request.")
    ticket = Ticket.get(stored.number or "")
    return Submitted(ticket.number, ticket.status, ticket.created_at, replayed=True)


def acknowledge(ticket: Ticket, first: ThreadEntry) -> str | None:
    entry = thread.new_entry(
        ticket.number, thread.MAIL, internal=True, action=compose.ACKNOWLEDGEMENT, author="system",
        subject=ticket.subject, recipients=[ticket.requester_email],
    )
    return delivery.deliver(
        ticket,
        compose.ACKNOWLEDGEMENT,
        entry,
        about=first,
        on_sent=lambda message_id: [Ticket.ack_message_id.set(message_id)],
    )


_IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{8,128}")


def _key(idempotency_key: str | None) -> str | None:
    if idempotency_key is None:
        return None
    key = idempotency_key.strip()
    if not _IDEMPOTENCY_KEY.fullmatch(key):  # as IdempotencyHeaders in rules/schemas.py says
        raise InvalidInput("Idempotency-Key is not valid", {"Idempotency-Key": "8 to 128 printable ASCII characters"})
    return key


def submit_public(data: object, idempotency_key: str | None) -> Submitted:
    """The form without logging in: every field from the body, captcha required."""
    from chalicelib.tickets import captcha

    request = parse_body(TicketRequest, data)
    proof = captcha.verify(request.captcha, request.language)
    return submit(request, idempotency_key=_key(idempotency_key), captcha=proof)


def submit_for_account(principal: Principal, data: object, idempotency_key: str | None) -> Submitted:
    """Logged in: no captcha; name and e-mail come from the account, not the body."""
    if isinstance(data, dict):
        data = {**data, "email": principal.email, "name": principal.name or principal.email}
        data.pop("captcha", None)
    request = parse_body(TicketRequest, data)
    return submit(
        request, idempotency_key=_key(idempotency_key), captcha=None,
        requester_id=principal.user_id, channel="portal",
    )
