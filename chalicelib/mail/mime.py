"""A ``Mail`` rendered as MIME: templates (text and escaped HTML), threading headers, wire policy."""

from __future__ import annotations

import re
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.core.config import settings
from chalicelib.mail import tokens
from chalicelib.mail.message import Mail

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
    "closed": {"pl": "Zamknięte: {subject}", "en": "Closed: {subject}"},
}
AUTOMATIC = {"acknowledgement", "consultant_notice", "closed"}


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


def render(mail: Mail) -> EmailMessage:
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


