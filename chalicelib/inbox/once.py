"""Processed once: the same delivery, never merely the same Message-ID header.

Two once-only claims go into the same transaction as whatever the mail causes:

* the receipt: SES's message id, the same in every SNS redelivery of one notification
  (and in a redrive from the dead-letter queue);
* the content: a digest of the Message-ID, Date, sender, subject, text and files. A sender's
  server that hands SES the same mail again gets a new receipt, but the content is the same;
  scanners and broken mailers that reuse one Message-ID for different mails change the content,
  so every one of those mails is kept.

Either claim existing means the mail was processed before. Keys are digests, so a hostile
Message-ID can never exceed DynamoDB's key size.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from chalicelib.core import clock
from chalicelib.core.tables import Claim
from chalicelib.mail import parsing

CLAIM_TTL = timedelta(days=30)
PREFIX = "inbound#"


def content_digest(mail: parsing.ParsedMail) -> str:
    """What makes two mails the same mail, whoever handed them over and however often."""
    digest = hashlib.sha256()
    fields = [mail.message_id, mail.date.isoformat() if mail.date else "", mail.sender, mail.subject, mail.text]
    fields += [f"{a.filename}\x1f{a.content_type}\x1f{hashlib.sha256(a.content).hexdigest()}" for a in mail.attachments]
    for value in fields:
        digest.update((value or "").encode("utf-8", "surrogatepass") + b"\x00")
    return digest.hexdigest()


def _claim(kind: str, identity: str) -> Claim:
    return Claim(f"{PREFIX}{kind}:{identity}", expires=clock.now() + CLAIM_TTL)


def receipt_claim(ses_message_id: str) -> Claim:
    return _claim("ses", hashlib.sha256(ses_message_id.encode()).hexdigest())


def claims(ses_message_id: str, mail: parsing.ParsedMail) -> list[Claim]:
    return [receipt_claim(ses_message_id), _claim("mail", content_digest(mail))]


def raw_claims(ses_message_id: str, raw: bytes) -> list[Claim]:
    """For mail that could not be parsed: the receipt, and the bytes themselves."""
    return [receipt_claim(ses_message_id), _claim("raw", hashlib.sha256(raw).hexdigest())]
