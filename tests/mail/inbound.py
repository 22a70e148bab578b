"""Inbound mail helpers shared by the mail and inbox tests: a mail as a client sends it, delivered
the way SES receiving does (raw to S3, SNS notification, the inbound handler)."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from chalicelib.mail.mime import WIRE_POLICY
from infra import ses_receiving


def deliver(client: Any, raw: bytes, sender: str, recipients: list[str], **receipt: Any) -> dict:
    def dispatch(event: dict) -> None:
        if receipt:
            import json

            message = json.loads(event["Records"][0]["Sns"]["Message"])
            message["receipt"].update(receipt)
            event["Records"][0]["Sns"]["Message"] = json.dumps(message)
        client.lambda_.invoke("inbound_mail", event)

    return ses_receiving.receive(raw, sender, recipients, dispatch)


def mail(sender: str, to: str, subject: str, text: str, attachment: tuple[str, str, bytes] | None = None,
         **headers: str) -> bytes:
    """A mail as a client sends it; ``attachment`` is (content type, filename, bytes)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = headers.pop("message_id", make_msgid(domain="example.org"))
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(text)
    if attachment:
        content_type, filename, content = attachment
        maintype, subtype = content_type.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes(policy=WIRE_POLICY)
