"""Send a rendered mail through SES v2 as raw MIME, so every header is ours."""

from __future__ import annotations

from typing import Any

from chalicelib.core import aws
from chalicelib.core.config import settings
from chalicelib.mail import addresses, mime, tokens
from chalicelib.mail.message import Mail, sender_address


class SendFailed(RuntimeError):
    pass


def send(mail: Mail) -> str:
    """Send one mail; returns the Message-ID SES gave it (qualified), or raises ``SendFailed``."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        raw = mime.render(mail).as_bytes(policy=mime.WIRE_POLICY)
        # SES takes ASCII domains (IDNA A-labels) in the envelope as in the header.
        recipient = addresses.outgoing_address(mail.to)
    except ValueError as exc:  # an address a header cannot carry (not one address; needs SMTPUTF8)
        raise SendFailed(f"mail cannot be written: {exc}") from exc
    if addresses.needs_smtputf8(mail.to):
        raise SendFailed(f"{mail.to!r} needs SMTPUTF8, which SES does not offer")
    config = settings()
    request: dict[str, Any] = {
        "FromEmailAddress": sender_address(),
        "Destination": {"ToAddresses": [recipient]},
        "Content": {"Raw": {"Data": raw}},
    }
    if config.ses_configuration_set:
        request["ConfigurationSetName"] = config.ses_configuration_set
    try:
        response = aws.client("sesv2").send_email(**request)
    except (BotoCoreError, ClientError) as exc:
        raise SendFailed(str(exc)) from exc
    return tokens.ses_message_id(response["MessageId"])
