"""A mail that belongs to no ticket opens one: type and product unspecified (a
consultant classifies it), the mail's identity, text, raw copy and files kept
with the first message, acknowledged unless the sender is over the hourly cap."""

from __future__ import annotations

import uuid

from chalicelib.core import limits
from chalicelib.core.tables import Claim
from chalicelib.inbox import mailroom
from chalicelib.mail import mime, parsing
from chalicelib.rules import catalog
from chalicelib.rules.schemas import TicketRequest
from chalicelib.tickets import attachments, filing

UNTITLED = "(bez tematu)"  # mail tickets start in Polish, the default language


def request_from_mail(mail: parsing.ParsedMail) -> TicketRequest:
    subject = mime.header_safe(mail.subject)[:200] or UNTITLED
    return TicketRequest.model_construct(
        request_type=catalog.UNSPECIFIED,
        product=catalog.UNSPECIFIED,
        subject=subject,
        description=(mail.text or "").strip()[:20_000] or "-",
        name=mime.header_safe(mail.sender_name)[:200] or mail.sender,
        email=mail.sender,
        phone=None,
        company=None,
        language="pl",
        captcha=None,
    )


def open_ticket(mail: parsing.ParsedMail, raw_key: str, claims: list[Claim]) -> None:
    if not mail.sender:
        mailroom.keep("unparsed", raw_key=raw_key, detail="no sender address", claims=claims, subject=mail.subject)
        return
    origin = filing.Origin(
        message_id=mail.message_id or None,
        full_body=mail.text,
        raw_key=raw_key,
        claims=claims,
        acknowledge=limits.allow_acknowledgement(mail.sender),
        # The number is allocated after the files are saved, so they go under a prefix of their own.
        attachments=attachments.save(f"mail-{uuid.uuid4().hex}", mail.attachments),
    )
    filing.submit(request_from_mail(mail), idempotency_key=None, captcha=None, channel="mail", origin=origin)
