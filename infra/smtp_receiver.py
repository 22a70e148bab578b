"""An SMTP server (aiosmtpd) that accepts mail for the support domain and hands it
to the inbound-mail handler exactly as SES receiving would."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from chalicelib.core.config import settings
from infra import ses_receiving

log = logging.getLogger("smtp")


class SupportDomainHandler:
    def __init__(self, dispatch: Callable[[dict], Any]) -> None:
        self.dispatch = dispatch

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list) -> str:
        domain = address.rpartition("@")[2].lower()
        if domain != settings().reply_domain.lower():
            return "550 5.1.1 not a mailbox of this helpdesk"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        try:
            ses_receiving.receive(raw, envelope.mail_from or "", list(envelope.rcpt_tos), self.dispatch)
        except Exception:  # the mail is already in S3; report, never drop silently
            log.exception("inbound mail handler failed")
            return "451 4.3.0 stored, processing failed; will be retried"
        return "250 Message accepted"


def start(host: str, port: int, dispatch: Callable[[dict], Any]) -> Any:
    from aiosmtpd.controller import Controller

    controller = Controller(SupportDomainHandler(dispatch), hostname=host, port=port)
    controller.start()
    return controller
