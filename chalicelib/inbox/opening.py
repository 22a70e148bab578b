"""A mail that belongs to no ticket opens one: type and product unspecified (a
consultant classifies it), the mail's identity, text, raw copy and files kept
with the first message, acknowledged unless the sender is over the hourly cap.
A sender SES's verdicts do not back (``unverified_sender``) gets a ticket marked
so for consultants and no mail: the From address may be someone else's."""

from __future__ import annotations

import uuid

from chalicelib.core import limits
from chalicelib.core.tables import Claim, Omitted
from chalicelib.inbox import bounded, mailroom, staging
from chalicelib.mail import matching, mime, parsing
from chalicelib.rules import catalog
from chalicelib.rules.schemas import TicketRequest
from chalicelib.tickets import attachments, filing, originals

UNTITLED = "(bez tematu)"  # mail tickets start in Polish, the default language


def request_from_mail(mail: parsing.ParsedMail) -> TicketRequest:
    subject = mime.header_safe(mail.subject)[:200] or UNTITLED
    return TicketRequest.model_construct(
        request_type=catalog.UNSPECIFIED,
        product=catalog.UNSPECIFIED,
        subject=subject,
        description=originals.excerpt((mail.text or "").strip()) or "-",
        name=matching.display_name(mime.header_safe(mail.sender_name)[:200], mail.sender),
        email=mail.sender,
        phone=None,
        company=None,
        language="pl",
        captcha=None,
    )


def open_ticket(mail: parsing.ParsedMail, raw_key: str, claims: list[Claim], omitted: Omitted | None = None, *,
                unverified_sender: str | None = None) -> None:
    if not mail.sender:
        mailroom.keep("unparsed", raw_key=raw_key, detail="no sender address", claims=claims, subject=mail.subject)
        return
    # The number is allocated after the files are saved, so they go under a prefix of their own.
    prefix = f"mail-{uuid.uuid4().hex}"
    with staging.uploads(claims) as uploads:
        origin = filing.Origin(
            message_id=bounded.message_id(mail),
            text=originals.keep(prefix, mail.text, uploads),
            raw_key=raw_key,
            claims=claims,
            acknowledge=unverified_sender is None and limits.allow_acknowledgement(mail.sender),
            unverified_sender=unverified_sender,
            attachments=attachments.save(prefix, mail.attachments, uploads),
            omitted=omitted,
        )
        filing.submit(request_from_mail(mail), idempotency_key=None, captcha=None, channel="mail", origin=origin)
