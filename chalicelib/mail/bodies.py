"""The text and the files of a parsed mail: which part is the body, in what charset, and what is
an attachment. Pure; the raw mail stays in S3, so what is left out here is not lost."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import errors, policy
from email.message import Message

from chalicelib.mail.charsets import decode_text
from chalicelib.mail.headers import decode_words, eight_bit, one_line, remove_nul
from chalicelib.mail.htmltext import html_to_text

MAX_PARTS = 10_000  # leaf parts read; the rest stay in the raw mail (noted)
_ATTACHED_MAIL = {"message/rfc822", "message/global"}
# What the standard library raises on broken MIME it accepted while parsing (bad parameters,
# impossible nesting, undecodable names); one bad part must not cost the rest of the mail.
PART_ERRORS = (errors.MessageError, LookupError, ValueError, TypeError, AttributeError, UnicodeError,
               RecursionError)


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    content_type: str
    content: bytes


@dataclass
class Body:
    text: str = ""
    attachments: list[MailAttachment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def leaves(msg: Message, limit: int = MAX_PARTS) -> Iterator[Message]:
    """Leaf parts in order, depth first without recursion (nesting can be thousands deep); an
    attached message is one leaf, not opened."""
    stack = [msg]
    while stack and limit > 0:
        part = stack.pop()
        payload = part.get_payload()
        if _maintype(part) == "multipart" and isinstance(payload, list):
            stack.extend(reversed([sub for sub in payload if isinstance(sub, Message)]))
        else:
            limit -= 1
            yield part


def extract(msg: Message) -> Body:
    body = Body()
    plain: list[str] = []
    html: list[str] = []
    named: list[str] = []  # inline text files: the body only when there is nothing else
    count = 0
    for count, part in enumerate(leaves(msg), start=1):
        try:
            _read_part(part, count, body, plain, html, named)
        except PART_ERRORS as exc:
            body.notes.append(f"part {count} unreadable: {type(exc).__name__}")
    if count >= MAX_PARTS:
        body.notes.append(f"only the first {MAX_PARTS} parts were read; the rest is in the raw mail")
    texts = [t for t in plain if t.strip()] or [html_to_text(h) for h in html if h.strip()] \
        or [t for t in named if t.strip()]
    text = "\n\n".join(texts).replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        body.notes.append("NUL bytes removed")
        text = remove_nul(text)
    body.text = text.strip()
    return body


def _read_part(part: Message, index: int, body: Body, plain: list[str], html: list[str],
               named: list[str]) -> None:
    ctype, name = part.get_content_type(), filename(part)
    if _maintype(part) == "multipart":
        ctype = "text/plain"  # a multipart without usable boundaries: its raw text is the body
    if ctype in ("text/plain", "text/html") and part.get_content_disposition() != "attachment":
        declared = part.get_content_charset()
        decoded = decode_text(content(part), declared)
        if decoded.guessed:
            body.notes.append(f"{ctype} declared {declared or 'no charset'}, read as {decoded.charset}")
        if not name:
            (html if ctype == "text/html" else plain).append(decoded.text)
            return
        named.append(html_to_text(decoded.text) if ctype == "text/html" else decoded.text)
    if _maintype(part) == "message" and ctype not in _ATTACHED_MAIL:
        return  # delivery-status and other report parts are not files
    default = "message.eml" if ctype in _ATTACHED_MAIL else \
        f"attachment-{index}{mimetypes.guess_extension(ctype) or '.bin'}"
    body.attachments.append(MailAttachment(name or default, ctype, content(part)))


def filename(part: Message) -> str:
    try:
        name = str(part.get_filename() or "")
    except PART_ERRORS:
        name = ""
    name = one_line(decode_words(eight_bit(name)), 255)
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip(". ")  # a name, never a path


def content(part: Message) -> bytes:
    if part.get_content_type() in _ATTACHED_MAIL:
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        if not isinstance(inner, Message):
            return str(inner).encode("utf-8", "surrogateescape")
        for mail_policy in (None, policy.compat32):
            try:
                return inner.as_bytes() if mail_policy is None else inner.as_bytes(policy=mail_policy)
            except PART_ERRORS:
                continue
        return b""
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _maintype(part: Message) -> str:
    try:
        return part.get_content_maintype()
    except PART_ERRORS:
        return "text"

