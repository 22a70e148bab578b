"""Header fields of inbound mail as text: bounded, unfolded, decoded, never raising.

Header lengths are capped while the parser reads them (`parser_policy`): the standard library
parses MIME parameters in quadratic time (a 64 KB Content-Type costs seconds, 256 KB a minute),
and a part header longer than a few kilobytes is never real. Other fields are capped at 16 KB,
References keeping its end (the newest ids are last).
"""

from __future__ import annotations

from datetime import UTC, datetime
from email import errors
from email.header import decode_header
from email.message import Message
from email.policy import Compat32, Policy
from functools import lru_cache

from chalicelib.mail.bounded import pattern
from chalicelib.mail.charsets import decode_bytes

MAX_FIELD = 16_384
MAX_MIME_FIELD = 2_048  # Content-Type, Content-Disposition: RFC 2231 file names fit easily
MAX_WORDS = 8_192  # encoded-word decoding of one value (a subject, a name, a file name)
MAX_SUBJECT = 998  # RFC 5322's line limit; also bounds every pattern that reads a subject later
MAX_IDS = 50  # message ids kept from one header; each may cost a lookup when matching
_MIME_FIELDS = {"content-type", "content-disposition", "content-transfer-encoding", "content-id"}
_FOLD = pattern(r"\r?\n(?=[ \t])", limit=MAX_FIELD + 1024)
_MSG_ID = pattern(r"<([^<>\s]{1,998})>", limit=MAX_FIELD)
_ID_WORD = pattern(r"[^\s<>,@]{1,998}@[^\s<>,@]{1,998}", limit=998 * 2 + 1)
_ID_SPLIT = pattern(r"[\s<>,]+", limit=MAX_FIELD)
_CONTROLS = pattern(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]+", limit=MAX_FIELD)


def _cap(name: str, value: str) -> str:
    key = name.strip().lower()
    limit = MAX_MIME_FIELD if key in _MIME_FIELDS else MAX_FIELD
    if len(value) <= limit:
        return value
    if key == "references":
        return value[-limit:].split(None, 1)[-1]  # drop the id the cut went through
    return value[:limit]


class _BoundedCompat32(Compat32):
    def header_source_parse(self, sourcelines: list[str]) -> tuple[str, str]:
        name, value = super().header_source_parse(sourcelines)
        return name, _cap(name, value)


@lru_cache(maxsize=1)
def parser_policy() -> Policy:
    """The legacy policy with capped fields: every header is read raw here anyway, and the modern
    policy's structured headers cost half a millisecond per Content-Type lookup (a mail with 3,000
    attachments took 9 s) and trip on header bugs the legacy one survives."""
    return _BoundedCompat32()


def header_values(msg: Message, name: str) -> list[str]:
    """Every value of a header as text (unfolded, raw 8-bit decoded); never raises."""
    try:
        items = list(msg.raw_items())
    except (AttributeError, TypeError, ValueError, errors.MessageError):
        return []
    wanted = name.lower()
    return [eight_bit(_FOLD.sub("", str(v)[:MAX_FIELD])) for k, v in items if k.lower() == wanted]


def first_value(msg: Message, name: str) -> str:
    values = header_values(msg, name)
    return values[0] if values else ""


def decode_words(value: str) -> str:
    """RFC 2047 encoded words to text, whatever charset they claim. For display only: what comes
    out is never parsed as header structure."""
    value = value[:MAX_WORDS]
    try:
        parts = decode_header(value)
    except (errors.HeaderParseError, ValueError, LookupError, UnicodeError, AssertionError):
        return value
    # Beside encoded words, plain chunks come back as bytes in "raw-unicode-escape".
    return "".join(c if isinstance(c, str) else c.decode("raw-unicode-escape") if cs is None
                   else decode_bytes(c, cs) for c, cs in parts)


def one_line(text: str, limit: int = MAX_SUBJECT) -> str:
    """Header text for display: controls become spaces, NUL between letters too, one line."""
    return " ".join(_CONTROLS.sub(" ", remove_nul(text)).split())[:limit]


def subject(msg: Message) -> str:
    return one_line(decode_words(first_value(msg, "subject")))


def message_ids(msg: Message, name: str) -> list[str]:
    """Ids from a Message-ID/In-Reply-To/References header, without angle brackets; at most
    MAX_IDS, the last ones of References (the newest), the first ones elsewhere."""
    ids: list[str] = []
    for value in header_values(msg, name):
        value = decode_words(value) if "=?" in value else value  # some generators encode long ids
        found = _MSG_ID.findall(value) or [w for w in _ID_SPLIT.split(value) if _ID_WORD.fullmatch(w)]
        ids += found
    ids = list(dict.fromkeys(ids))
    return ids[-MAX_IDS:] if name.lower() == "references" else ids[:MAX_IDS]


def mail_date(msg: Message) -> datetime | None:
    from email.utils import parsedate_to_datetime

    for value in header_values(msg, "date"):
        try:
            parsed = parsedate_to_datetime(value.strip()[:256])
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def remove_nul(text: str) -> str:
    """NUL bytes out; one between two word characters becomes a space, so words stay apart
    ("Dzień\\0dobry" is two words, "Dzi\\0eń" is a broken one either way)."""
    if "\x00" not in text:
        return text
    out: list[str] = []
    for piece in text.split("\x00"):
        if not piece:
            continue
        if out and _word(out[-1][-1]) and _word(piece[0]):
            out.append(" ")
        out.append(piece)
    return "".join(out)


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


def eight_bit(value: str) -> str:
    # The parser keeps raw 8-bit header bytes as surrogates; give them a charset.
    if value.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    try:
        return decode_bytes(value.encode("ascii", "surrogateescape"), None)
    except UnicodeError:  # surrogates beside real non-ASCII text: not from the parser
        return value

