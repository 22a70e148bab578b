"""Inbound mail from SES receiving (raw MIME in S3, notification by SNS):
parse, match to a ticket, and apply, exactly once per delivery (``once``).

The raw mail is already in S3 before this runs (the receipt rule's S3 action),
so nothing is lost whatever happens here: mail we cannot read or will not
process is kept in the mailroom for consultants.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from chalicelib.core import aws
from chalicelib.core.tables import Claim, Omitted, Ticket
from chalicelib.inbox import bounded, consultants, mailroom, once, opening, recording
from chalicelib.mail import machine, matching, mime, parsing, trimming
from chalicelib.rules import authenticity
from chalicelib.tickets import merging
from chalicelib.tickets.changes import AlreadyProcessed

log = logging.getLogger(__name__)


def receive(message: str, event: dict[str, Any] | None = None) -> None:
    notification = json.loads(message)
    if notification.get("notificationType") != "Received":
        log.info("ignored SES notification of type %s", notification.get("notificationType"))
        return
    receipt, ses_mail = notification["receipt"], notification["mail"]
    action = receipt["action"]
    raw_key = action["objectKey"]
    raw = aws.client("s3").get_object(Bucket=action["bucketName"], Key=raw_key)["Body"].read()
    trimmed = trimming.trim(raw)  # parts over the per-mail limits stay in the raw mail only
    try:
        mail = parsing.parse_mail(trimmed.raw)
    except parsing.UnparsableMail as exc:
        log.warning("unparsed inbound mail kept at %s", raw_key)
        mailroom.keep("unparsed", raw_key=raw_key, detail=str(exc), claims=once.raw_claims(ses_mail["messageId"], raw))
        return
    try:
        _route(bounded.usable(mail), raw_key, once.claims(ses_mail["messageId"], mail), receipt,
               bounded.omitted(trimmed))
    except AlreadyProcessed:
        log.info("inbound mail %s was processed before", ses_mail["messageId"])


def failed_verdict(receipt: dict[str, Any]) -> str | None:
    for name in ("virusVerdict", "spamVerdict"):
        if (receipt.get(name) or {}).get("status") == "FAIL":
            return name.replace("Verdict", "")
    return None


def _route(mail: parsing.ParsedMail, raw_key: str, claims: list[Claim], receipt: dict[str, Any],
           omitted: Omitted | None = None) -> None:
    failed = failed_verdict(receipt)
    if failed:
        mailroom.keep("quarantine", raw_key=raw_key, detail=f"{failed} verdict FAIL", claims=claims,
                      sender=mail.sender, subject=mail.subject)
        return
    verdict = machine.classify(mail.headers, mime.LOOP_HEADER)
    if verdict.kind in ("bounce", "delay"):
        recording.bounce(mail, raw_key, claims, delayed=verdict.kind == "delay")
        return
    # SPF/DKIM/DMARC: a From that fails them is not believed (references and tags need it).
    unverified = authenticity.failure(receipt)
    # The envelope too: a Bcc or a forward names our address only there.
    recipients = [*receipt.get("recipients", []), *mail.recipients]
    found = matching.match(
        sender=mail.sender or "",
        recipients=recipients,
        referenced_ids=[*mail.in_reply_to, *reversed(mail.references)],
        subject=mail.subject,
        ticket_of_reference=recording.ticket_of_reference,
        requester_of=requester_of,
        sender_authenticated=unverified is None,
    )
    # The one place a match becomes a ticket: a merged duplicate's number, token, references and
    # subject tag lead to the ticket it was merged into (and a closed one reopens there).
    ticket = merging.holder(found.number) if found else None
    # List headers alone do not make a reply to a signed per-ticket address automatic.
    automatic = verdict.reason_for(signed_token=found is not None and found.evidence == "token")
    if not mail.sender:
        # Nobody's message: on a ticket it is kept and never reopens; elsewhere the mailroom's unparsed box.
        automatic = "no sender address" if ticket else None
    if automatic:
        recording.automatic(mail, raw_key, claims, automatic, ticket.number if ticket else None)
    elif consultants.is_consultant(mail.sender):  # never a requester, never a customer's message
        number = ticket.number if ticket else consultants.ticket_mentioned(mail, recipients, requester_of)
        consultants.redirect(mail, raw_key, claims, number, unverified=unverified)
    elif ticket:
        recording.append(ticket, mail, raw_key, claims, omitted)
    else:
        opening.open_ticket(mail, raw_key, claims, omitted, unverified_sender=unverified)


def requester_of(number: str) -> str | None:
    try:
        return Ticket.get(number, attributes_to_get=["requester_email"]).requester_email
    except Ticket.DoesNotExist:
        return None
