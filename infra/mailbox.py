"""The mail the app sent through the emulated SES, as the mailbox page shows it.

Reads moto's SES backend directly, so it works only in the process that runs
the emulator (the local stack, and the tests).
"""

from __future__ import annotations

from email import message_from_string, policy
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Any

# What SES puts in place of the Message-ID we set (documented SES behaviour, stated here on its
# own and not taken from the app, so the tests see a wrong rule in the app as a mismatch).
SES_MESSAGE_ID_DOMAINS = {"us-east-1": "email.amazonses.com"}  # else <region>.amazonses.com


def _backend_messages() -> list[tuple[str, Any]]:
    """(region, sent message) for every mail the emulated SES sent."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    found: list[tuple[str, Any]] = []
    for region, backend in ses_backends[DEFAULT_ACCOUNT_ID].items():  # only regions in use
        found.extend((region, sent) for sent in backend.sent_messages)
    return found


def parsed(raw: str) -> EmailMessage:
    return message_from_string(raw, policy=policy.default)  # type: ignore[return-value]


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part else ""


def recipients(destinations: list[str]) -> list[str]:
    """Bare envelope addresses, once each (moto lists the To header beside the envelope)."""
    return list(dict.fromkeys(address.lower() for _, address in getaddresses(destinations) if address))


def delivered(raw: str, ses_id: str, region: str) -> EmailMessage:
    """The mail as the recipient gets it: SES replaces our Message-ID with its own."""
    message = parsed(raw)
    del message["Message-ID"]
    domain = SES_MESSAGE_ID_DOMAINS.get(region, f"{region}.amazonses.com")
    message["Message-ID"] = f"<{ses_id}@{domain}>"
    return message


def sent_messages() -> list[dict[str, Any]]:
    """Every raw mail sent, oldest first: id, from, to, subject, date, headers, text, raw."""
    rows = []
    for region, sent in _backend_messages():
        raw = getattr(sent, "raw_data", None)
        if raw is None:
            continue
        message = delivered(raw, sent.id, region)
        rows.append(
            {
                "id": sent.id,
                "from": str(message.get("From", "")),
                "to": recipients(getattr(sent, "destinations", None) or [str(message.get("To", ""))]),
                "subject": str(message.get("Subject", "")),
                "date": str(message.get("Date", "")),
                "headers": {k: str(v) for k, v in message.items()},
                "text": text_of(message),
                "raw": message.as_string(),
            }
        )
    return rows
