"""One outgoing mail about a ticket, before it is rendered: what every layer passes around."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.utils import getaddresses
from typing import Any

from chalicelib.core.config import settings


@dataclass
class Mail:
    kind: str
    number: str
    to: str
    to_name: str
    subject: str
    language: str
    context: dict[str, Any]
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    reply_to: str | None = None  # default: the ticket's signed reply address


def sender_address() -> str:
    return getaddresses([settings().mail_from])[0][1]
