"""Signed identifiers that tie mail to a ticket without a database lookup.

* Reply-To ``<local>+<digits>.<sig>@<reply-domain>``: the ticket's digits and an
  HMAC-SHA256 over them, so a token cannot be made up for another ticket.
* Our own Message-ID ``<t<digits>.<nonce>.<sig>@<reply-domain>>``, put into
  References, which most clients carry back in replies.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from chalicelib.core import parameters
from chalicelib.core.config import settings
from chalicelib.rules import numbering

_SIG_LENGTH = 20  # hex characters: 80 bits
_NONCE_LENGTH = 12
# Input longer than any address (RFC 5321: 254) or Message-ID (one header line) is no token:
# refused before a pattern sees it. The patterns have fixed-width parts only.
MAX_ADDRESS, MAX_MESSAGE_ID = 254, 998
_ADDRESS = re.compile(
    r"(?P<local>[^+@]{1,64})\+(?P<digits>[0-9]{11,14})\.(?P<sig>[0-9a-f]{20})@(?P<domain>[^@]{1,253})"
)
_MESSAGE_ID = re.compile(
    r"<?t(?P<digits>[0-9]{11,14})\.(?P<nonce>[0-9a-f]{12})\.(?P<sig>[0-9a-f]{20})@(?P<domain>[^<>@]{1,253})>?"
)


def _sign(text: str) -> str:
    key = parameters.get(parameters.REPLY_TOKEN_KEY).encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:_SIG_LENGTH]


def _number_from_digits(digits: str) -> str | None:
    try:
        return numbering.parse(digits)
    except ValueError:
        return None


def reply_address(number: str) -> str:
    config = settings()
    digits = numbering.compact(number)
    return f"{config.reply_local_part}+{digits}.{_sign(digits)}@{config.reply_domain}"


def ticket_of_address(address: str) -> str | None:
    """The ticket a recipient address names, if its token is genuine."""
    if len(address) > MAX_ADDRESS:
        return None
    match = _ADDRESS.fullmatch(address.strip().lower())
    if not match or match["domain"] != settings().reply_domain.lower():
        return None
    if not hmac.compare_digest(match["sig"], _sign(match["digits"])):
        return None
    return _number_from_digits(match["digits"])


def new_message_id(number: str) -> str:
    digits = numbering.compact(number)
    nonce = secrets.token_hex(_NONCE_LENGTH // 2)
    return f"<t{digits}.{nonce}.{_sign(digits + nonce)}@{settings().reply_domain}>"


def ticket_of_message_id(message_id: str) -> str | None:
    if len(message_id) > MAX_MESSAGE_ID:
        return None
    match = _MESSAGE_ID.fullmatch(message_id.strip().lower())
    if not match or not hmac.compare_digest(match["sig"], _sign(match["digits"] + match["nonce"])):
        return None
    return _number_from_digits(match["digits"])


def ses_message_id(ses_id: str) -> str:
    """SES replaces our Message-ID with ``<id@region.amazonses.com>``: qualify its id the same way."""
    region = settings().region
    domain = "email.amazonses.com" if region == "us-east-1" else f"{region}.amazonses.com"
    return f"{ses_id}@{domain}"
