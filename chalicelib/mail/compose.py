"""Compose and send ticket mail: raw MIME through SES v2, so the headers are ours."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, getaddresses
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.core import aws
from chalicelib.core.config import settings
from chalicelib.mail import tokens

LOOP_HEADER = "X-Helpdesk-Loop"
# A Message-ID longer than 78 characters (SES's are) cannot be folded; the default
# policy would then RFC 2047-encode it and break threading. 998 is RFC 5322's limit.
WIRE_POLICY = policy.SMTP.clone(max_line_length=998)  # CRLF line ends, as on the wire
_TEMPLATES = Path(__file__).with_name("templates")
_HEADER_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")

SUBJECTS = {
    "acknowledgement": {"pl": "Przyjęliśmy zgłoszenie: {subject}", "en": "Request received: {subject}"},
    "reply": {"pl": "Re: {subject}", "en": "Re: {subject}"},
    "consultant_notice": {"pl": "Odpowiedź klienta: {subject}", "en": "Customer reply: {subject}"},
    "auto_close": {"pl": "Zamknięte: {subject}", "en": "Closed: {subject}"},
}
AUTOMATIC = {"acknowledgement", "consultant_notice", "auto_close"}


@dataclass
class Mail:
    """One outgoing mail about a ticket, before it is rendered."""

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


def to_customer(ticket: Any, kind: str, context: dict[str, Any]) -> Mail:
    """A mail to the ticket's requester, threaded under their last mail, else our acknowledgement."""
    references = [ref for ref in (ticket.ack_message_id, ticket.last_customer_message_id) if ref]
    return Mail(
        kind=kind,
        number=ticket.number,
        to=ticket.requester_email,
        to_name=ticket.requester_name,
        subject=ticket.subject,
        language=ticket.language,
        context=context,
        in_reply_to=ticket.last_customer_message_id or ticket.ack_message_id,
        references=references,
    )


class SendFailed(RuntimeError):
    pass


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html"]),
        keep_trailing_newline=True,
    )


def header_safe(text: str) -> str:
    """One line, whatever the input: CR/LF can never start a new header."""
    return _HEADER_UNSAFE.sub(" ", text).strip()


def render_text(mail: Mail) -> str:
    template = _environment().get_template(f"{mail.kind}.{mail.language}.txt")
    return template.render(number=mail.number, **mail.context)


def subject_line(mail: Mail) -> str:
    pattern = SUBJECTS[mail.kind][mail.language]
    return header_safe(f"[#{mail.number}] " + pattern.format(subject=mail.subject))


def compose(mail: Mail) -> EmailMessage:
    config = settings()
    text = render_text(mail)
    message = EmailMessage()
    message["From"] = config.mail_from
    message["To"] = Address(display_name=header_safe(mail.to_name), addr_spec=mail.to)
    message["Reply-To"] = mail.reply_to or tokens.reply_address(mail.number)
    message["Subject"] = subject_line(mail)
    message["Date"] = formatdate(localtime=False, usegmt=True)
    own_id = tokens.new_message_id(mail.number)
    message["Message-ID"] = own_id
    if mail.in_reply_to:
        message["In-Reply-To"] = f"<{mail.in_reply_to}>"
    references = [f"<{ref}>" for ref in mail.references if ref] + [own_id]
    message["References"] = " ".join(dict.fromkeys(references))
    message[LOOP_HEADER] = f"{config.app_name}-{config.stage}"
    if mail.kind in AUTOMATIC:
        message["Auto-Submitted"] = "auto-replied"
        message["X-Auto-Response-Suppress"] = "All"
    message["Content-Language"] = mail.language
    # Quoted-printable keeps the raw message 7-bit clean for every relay on the way.
    message.set_content(text, cte="quoted-printable")
    html = _environment().get_template("layout.html").render(
        language=mail.language,
        subject=message["Subject"],
        paragraphs=[p for p in text.split("\n\n") if p.strip()],
    )
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    return message


def sender_address() -> str:
    return getaddresses([settings().mail_from])[0][1]


def send(mail: Mail) -> str:
    """Send one mail; returns the Message-ID SES gave it (qualified), or raises ``SendFailed``."""
    from botocore.exceptions import BotoCoreError, ClientError

    message = compose(mail)
    config = settings()
    request: dict[str, Any] = {
        "FromEmailAddress": sender_address(),
        "Destination": {"ToAddresses": [mail.to]},
        "Content": {"Raw": {"Data": message.as_bytes(policy=WIRE_POLICY)}},
    }
    if config.ses_configuration_set:
        request["ConfigurationSetName"] = config.ses_configuration_set
    try:
        response = aws.client("sesv2").send_email(**request)
    except (BotoCoreError, ClientError) as exc:
        raise SendFailed(str(exc)) from exc
    return tokens.ses_message_id(response["MessageId"])
