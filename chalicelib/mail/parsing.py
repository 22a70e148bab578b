"""Turn raw inbound MIME bytes into a ParsedMail. Pure: no AWS, no network.

Real mail lies about charsets and breaks header syntax, so every step has a fallback; only input
without a single mail header is refused (UnparsableMail). The pieces: headers.py (fields, ids,
dates, bounds), addresses.py (who), bodies.py with charsets.py and htmltext.py (what), quotes.py
(what is new).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email import errors
from email.message import Message
from email.parser import BytesParser

from chalicelib.mail import addresses as _addresses
from chalicelib.mail.bodies import MailAttachment, extract
from chalicelib.mail.bounded import pattern
from chalicelib.mail.charsets import decode_bytes
from chalicelib.mail.headers import (
    decode_words,
    header_values,
    mail_date,
    message_ids,
    one_line,
    parser_policy,
    subject,
)
from chalicelib.mail.htmltext import html_to_text
from chalicelib.mail.quotes import strip_quotes

__all__ = ["MailAttachment", "ParsedMail", "UnparsableMail", "addresses", "decode_bytes", "decode_words",
           "header_values", "html_to_text", "message_ids", "parse_mail"]


@dataclass(frozen=True)
class ParsedMail:
    sender: str | None  # canonical address (addresses.normalize_address); None without a usable From
    sender_name: str  # display text only: never an address to act on
    recipients: list[str]  # canonical addresses from To, Cc, Delivered-To, X-Original-To
    subject: str
    date: datetime | None
    message_id: str
    in_reply_to: list[str]
    references: list[str]
    full_body: str  # everything the person sent as text
    body: str  # full_body without quoted history (quotes.strip_quotes, without our own texts)
    attachments: list[MailAttachment]
    headers: Message
    notes: tuple[str, ...] = field(default=())  # what parsing had to guess or leave out

    @property
    def text(self) -> str:
        """The whole text, as callers knew it before `full_body` and `body`."""
        return self.full_body


class UnparsableMail(ValueError):
    """Nothing usable: empty input, or no mail header at all."""


_MAIL_HEADERS = {"from", "to", "cc", "subject", "date", "message-id", "received", "return-path",
                 "mime-version", "content-type", "delivered-to", "sender", "reply-to",
                 "in-reply-to", "references", "x-original-to"}
_FIELD_LINE = pattern(rf"^(?:{'|'.join(sorted(_MAIL_HEADERS))})[ \t]*:", re.MULTILINE, limit=4096)
# What the standard library's parser raises on mail it cannot take whole: header syntax the
# modern policy trips on, bodies nested deeper than the recursion limit, broken encodings.
_PARSE_ERRORS = (errors.MessageError, LookupError, ValueError, TypeError, AttributeError, UnicodeError,
                 RecursionError, AssertionError)


def parse_mail(raw: bytes) -> ParsedMail:
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise UnparsableMail("expected bytes")
    data = bytes(raw).lstrip().removeprefix(b"\xef\xbb\xbf")
    if not data:
        raise UnparsableMail("empty message")
    parsed = _parse(data)
    first = _FIELD_LINE.search(data[:4096].decode("latin-1").lower())  # latin-1: one char a byte
    if parsed is None and first and first.start():
        parsed = _parse(data[first.start():])  # a stray line before the headers
    if parsed is None:
        raise UnparsableMail("no mail headers")
    return parsed


def _parse(data: bytes) -> ParsedMail | None:
    # Headers alone survive a body the parser cannot take (multiparts nested thousands deep).
    for headers_only in (False, True):
        try:
            msg = BytesParser(policy=parser_policy()).parsebytes(data, headersonly=headers_only)
            if not {name.lower() for name, _ in msg.raw_items()} & _MAIL_HEADERS:
                return None
            return _build(msg, headers_only)
        except _PARSE_ERRORS:
            continue
    raise UnparsableMail("message could not be parsed")


def _build(msg: Message, headers_only: bool) -> ParsedMail:
    senders = addresses(header_values(msg, "from"))
    recipients = [address for name in ("to", "cc", "delivered-to", "x-original-to")
                  for _, address in addresses(header_values(msg, name), bare_local=False) if "@" in address]
    body = extract(msg)
    notes = list(body.notes)
    if headers_only:
        notes.append("body not readable: headers only")
    if not senders:
        notes.append("no sender address")
    title = subject(msg)
    return ParsedMail(
        sender=senders[0][1] if senders else None,
        sender_name=senders[0][0] if senders else "",
        recipients=list(dict.fromkeys(recipients)),
        subject=title,
        date=mail_date(msg),
        message_id=next(iter(message_ids(msg, "message-id")), ""),
        in_reply_to=message_ids(msg, "in-reply-to"),
        references=message_ids(msg, "references"),
        full_body=body.text,
        body=strip_quotes(body.text, subject=title),
        attachments=body.attachments,
        headers=msg,
        notes=tuple(dict.fromkeys(notes)),
    )


def addresses(values: list[str], bare_local: bool = True) -> list[tuple[str, str]]:
    """(display name, canonical address) pairs from header values, even broken ones; an address is
    only ever taken from where an address stands, never from a display name."""
    pairs = _addresses.parse_addresses(values, decode=decode_words, bare_local=bare_local)
    return [(one_line(name, 200), address) for name, address in pairs]
