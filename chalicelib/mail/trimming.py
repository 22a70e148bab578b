"""Bound the work one inbound mail can cause, before it is parsed: at most ``MAX_FILES`` files of
at most ``MAX_FILE_BYTES`` together, ``MAX_TEXT_PARTS`` text parts, ``MAX_DEPTH`` nested multiparts.

A mail of thousands of parts costs seconds per thousand in the parser and one S3 request per file;
cut down here, on the raw bytes (one pass over the MIME boundaries), it costs a fraction of a
second. Parts over the limits are left out of the copy that is parsed and described in
``Trimmed.cut``; the raw mail in S3 still holds every one of them. Pure: no AWS, never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32

MAX_FILES = 20
MAX_FILE_BYTES = 15 * 1024 * 1024  # decoded, all files of one mail together
MAX_TEXT_PARTS = 20
MAX_DEPTH = 8
CUT_NAMES = 50  # cut parts whose file names are read (the rest are counted)
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_BODY_TYPES = {"text/plain", "text/html"}


@dataclass(frozen=True)
class CutPart:
    filename: str  # "" when unnamed, or beyond the first ``CUT_NAMES`` cut parts
    content_type: str
    size: int  # bytes, decoded (estimated from the transfer encoding)


@dataclass(frozen=True)
class Trimmed:
    raw: bytes  # the mail to parse: the original when nothing was cut
    cut: list[CutPart] = field(default_factory=list)

    @property
    def cut_size(self) -> int:
        return sum(part.size for part in self.cut)


@dataclass
class _Budget:
    max_files: int
    max_bytes: int
    files: int = 0
    file_bytes: int = 0
    texts: int = 0
    cut: list[CutPart] = field(default_factory=list)


def trim(raw: bytes, max_files: int = MAX_FILES, max_bytes: int = MAX_FILE_BYTES) -> Trimmed:
    budget = _Budget(max_files, max_bytes)
    try:
        head, body = _split(raw)
        headers = _headers(head)
        if headers.get_content_maintype() != "multipart" or not headers.get_boundary():
            return Trimmed(raw)
        trimmed = head + _multipart(body, headers.get_boundary(), budget, 1)
    except Exception:  # hostile structure: parse the mail as it came, the parser has its own fallbacks
        return Trimmed(raw)
    return Trimmed(trimmed, budget.cut) if budget.cut else Trimmed(raw)


def _split(entity: bytes) -> tuple[bytes, bytes]:
    """Header block (with the blank line) and body of an entity."""
    end = _HEAD_END.search(entity)
    return (entity, b"") if end is None else (entity[:end.end()], entity[end.end():])


def _headers(head: bytes) -> Message:
    return BytesHeaderParser(policy=compat32).parsebytes(head)


def _multipart(body: bytes, boundary: str, budget: _Budget, depth: int) -> bytes:
    """The body with the parts over the budget left out; everything kept is kept byte for byte."""
    delimiter = re.compile(rb"(?m)^--" + re.escape(boundary.encode("ascii", "replace")) + rb"(--)?[ \t]*(?:\r?\n|\Z)")
    marks = list(delimiter.finditer(body))
    if not marks:
        return body
    pieces = [body[:marks[0].start()]]  # the preamble
    closed = False
    for index, mark in enumerate(marks):
        if closed:
            break
        closed = mark.group(1) is not None
        end = marks[index + 1].start() if index + 1 < len(marks) else len(body)
        if closed:  # the closing delimiter and the epilogue
            pieces.append(body[mark.start():])
            break
        part = _part(body[mark.end():end], budget, depth)
        if part is not None:
            pieces.append(mark.group(0) + part)
    if not closed:
        pieces.append(b"\r\n--" + boundary.encode("ascii", "replace") + b"--\r\n")
    return b"".join(pieces)


_CONTENT_TYPE = re.compile(rb"(?im)^content-type:\s*([!#$%&'*+.^`|~\w-]+/[!#$%&'*+.^`|~\w-]+)")
_ATTACHMENT = re.compile(rb"(?im)^content-disposition:\s*attachment")
_NAMED = re.compile(rb"(?i)[;\s](?:file)?name\*?(?:\*\d+\*?)?\s*=")
_BASE64 = re.compile(rb"(?im)^content-transfer-encoding:\s*base64")


def _part(part: bytes, budget: _Budget, depth: int) -> bytes | None:
    """The part as kept (nested multiparts trimmed too), or None when it is cut.

    Read with regular expressions, not the header parser: a mail of 10,000 parts takes a tenth of
    the time, and only a multipart's boundary or a cut file's name needs the parser.
    """
    head, body = _split(part)
    found = _CONTENT_TYPE.search(head)
    ctype = found.group(1).decode("ascii").lower() if found else "text/plain"
    if ctype.startswith("multipart/") and depth < MAX_DEPTH:
        boundary = _headers(head).get_boundary()
        if boundary:
            return head + _multipart(body, boundary, budget, depth + 1)
    is_text = ctype in _BODY_TYPES and not _NAMED.search(head) and not _ATTACHMENT.search(head)
    if is_text and budget.texts < MAX_TEXT_PARTS:
        budget.texts += 1
        return part
    size = _decoded_size(head, body)
    if not is_text and budget.files < budget.max_files and budget.file_bytes + size <= budget.max_bytes:
        budget.files += 1
        budget.file_bytes += size
        return part
    named = len(budget.cut) < CUT_NAMES  # the names of the first few say what is missing
    budget.cut.append(CutPart(_filename(_headers(head)) if named else "", ctype, size))
    return None


def _filename(headers: Message) -> str:
    try:
        return str(headers.get_filename() or "")
    except Exception:
        return ""


def _decoded_size(head: bytes, body: bytes) -> int:
    if _BASE64.search(head):  # four characters for three bytes, line breaks aside
        return (len(body) - body.count(b"\n") - body.count(b"\r")) * 3 // 4
    return len(body)
