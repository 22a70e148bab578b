"""Inbound mail from SES receiving (raw MIME in S3, notification by SNS):
parse, match to a ticket, and apply, exactly once per message.

The raw mail is already in S3 before this runs (the receipt rule's S3 action),
so nothing is lost whatever happens here: mail we cannot read or will not
process is kept in the mailroom for consultants.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

from chalicelib.core import aws, clock, thread
from chalicelib.core.tables import Claim, ThreadEntry, Ticket
from chalicelib.inbox import mailroom, opening
from chalicelib.mail import machine, matching, mime, parsing, quotes
from chalicelib.tickets import attachments, changes, conversation
from chalicelib.tickets.changes import AlreadyProcessed, Change

log = logging.getLogger(__name__)
CLAIM_TTL = timedelta(days=30)


def receive(message: str, event: dict[str, Any] | None = None) -> None:
    notification = json.loads(message)
    if notification.get("notificationType") != "Received":
        log.info("ignored SES notification of type %s", notification.get("notificationType"))
        return
    receipt, ses_mail = notification["receipt"], notification["mail"]
    action = receipt["action"]
    raw_key = action["objectKey"]
    raw = aws.client("s3").get_object(Bucket=action["bucketName"], Key=raw_key)["Body"].read()
    try:
        mail = parsing.parse_mail(raw)
    except parsing.UnparsableMail as exc:
        log.warning("unparsed inbound mail kept at %s", raw_key)
        mailroom.keep("unparsed", raw_key=raw_key, detail=str(exc), claim=_claim(f"ses:{ses_mail['messageId']}"))
        return
    claim = _claim(mail.message_id or f"ses:{ses_mail['messageId']}")
    try:
        _route(mail, raw_key, claim, receipt)
    except AlreadyProcessed:
        log.info("inbound mail %s was processed before", claim.key)


def _claim(identity: str) -> Claim:
    return Claim(f"inbound#{identity}", expires=clock.now() + CLAIM_TTL)


def failed_verdict(receipt: dict[str, Any]) -> str | None:
    for name in ("virusVerdict", "spamVerdict"):
        if (receipt.get(name) or {}).get("status") == "FAIL":
            return name.replace("Verdict", "")
    return None


def _route(mail: parsing.ParsedMail, raw_key: str, claim: Claim, receipt: dict[str, Any]) -> None:
    verdict = failed_verdict(receipt)
    if verdict:
        mailroom.keep("quarantine", raw_key=raw_key, detail=f"{verdict} verdict FAIL", claim=claim,
                      sender=mail.sender, subject=mail.subject)
        return
    automatic = machine.automatic_reason(mail.headers, mime.LOOP_HEADER)
    if automatic and machine.is_bounce(mail.headers):
        _record_bounce(mail, raw_key, claim)
        return
    found = matching.match(
        sender=mail.sender,
        # The envelope too: a Bcc or a forward names our address only there.
        recipients=[*receipt.get("recipients", []), *mail.recipients],
        referenced_ids=[*mail.in_reply_to, *reversed(mail.references)],
        subject=mail.subject,
        ticket_of_reference=ticket_of_reference,
        requester_of=requester_of,
    )
    if automatic:
        _record_automatic(mail, raw_key, claim, automatic, found)
    elif found:
        _append(Ticket.get(found.number, consistent_read=True), mail, raw_key, claim)
    else:
        opening.open_ticket(mail, raw_key, claim)


def ticket_of_reference(message_id: str) -> str | None:
    for entry in ThreadEntry.by_message_id.query(message_id, limit=1):
        return entry.number if not entry.number.startswith("mailroom#") else None
    return None


def requester_of(number: str) -> str | None:
    try:
        return Ticket.get(number, attributes_to_get=["requester_email"]).requester_email
    except Ticket.DoesNotExist:
        return None


def _append(ticket: Ticket, mail: parsing.ParsedMail, raw_key: str, claim: Claim) -> None:
    conversation.add_customer_message(
        ticket,
        body=quotes.strip_quotes(mail.text),
        full_body=mail.text,
        sender=mail.sender,
        subject=mail.subject,
        message_id=mail.message_id or None,
        attachments=attachments.save(ticket.number, mail.attachments) or None,
        raw_key=raw_key,
        claims=[claim],
    )


def _record_automatic(mail: parsing.ParsedMail, raw_key: str, claim: Claim, reason: str,
                      found: matching.Match | None) -> None:
    """Kept where consultants see it; never reopens, never acknowledged, never answered."""
    if not found:
        mailroom.keep("automatic", raw_key=raw_key, detail=reason, claim=claim, sender=mail.sender,
                      subject=mail.subject)
        return
    ticket = Ticket.get(found.number)
    entry = thread.event(ticket.number, "automatic_mail", mail.sender, detail=f"{reason}: {mail.subject}"[:500])
    entry.raw_key, entry.body, entry.message_id = raw_key, mail.text[:5000], mail.message_id or None
    _apply_quietly(ticket, entry, claim)


def _record_bounce(mail: parsing.ParsedMail, raw_key: str, claim: Claim) -> None:
    number = next(filter(None, (ticket_of_reference(i) for i in machine.bounced_message_ids(mail.headers))), None)
    if number is None:
        mailroom.keep("automatic", raw_key=raw_key, detail="bounce of unknown mail", claim=claim,
                      sender=mail.sender, subject=mail.subject)
        return
    ticket = Ticket.get(number)
    entry = thread.event(number, "delivery_failed", mail.sender, detail=f"bounce: {mail.subject}"[:500])
    entry.raw_key, entry.body = raw_key, mail.text[:5000]
    _apply_quietly(ticket, entry, claim)


def _apply_quietly(ticket: Ticket, entry: ThreadEntry, claim: Claim) -> None:
    changes.apply(ticket, Change(actor=entry.author or "system", entries=[entry], claims=[claim]))
