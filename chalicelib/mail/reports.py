"""Delivery reports: is a mail from a mail system a failure, a delay, or a success notice, and
which of our messages is it about. Pure functions that never raise."""

from __future__ import annotations

import re
from collections.abc import Callable
from email.message import Message
from email.parser import HeaderParser
from typing import TypeVar

from chalicelib.mail.bodies import PART_ERRORS
from chalicelib.mail.bounded import pattern
from chalicelib.mail.charsets import decode_bytes
from chalicelib.mail.headers import MAX_FIELD, header_values, message_ids
from chalicelib.mail.parsing import addresses

_T = TypeVar("_T")
MAX_REPORT_TEXT = 65_536  # characters of a report's text parts read for ids and actions
MAX_REPORT_PARTS = 50
_DAEMONS = {"mailer-daemon", "postmaster"}
_EMBEDDED_MESSAGES = {"message/rfc822", "message/global"}
_EMBEDDED_HEADERS = {"text/rfc822-headers", "message/global-headers"}
_DSN = {"message/delivery-status", "message/global-delivery-status"}
_ID_LINE = pattern(r"^[ \t>]*Message-ID:[ \t]*<([^<>\s]{1,998})>", re.I | re.M, limit=MAX_REPORT_TEXT)
_ACTION = pattern(r"^[ \t]*Action:[ \t]*([a-z]{1,20})", re.I | re.M, limit=MAX_REPORT_TEXT)
# Delay notices say so in the subject: Gmail "Delivery Status Notification (Delay)", Exchange
# "Delivery delayed:", sendmail/Postfix "Delayed Mail (still being retried)", "Warning: could not
# send message for past 4 hours", Polish Exchange "Opóźnione dostarczanie", German "verzögert".
_DELAY_SUBJECT = pattern(r"\bdelay(?:ed)?\b|still being retried|could not send message for past|opóźni|verzögert",
                         re.I, limit=998)


def delivery_kind(msg: Message, subject: str) -> str | None:
    """"bounce", "delay" or "report" (a success or read notice) for mail from a mail system; None
    for anything else. Per-recipient Action fields decide; without them, the subject does."""
    report_type = _safe(lambda: str(msg.get_param("report-type") or ""), "").lower()
    report = content_type(msg) == "multipart/report"
    if report and report_type not in ("", "delivery-status"):
        return "report"  # read receipts (disposition-notification) and the like
    if not (report or daemon_sender(msg)):
        return None
    actions = _actions(msg)
    if "failed" in actions:
        return "bounce"
    if "delayed" in actions:
        return "delay"
    if actions:
        return "report"  # delivered, relayed, expanded
    return "delay" if _DELAY_SUBJECT.search(subject) else "bounce" if report_type or daemon_sender(msg) else "report"


def daemon_sender(msg: Message) -> bool:
    # The local part decides: "MAILER-DAEMON@mx.example.com", "<postmaster@x>", "MAILER-DAEMON".
    senders = addresses(header_values(msg, "From"))
    return any(address.split("@")[0] in _DAEMONS for _, address in senders)


def bounced_message_ids(msg: Message) -> list[str]:
    """Message-IDs of the mail that bounced, to find its ticket: from the returned message or
    its headers, then the bounce's own In-Reply-To/References, last a "Message-ID:" text line."""
    ids: list[str] = []
    texts: list[str] = []
    for part in _parts(msg):
        ctype = _safe(part.get_content_type, "")
        payload = _safe(part.get_payload, None)
        if ctype in _EMBEDDED_MESSAGES:
            for inner in payload if isinstance(payload, list) else [payload]:
                ids += message_ids(inner, "message-id") if isinstance(inner, Message) else []
        elif ctype in _EMBEDDED_HEADERS:
            embedded = _safe(lambda part=part: HeaderParser().parsestr(_text(part).lstrip()[:MAX_FIELD * 4]), None)
            ids += message_ids(embedded, "message-id") if embedded is not None else []
        elif ctype.startswith("text/"):
            texts.append(_text(part))
    ids += message_ids(msg, "in-reply-to") + message_ids(msg, "references")
    return list(dict.fromkeys(ids or _ID_LINE.findall("\n".join(texts)[:MAX_REPORT_TEXT])))


def _actions(msg: Message) -> set[str]:
    found: set[str] = set()
    for part in _parts(msg):
        if _safe(part.get_content_type, "") not in _DSN:
            continue
        payload = _safe(part.get_payload, None)
        if isinstance(payload, list):  # the parser reads the report as header blocks
            for block in payload:
                found |= {value.strip().lower() for value in header_values(block, "Action")}
        else:
            found |= {action.lower() for action in _ACTION.findall(_text(part)[:MAX_REPORT_TEXT])}
    return found


def content_type(msg: Message) -> str:
    return _safe(msg.get_content_type, "text/plain").lower()


def _parts(msg: Message) -> list[Message]:
    """Every part (breadth first, at most MAX_REPORT_PARTS); a returned message is one part."""
    parts, queue = [], [msg]
    while queue and len(parts) < MAX_REPORT_PARTS:
        part = queue.pop(0)
        parts.append(part)
        payload = _safe(part.get_payload, None)
        if _safe(part.get_content_maintype, "") == "multipart" and isinstance(payload, list):
            queue += [sub for sub in payload if isinstance(sub, Message)]
    return parts


def _text(part: Message) -> str:
    data = _safe(lambda: part.get_payload(decode=True), None)
    if isinstance(data, bytes):
        return decode_bytes(data[:MAX_REPORT_TEXT], _safe(part.get_content_charset, None))
    payload = _safe(part.get_payload, "")
    return payload[:MAX_REPORT_TEXT] if isinstance(payload, str) else ""


def _safe(call: Callable[[], _T], default: _T) -> _T:
    try:
        return call()
    except PART_ERRORS:  # hostile mail must not stop the machine-mail checks
        return default
