"""Tell mail sent by machines (auto-replies, bounces, lists, our own loops) from mail by people.

Automatic mail is never acknowledged, answered or allowed to reopen a ticket (DESIGN §3), so an
out-of-office or another helpdesk can never ping-pong with us. Pure functions, never raising.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from email.message import Message
from email.parser import HeaderParser
from typing import TypeVar

from chalicelib.mail.parsing import addresses, decode_bytes, header_values, message_ids

_T = TypeVar("_T")
_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
_DAEMONS = {"mailer-daemon", "postmaster"}
_PRESENCE = ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress", "List-Id",
             "List-Unsubscribe")
_EMBEDDED_MESSAGES = {"message/rfc822", "message/global"}
_EMBEDDED_HEADERS = {"text/rfc822-headers", "message/global-headers"}
_ID_LINE = re.compile(r"^[ \t>]*Message-ID:[ \t]*<([^<>\s]+)>", re.IGNORECASE | re.MULTILINE)


def automatic_reason(msg: Message, loop_header: str = "X-Helpdesk-Loop") -> str | None:
    """A short reason when the mail is automatic, else None."""
    auto = _first(msg, "Auto-Submitted").split(";")[0].strip().lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    precedence = _first(msg, "Precedence").strip().lower()
    if precedence in _PRECEDENCE:
        return f"Precedence: {precedence}"
    for name in (loop_header, *_PRESENCE):
        if header_values(msg, name):
            return f"{name} header"
    if any("".join(value.split()) == "<>" for value in header_values(msg, "Return-Path")):
        return "null Return-Path"
    if _daemon_sender(msg):
        return "sent by a mailer daemon"
    if _content_type(msg) == "multipart/report":
        return "delivery or read report"
    return None


def is_bounce(msg: Message) -> bool:
    report_type = _safe(lambda: str(msg.get_param("report-type") or ""), "")
    delivery = _content_type(msg) == "multipart/report" and report_type.lower() == "delivery-status"
    return delivery or _daemon_sender(msg)


def bounced_message_ids(msg: Message) -> list[str]:
    """Message-IDs of the mail that bounced, to find its ticket: from the returned message or
    its headers, then the bounce's own In-Reply-To/References, last a "Message-ID:" text line."""
    ids: list[str] = []
    texts: list[str] = []
    for part in _parts(msg):
        ctype = _safe(part.get_content_type, "")
        payload = part.get_payload()
        if ctype in _EMBEDDED_MESSAGES:
            for inner in payload if isinstance(payload, list) else [payload]:
                ids += message_ids(inner, "message-id") if isinstance(inner, Message) else []
        elif ctype in _EMBEDDED_HEADERS:
            embedded = HeaderParser().parsestr(_text(part).lstrip())
            ids += message_ids(embedded, "message-id")
        elif ctype.startswith("text/"):
            texts.append(_text(part))
    ids += message_ids(msg, "in-reply-to") + message_ids(msg, "references")
    return list(dict.fromkeys(ids or _ID_LINE.findall("\n".join(texts))))


def _first(msg: Message, name: str) -> str:
    values = header_values(msg, name)
    return values[0] if values else ""


def _daemon_sender(msg: Message) -> bool:
    # The local part decides: "MAILER-DAEMON@mx.example.com", "<postmaster@x>", "MAILER-DAEMON".
    senders = addresses(header_values(msg, "From"))
    return any(address.split("@")[0] in _DAEMONS for _, address in senders)


def _content_type(msg: Message) -> str:
    return _safe(msg.get_content_type, "text/plain").lower()


def _parts(msg: Message) -> list[Message]:
    """Every part; a returned message is one part (its insides are not the bounce's)."""
    payload = msg.get_payload()
    if _safe(msg.get_content_maintype, "") != "multipart" or not isinstance(payload, list):
        return [msg]
    return [msg] + [p for sub in payload if isinstance(sub, Message) for p in _parts(sub)]


def _text(part: Message) -> str:
    data = _safe(lambda: part.get_payload(decode=True), None)
    if isinstance(data, bytes):
        return decode_bytes(data, _safe(part.get_content_charset, None))
    return str(part.get_payload() or "")


def _safe(call: Callable[[], _T], default: _T) -> _T:
    try:
        return call()
    except Exception:  # hostile mail must not stop the machine-mail checks
        return default
