"""Inbound mail from SES receiving (S3 + SNS): parse, match, apply."""

from __future__ import annotations

import json
import logging
from typing import Any

log = logging.getLogger(__name__)


def receive(message: str, event: dict[str, Any]) -> None:
    notification = json.loads(message)
    log.info("inbound mail %s", notification.get("mail", {}).get("messageId"))
