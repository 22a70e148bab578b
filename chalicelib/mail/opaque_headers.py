"""Mail headers that carry text someone else typed (a name, a subject), built so
that text can never become another header or be decoded into one.

Why not the stock header classes: ``email``'s header parser decodes RFC 2047
encoded words it finds in the value it is given, and the folder writes what it
decoded back out. A subject typed as ``=?utf-8?q?=0D=0ABcc:_x@y?=`` passed every
CR/LF check on the text and still came out as a ``Bcc`` line (CPython 3.11
before 3.11.10 writes it raw; later ones refuse to serialize). So the headers
that hold such text use the registry's own extension point (``map_to_type``)
with classes that never parse the value: the text is neutralised (controls,
line and paragraph separators, bidi overrides) and always written as our own
encoded words, which a reader decodes to exactly that text, encoded-word
look-alikes included. Message-IDs from inbound mail are kept only when they
are plain ``local@domain`` ids.
"""

from __future__ import annotations

import re
import unicodedata
from email import policy
from email.header import Header
from email.headerregistry import Address, BaseHeader, HeaderRegistry
from typing import Any

# Bidi embedding/override/isolate controls and marks: they reorder what a reader sees.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Everything str.splitlines() breaks on, beside the C0/C1 controls.
_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_SPACES = re.compile(r"\s+")
_MESSAGE_ID = re.compile(r"[A-Za-z0-9!#$%&'*+/=^_`{|}~.-]{1,200}@[A-Za-z0-9!#$%&'*+/=^_`{|}~.-]{1,200}")
_ENCODED_WORD_WIDTH = 76
MAX_TEXT = 998


def header_text(value: object) -> str:
    """One line of plain text: controls and separators become spaces, bidi controls go.
    At most MAX_TEXT characters are read (one header line; no caller keeps more)."""
    cleaned = []
    for char in str(value or "")[:MAX_TEXT]:
        if char in BIDI_CONTROLS:
            continue
        category = unicodedata.category(char)
        cleaned.append(" " if char in _BREAKS or category in ("Cc", "Zl", "Zp") else char)
    return _SPACES.sub(" ", "".join(cleaned)).strip()


def _fold(name: str, linesep: str, *, before: str = "", text: str = "", after: str = "") -> str:
    """``name: before text after``, folded at 76 columns (RFC 2047's limit for lines with
    encoded words): ``before`` and ``after`` are ours and stay as they are, ``text``
    is always encoded, every character, ASCII too (an explicit utf-8 chunk)."""
    header = Header(header_name=name)
    for chunk, charset in ((before, "us-ascii"), (text, "utf-8"), (after, "us-ascii")):
        if chunk:
            header.append(chunk, charset)
    return f"{name}: {header.encode(maxlinelen=_ENCODED_WORD_WIDTH, linesep=linesep)}{linesep}"


class OpaqueText:
    """Subject, set as ``(tag, text)``: our tag as it is, the text neutralised and
    written as encoded words, never parsed."""

    max_count = 1

    @classmethod
    def parse(cls, value: Any, kwds: dict[str, Any]) -> None:
        tag, text = value if isinstance(value, tuple) else ("", value)
        kwds["decoded"] = header_text(f"{tag} {text}")
        kwds["tag"], kwds["text"] = header_text(tag), header_text(text)
        kwds["parse_tree"] = None

    def init(self, name: str, *, tag: str, text: str, **kwds: Any) -> None:
        super().init(name, **kwds)  # type: ignore[misc]
        self._tag, self._text = tag, text

    def fold(self, *, policy: Any) -> str:
        # Our own tag stays readable in the raw mail; what follows it is always encoded.
        return _fold(self.name, policy.linesep, before=self._tag, text=self._text)  # type: ignore[attr-defined]


class OpaqueAddress:
    """To, set as ``(display name, address)``: one address (``Address`` refuses anything
    else) with the display name neutralised and written as encoded words."""

    max_count = 1

    @classmethod
    def parse(cls, value: Any, kwds: dict[str, Any]) -> None:
        name, addr_spec = value
        address = Address(display_name=header_text(name), addr_spec=addr_spec)  # ValueError if not one address
        kwds["decoded"], kwds["address"], kwds["parse_tree"] = str(address), address, None

    def init(self, name: str, *, address: Address, **kwds: Any) -> None:
        super().init(name, **kwds)  # type: ignore[misc]
        self._address = address

    @property
    def addresses(self) -> tuple[Address, ...]:
        return (self._address,)

    def fold(self, *, policy: Any) -> str:
        address = self._address
        return _fold(self.name, policy.linesep, text=address.display_name,  # type: ignore[attr-defined]
                     after=f"<{ascii_address(address.addr_spec)}>")


def ascii_address(addr_spec: str) -> str:
    """The address as a header can carry it: the domain as IDNA A-labels. A local part beyond
    ASCII needs SMTPUTF8, which SES does not offer: ``ValueError`` (the mail fails, recorded)."""
    local, _, domain = addr_spec.rpartition("@")
    if not local.isascii():
        raise ValueError("the address needs SMTPUTF8")
    return f"{local}@{domain if domain.isascii() else domain.encode('idna').decode('ascii')}"


def _registry() -> HeaderRegistry:
    registry = HeaderRegistry(base_class=BaseHeader)
    registry.map_to_type("subject", OpaqueText)
    registry.map_to_type("to", OpaqueAddress)
    return registry


def message_ids(values: list[str | None]) -> list[str]:
    """The plain ``local@domain`` ids among ``values``, once each, in order: anything else
    (spaces, brackets, encoded words) came from someone else's mail and is dropped."""
    return list(dict.fromkeys(v for v in values if v and _MESSAGE_ID.fullmatch(v)))


# Composing: the registry above; the wire: CRLF line ends, and 998-character lines because a
# Message-ID longer than 78 characters (SES's are) cannot be folded without breaking threading.
COMPOSE_POLICY = policy.default.clone(header_factory=_registry())
WIRE_POLICY = policy.SMTP.clone(max_line_length=998, header_factory=_registry())
