"""Header values of an inbound mail, bounded before they are stored: a hostile mail must not make
an item exceed DynamoDB's limits (400 KB per item, 2,048 bytes per index key)."""

from __future__ import annotations

from dataclasses import replace

from chalicelib.mail import mime, parsing

SUBJECT_CHARS = 998  # RFC 5322's line length
MESSAGE_ID_CHARS = 500  # an index key (by-message-id); real ids are well under 250
ADDRESS_CHARS = 254  # RFC 5321's longest usable address


def subject(mail: parsing.ParsedMail) -> str:
    return mime.header_safe(mail.subject)[:SUBJECT_CHARS]


def message_id(mail: parsing.ParsedMail) -> str | None:
    """None when there is none, or when it is too long to be anyone's real id (nothing can match it)."""
    return mail.message_id if mail.message_id and len(mail.message_id) <= MESSAGE_ID_CHARS else None


def usable(mail: parsing.ParsedMail) -> parsing.ParsedMail:
    """The mail with "" as its sender when it has none (parsing says None) or when the address is
    longer than any real one (it keys an index): the inbox treats both as "no sender"."""
    return replace(mail, sender="") if not mail.sender or len(mail.sender) > ADDRESS_CHARS else mail
