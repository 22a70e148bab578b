"""Turn raw inbound MIME bytes into a ParsedMail. Pure: no AWS, no network.

Real mail lies about charsets and breaks header syntax, so every step has a fallback; only input
without a single mail header is refused (UnparsableMail).
"""

from __future__ import annotations

import codecs
import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.header import decode_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from html import unescape
from html.parser import HTMLParser


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class ParsedMail:
    sender: str
    sender_name: str
    recipients: list[str]
    subject: str
    date: datetime | None
    message_id: str
    in_reply_to: list[str]
    references: list[str]
    text: str
    attachments: list[MailAttachment]
    headers: Message


class UnparsableMail(ValueError):
    """Nothing usable: empty input, or no mail header at all."""


_MAIL_HEADERS = {"from", "to", "cc", "subject", "date", "message-id", "received", "return-path",
                 "mime-version", "content-type", "delivered-to", "sender", "reply-to",
                 "in-reply-to", "references", "x-original-to"}
_FIELD_LINE = re.compile(rb"^(?:%b)[ \t]*:" % "|".join(_MAIL_HEADERS).encode(), re.I | re.M)
_ADDR = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*")
_BARE_LOCAL = re.compile(r"[\w.+-]+")  # "MAILER-DAEMON" without a domain still names a sender
_MSG_ID = re.compile(r"<([^<>\s]+)>")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_ATTACHED_MAIL = {"message/rfc822", "message/global"}
_C1_TWINS = {"iso8859-1": "cp1252", "iso8859-2": "cp1250"}


def parse_mail(raw: bytes) -> ParsedMail:
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise UnparsableMail("expected bytes")
    data = bytes(raw).lstrip().removeprefix(b"\xef\xbb\xbf")
    if not data:
        raise UnparsableMail("empty message")
    parsed = _parse(data)
    first = _FIELD_LINE.search(data, 0, 4096)
    if parsed is None and first and first.start():
        parsed = _parse(data[first.start():])  # a stray line before the headers
    if parsed is None:
        raise UnparsableMail("no mail headers")
    return parsed


def _parse(data: bytes) -> ParsedMail | None:
    # The modern policy first; the legacy one survives some header bugs the modern one trips on;
    # headers alone survive a body the parser cannot take (multiparts nested thousands deep).
    attempts = ((policy.default, False), (policy.compat32, False), (policy.compat32, True))
    for mail_policy, headers_only in attempts:
        try:
            msg = BytesParser(policy=mail_policy).parsebytes(data, headersonly=headers_only)
            if not {name.lower() for name, _ in msg.raw_items()} & _MAIL_HEADERS:
                return None
            return _build(msg)
        except Exception:
            continue
    raise UnparsableMail("message could not be parsed")


def header_values(msg: Message, name: str) -> list[str]:
    """Every value of a header as text (unfolded, raw 8-bit decoded); never raises."""
    try:
        items = list(msg.raw_items())
    except Exception:
        return []
    return [_eight_bit(_FOLD.sub("", str(v))) for k, v in items if k.lower() == name.lower()]


def decode_words(value: str) -> str:
    """RFC 2047 encoded words to text, whatever charset they claim."""
    try:
        parts = decode_header(value)
    except Exception:
        return value
    # Beside encoded words, plain chunks come back as bytes in "raw-unicode-escape".
    return "".join(c if isinstance(c, str) else c.decode("raw-unicode-escape") if cs is None
                   else decode_bytes(c, cs) for c, cs in parts)


def decode_bytes(data: bytes, charset: str | None) -> str:
    codec = _codec(charset)
    # Valid non-ASCII UTF-8 is almost never legacy text, while mislabelled UTF-8 is common.
    if not data.isascii() and not (codec or "").startswith(("utf-16", "utf-32")):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if codec in _C1_TWINS and re.search(rb"[\x80-\x9f]", data):
        codec = _C1_TWINS[codec]  # C1 controls are never text: it is the Windows code page
    try:
        return data.decode(codec) if codec else data.decode("cp1250", "replace")
    except UnicodeError:
        return data.decode(codec, "replace")


def _codec(charset: str | None) -> str | None:
    """A usable text codec; None for unknown ones and for ASCII, so that undeclared 8-bit
    text falls back to windows-1250 (this helpdesk's customers write Polish)."""
    try:
        name = codecs.lookup(str(charset).strip().strip('"')).name if charset else "ascii"
        b"a".decode(name, "ignore")  # "rot13", "hex" are codecs, not text encodings
    except Exception:
        return None  # "x-unknown", "unknown-8bit", garbage
    return None if name == "ascii" else name


def _eight_bit(value: str) -> str:
    # The parser keeps raw 8-bit header bytes as surrogates; give them a charset.
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    return decode_bytes(value.encode("ascii", "surrogateescape"), None)


def _build(msg: Message) -> ParsedMail:
    senders = addresses(header_values(msg, "from"))
    recipients = [address for name in ("to", "cc", "delivered-to", "x-original-to")
                  for _, address in addresses(header_values(msg, name)) if "@" in address]
    subjects = header_values(msg, "subject")
    text, attachments = _body(msg)
    return ParsedMail(
        sender=senders[0][1] if senders else "",
        sender_name=senders[0][0] if senders else "",
        recipients=list(dict.fromkeys(recipients)),
        subject=" ".join(decode_words(subjects[0]).split()) if subjects else "",
        date=_date(msg),
        message_id=next(iter(message_ids(msg, "message-id")), ""),
        in_reply_to=message_ids(msg, "in-reply-to"),
        references=message_ids(msg, "references"),
        text=text,
        attachments=attachments,
        headers=msg,
    )


def addresses(values: list[str]) -> list[tuple[str, str]]:
    """(display name, lowercased address) pairs from header values, even broken ones."""
    found: list[tuple[str, str]] = []
    for value in values:
        try:
            pairs = [(n, a) for n, a in getaddresses([value])
                     if _ADDR.fullmatch(a) or ("@" not in value and _BARE_LOCAL.fullmatch(a))]
        except Exception:
            pairs = []
        # Broken syntax ("Jan jan@x.pl", stray brackets): take the addr-specs that are there.
        found += pairs or [("", a) for a in _ADDR.findall(value)]
    return [(" ".join(decode_words(n).split()), a.lower()) for n, a in found]


def message_ids(msg: Message, name: str) -> list[str]:
    """Ids from a Message-ID/In-Reply-To/References header, without angle brackets."""
    ids: list[str] = []
    for value in header_values(msg, name):
        value = decode_words(value)  # some generators RFC 2047-encode ids too long to fold
        ids += _MSG_ID.findall(value) or re.findall(r"[^\s<>,]+@[^\s<>,]+", value)
    return list(dict.fromkeys(ids))


def _date(msg: Message) -> datetime | None:
    for value in header_values(msg, "date"):
        try:
            parsed = parsedate_to_datetime(value.strip())
        except Exception:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _leaves(part: Message) -> Iterator[Message]:
    """Leaf parts in order; an attached message is one leaf, not opened."""
    payload = part.get_payload()
    if part.get_content_maintype() == "multipart" and isinstance(payload, list):
        for sub in payload:
            yield from _leaves(sub)
    else:
        yield part


def _body(msg: Message) -> tuple[str, list[MailAttachment]]:
    plain: list[str] = []
    html: list[str] = []
    named: list[str] = []  # inline text files: the body only when there is nothing else
    attachments: list[MailAttachment] = []
    for index, part in enumerate(_leaves(msg), start=1):
        ctype, name = part.get_content_type(), _filename(part)
        if part.get_content_maintype() == "multipart":
            ctype = "text/plain"  # a multipart without usable boundaries: its raw text is the body
        if ctype in ("text/plain", "text/html") and part.get_content_disposition() != "attachment":
            text = decode_bytes(_content(part), part.get_content_charset())
            if not name:
                (html if ctype == "text/html" else plain).append(text)
                continue
            named.append(html_to_text(text) if ctype == "text/html" else text)
        if part.get_content_maintype() == "message" and ctype not in _ATTACHED_MAIL:
            continue  # delivery-status and other report parts are not files
        default = "message.eml" if ctype in _ATTACHED_MAIL else \
            f"attachment-{index}{mimetypes.guess_extension(ctype) or '.bin'}"
        attachments.append(MailAttachment(name or default, ctype, _content(part)))
    texts = [t for t in plain if t.strip()] or [html_to_text(h) for h in html if h.strip()] \
        or [t for t in named if t.strip()]
    text = "\n\n".join(texts).replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.strip(), attachments


def _filename(part: Message) -> str:
    try:
        name = str(part.get_filename() or "")
    except Exception:
        name = ""
    name = " ".join(decode_words(_eight_bit(name)).split())
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip(". ")  # a name, never a path


def _content(part: Message) -> bytes:
    if part.get_content_type() in _ATTACHED_MAIL:
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        for render in (lambda m: m.as_bytes(), lambda m: m.as_bytes(policy=policy.compat32)):
            try:
                return render(inner) if isinstance(inner, Message) else str(inner).encode()
            except Exception:
                continue
        return b""
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


_SKIP = {"script", "style", "title", "template", "xml"}
_BLOCK = {"p", "div", "br", "li", "tr", "ul", "ol", "table", "hr", "pre", "h1", "h2", "h3",
          "h4", "h5", "h6", "dt", "dd", "section", "article", "header", "footer", "body",
          "blockquote"}
_MSO_SECTION = re.compile(r"<!\[(?:end)?if[^\]]*\]>", re.IGNORECASE)


class _HtmlText(HTMLParser):
    """HTML to plain lines; blockquotes become "> " quotes so quote stripping still sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._buffer: list[str] = []
        self._depth = self._skip = self._pre = 0
        self._gap = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in _SKIP
        if tag in _BLOCK:
            self._flush(keep_blank=tag == "br")
        self._depth += tag == "blockquote"
        self._pre += tag == "pre"
        if tag == "p":  # Outlook writes every line as its own MsoNormal paragraph, no margins
            self._gap = "msonormal" not in (dict(attrs).get("class") or "").lower()

    def handle_endtag(self, tag: str) -> None:
        self._skip = max(0, self._skip - (tag in _SKIP))
        if tag in _BLOCK:
            self._flush()
        if tag in ("td", "th"):
            self._buffer.append(" ")
        if tag == "p" and self._gap:
            self.lines.append(">" * self._depth)
        self._depth = max(0, self._depth - (tag == "blockquote"))
        self._pre = max(0, self._pre - (tag == "pre"))

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._buffer.append(data)

    def _flush(self, keep_blank: bool = False) -> None:
        text, self._buffer = "".join(self._buffer), []
        pieces = text.replace("\xa0", " ").split("\n") if self._pre else [" ".join(text.split())]
        if keep_blank or "".join(pieces).strip():
            quote = ">" * self._depth + " " if self._depth else ""
            self.lines += [(quote + piece).rstrip() for piece in pieces]

    def text(self) -> str:
        self._flush()
        lines: list[str] = []
        for line in self.lines:  # one blank line is enough, at any quote depth
            if not (lines and line == lines[-1] and not line.strip("> ")):
                lines.append(line)
        return "\n".join(lines).strip("\n")


def html_to_text(html: str) -> str:
    parser = _HtmlText()
    try:
        parser.feed(_MSO_SECTION.sub("", html))  # Outlook's <![if ...]> trips the parser
        parser.close()
        return parser.text()
    except Exception:  # keep the words at least
        return " ".join(unescape(re.sub(r"<[^>]*>", " ", html)).split())
