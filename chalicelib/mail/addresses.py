"""E-mail addresses: one canonical form for storing and matching, one form for outgoing headers.

Canonical form (`normalize_address`): the whole address lowercased, NFC, the domain as Unicode
U-labels (IDNA 2008 with UTS 46 mapping). So `Ania@XN--W-UGA1V8H.PL`, `ania@żółw.pl` and
`ANIA@ŻÓŁW.PL` are one requester. The local part is lowercased too, although RFC 5321 lets a
server tell cases apart: this desk already lowercases addresses everywhere else (the form's
validation, the login, the token check, the rate limit), no mail server our customers use
distinguishes them, and keeping case here would make `Anna@x.pl` a stranger to her own ticket.
The U-label form is what email-validator gives the web form, so both channels store the same.

Outgoing form (`outgoing_address`): the domain as ASCII A-labels, so the mail library never
RFC 2047-encodes a domain (`ania@=?utf-8?b?...?=.pl` is undeliverable). A non-ASCII local part
cannot be written in ASCII at all: it needs SMTPUTF8 all the way (`needs_smtputf8`).

Address headers are read by `parse_addresses`, which takes an address only from an angle-addr
or, without one, from the last bare address: a display name is text, never an address
(`From: anna@example.org <attacker@evil.example>` is attacker@evil.example).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

from chalicelib.mail.bounded import pattern

MAX_HEADER = 16_384  # an address header longer than this is cut (about 200 addresses)
MAX_ADDRESS = 320  # RFC 5321: 64 for the local part, 255 for the domain
MAX_ADDRESSES = 200
# One addr-spec, dot-atom local part (Unicode letters allowed: SMTPUTF8) and dot-separated labels.
# Each character class excludes the separator that follows it, so matching is linear.
_ADDR_SPEC = pattern(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]{1,63}(?:\.[\w-]{1,63}){0,127}\.?", limit=MAX_ADDRESS)
_BARE_LOCAL = pattern(r"[\w.+-]+", limit=64)  # "MAILER-DAEMON" without a domain still names a sender


def normalize_address(text: str) -> str:
    """The stored form of an address; never raises ("" for nothing, the input lowercased when it
    is not an address)."""
    address = unicodedata.normalize("NFC", text.strip().strip("<>").strip())
    local, at, domain = address.rpartition("@")
    if not at:
        return address.lower()
    return f"{local.lower()}@{_unicode_domain(domain.rstrip('.'))}"


def outgoing_address(text: str) -> str:
    """The address to write into an outgoing header or SMTP envelope: canonical local part, A-label
    domain. Raises ValueError when the domain cannot be written in ASCII."""
    local, _, domain = normalize_address(text).rpartition("@")
    return f"{local}@{_ascii_domain(domain)}" if local else _ascii_domain(domain)


def needs_smtputf8(text: str) -> bool:
    """True when the local part is not ASCII: only an SMTPUTF8 path can carry such an address
    (SES does not offer one: the caller records the mail as undeliverable rather than mangle it)."""
    return not normalize_address(text).rpartition("@")[0].isascii()


def same_address(left: str | None, right: str | None) -> bool:
    """Whether two addresses, stored or received in any form, name the same mailbox."""
    return bool(left and right) and normalize_address(left or "") == normalize_address(right or "")


def _unicode_domain(domain: str) -> str:
    if len(domain) > 255:
        return domain.lower()
    if domain.isascii() and "xn--" not in domain.lower():
        return domain.lower()
    import idna  # only for internationalised domains

    try:
        return str(idna.decode(idna.encode(domain, uts46=True)))
    except (idna.IDNAError, UnicodeError, ValueError):
        # Not valid IDNA 2008 (emoji, symbols): still one form for one domain.
        return ".".join(_decode_label(label) for label in domain.lower().split("."))


def _decode_label(label: str) -> str:
    if label.startswith("xn--"):
        try:
            return label[4:].encode("ascii").decode("punycode").lower()
        except UnicodeError:
            return label
    return label


def _ascii_domain(domain: str) -> str:
    if domain.isascii():
        return domain
    import idna

    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        try:  # IDNA 2003 still takes some names 2008 refuses
            return domain.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise ValueError(f"domain {domain!r} has no ASCII form") from exc


def parse_addresses(values: Iterable[str], decode: Callable[[str], str] = str,
                    bare_local: bool = False) -> list[tuple[str, str]]:
    """(display name, canonical address) pairs from address header values, even broken ones.

    `decode` turns a display name's encoded words into text; it is applied to names only, after
    the address was taken, so an encoded word can never become an address. With `bare_local`, a
    value without any "@" may name a bare local part ("MAILER-DAEMON").
    """
    found: list[tuple[str, str]] = []
    for value in values:
        value = value[:MAX_HEADER]
        for entry in _entries(value):
            pair = _one(entry, bare_local and "@" not in value)
            if pair:
                name, address = pair
                found.append((" ".join(decode(name).split()), normalize_address(address)))
            if len(found) >= MAX_ADDRESSES:
                return found
    return found


_Piece = tuple[str, str]  # (text, "plain" | "quoted" | "comment")


def _entries(value: str) -> list[list[_Piece]]:
    """Split a header value into entries at commas and semicolons outside quotes, comments and angle
    brackets, each a list of pieces. A group's name ("Team: a@x, b@y;") is dropped. One pass."""
    entries: list[list[_Piece]] = []
    pieces: list[_Piece] = []
    buffer: list[str] = []
    kind, escaped, depth, angle = "plain", False, 0, 0

    def flush() -> None:
        if buffer:
            pieces.append(("".join(buffer), kind))
            buffer.clear()

    for char in value:
        if escaped:
            buffer.append(char)
            escaped = False
        elif char == "\\" and kind != "plain":
            escaped = True
        elif kind == "quoted" and char == '"' or kind == "comment" and char == ")" and depth == 1:
            flush()
            kind, depth = "plain", 0
        elif kind == "comment":
            depth += (char == "(") - (char == ")")
            buffer.append(char)
        elif kind == "quoted":
            buffer.append(char)
        elif char in '"(':
            flush()
            kind, depth = ("quoted", 0) if char == '"' else ("comment", 1)
        elif char in ",;" and not angle:
            flush()
            entries.append(pieces)
            pieces = []
        elif char == ":" and not angle and not _addressy(pieces, buffer):
            buffer.clear()  # a group name: "undisclosed-recipients:;", "Team: a@x, b@y;"
            pieces = []
        else:
            angle = max(0, angle + (char == "<") - (char == ">"))
            buffer.append(char)
    flush()
    entries.append(pieces)
    return [entry for entry in entries if entry]


def _addressy(pieces: list[_Piece], buffer: list[str]) -> bool:
    plain = "".join(text for text, kind in pieces if kind == "plain") + "".join(buffer)
    return "@" in plain or "<" in plain


def _one(entry: list[_Piece], bare_local: bool) -> tuple[str, str] | None:
    """(display name, address) of one entry. The address comes from the last angle bracket outside
    quotes; without one, from the last bare word that is an address. The rest is the name; a
    comment is the name only when there is no other ("jan@x.pl (Jan Kowalski)")."""
    comments = " ".join(text for text, kind in entry if kind == "comment")
    entry = [(text, kind) for text, kind in entry if kind != "comment"]
    plain = "".join(text for text, kind in entry if kind == "plain")
    if "<" in plain:
        inner = plain[plain.rindex("<") + 1:].split(">", 1)[0].strip()
        name_parts: list[str] = []
        for text, kind in entry:  # the name is what stands before the first bracket
            if kind == "plain" and "<" in text:
                name_parts.append(text.split("<", 1)[0])
                break
            name_parts.append(text)
        name = " ".join(part.strip() for part in name_parts if part.strip())
        return (name or comments, inner) if _is_address(inner) else None
    words = [(word, kind) for text, kind in entry for word in ([text] if kind == "quoted" else text.split())]
    for index in range(len(words) - 1, -1, -1):
        word, kind = words[index]
        if kind == "plain" and (_is_address(word) or (bare_local and _BARE_LOCAL.fullmatch(word))):
            name = " ".join(w for i, (w, _) in enumerate(words) if i != index)
            return name or comments, word
    return None


def _is_address(text: str) -> bool:
    return bool(text) and "@" in text and _ADDR_SPEC.fullmatch(text) is not None
