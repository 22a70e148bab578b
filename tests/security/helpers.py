"""What the security tests share: the raw mail SES was handed, and inbound mail
delivered the way SES receiving delivers it (verdicts included)."""

from __future__ import annotations

import json
import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from chalicelib.mail.mime import WIRE_POLICY
from infra import ses_receiving

SUPPORT = "pomoc@support.example.com"
_FIELD = re.compile(rb"^[A-Za-z0-9-]+: ")


def sent_mail(aws_calls: Any) -> list[tuple[list[str], bytes]]:
    """(SES envelope recipients, raw bytes) of every SendEmail since the recorder was cleared."""
    return [
        (call.params["Destination"]["ToAddresses"], bytes(call.params["Content"]["Raw"]["Data"]))
        for call in aws_calls.of("sesv2", "SendEmail")
    ]


def header_lines(raw: bytes) -> list[bytes]:
    head, separator, _ = raw.partition(b"\r\n\r\n")
    assert separator, "no blank line after the headers"
    return head.split(b"\r\n")


def unfolded_headers(raw: bytes) -> list[str]:
    return raw.partition(b"\r\n\r\n")[0].decode().replace("\r\n ", " ").replace("\r\n\t", "\t").split("\r\n")


def header_names(raw: bytes) -> list[str]:
    return [line.split(b":", 1)[0].decode() for line in header_lines(raw) if not line[:1].isspace()]


def assert_wire_clean(raw: bytes) -> None:
    """7-bit, CRLF only, every header line a field or a fold, no line over 998 characters."""
    assert raw.isascii()
    assert b"\r" not in raw.replace(b"\r\n", b"") and b"\n" not in raw.replace(b"\r\n", b"")
    for line in header_lines(raw):
        assert _FIELD.match(line) or line[:1] in (b" ", b"\t"), line
        assert len(line) <= 998


def parsed(raw: bytes) -> EmailMessage:
    return message_from_bytes(raw, policy=policy.default)  # type: ignore[return-value]


def inbound(client: Any, raw: bytes, sender: str, recipients: list[str], **receipt: Any) -> dict:
    """Store the mail and run the inbound handler on SES's notification; ``receipt``
    overrides verdicts (e.g. ``dmarcVerdict={"status": "FAIL"}``)."""

    def dispatch(event: dict) -> None:
        if receipt:
            message = json.loads(event["Records"][0]["Sns"]["Message"])
            message["receipt"].update(receipt)
            event["Records"][0]["Sns"]["Message"] = json.dumps(message)
        client.lambda_.invoke("inbound_mail", event)

    return ses_receiving.receive(raw, sender, recipients, dispatch)


def raw_mail(headers: list[tuple[str, str]], text: str) -> bytes:
    """A mail with these header lines exactly as given (not re-encoded), and a plain text body."""
    lines = [f"{name}: {value}" for name, value in headers]
    if not any(name.lower() == "message-id" for name, _ in headers):
        lines.append(f"Message-ID: {make_msgid(domain='example.net')}")
    lines += ["MIME-Version: 1.0", 'Content-Type: text/plain; charset="utf-8"', "Content-Transfer-Encoding: 8bit"]
    return ("\r\n".join(lines) + "\r\n\r\n" + text + "\r\n").encode()


def client_mail(sender: str, to: str, subject: str, text: str, **headers: str) -> bytes:
    """A mail as a client composes it (headers encoded by the library)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = headers.pop("message_id", make_msgid(domain="example.net"))
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(text)
    return message.as_bytes(policy=WIRE_POLICY)
