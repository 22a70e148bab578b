"""A ``Mail`` rendered as MIME: templates (text and escaped HTML), threading headers, wire policy."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.core.config import settings
from chalicelib.mail import opaque_headers, tokens
from chalicelib.mail.message import Mail
from chalicelib.mail.opaque_headers import WIRE_POLICY

__all__ = ["WIRE_POLICY", "header_safe", "render", "render_text", "subject_line"]

LOOP_HEADER = "X-Helpdesk-Loop"
_TEMPLATES = Path(__file__).with_name("templates")

SUBJECTS = {
    "acknowledgement": {"pl": "Przyjęliśmy zgłoszenie: {subject}", "en": "Request received: {subject}"},
    "reply": {"pl": "Re: {subject}", "en": "Re: {subject}"},
    "consultant_notice": {"pl": "Odpowiedź klienta: {subject}", "en": "Customer reply: {subject}"},
    "closed": {"pl": "Zamknięte: {subject}", "en": "Closed: {subject}"},
    "merged": {"pl": "Połączyliśmy Państwa zgłoszenia: {subject}", "en": "Your requests were joined: {subject}"},
    "answer_in_console": {"pl": "Wiadomość nie trafiła do klienta: {subject}",
                          "en": "Your mail did not reach the customer: {subject}"},
}
AUTOMATIC = {"acknowledgement", "consultant_notice", "closed", "merged", "answer_in_console"}


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html"]),
        keep_trailing_newline=True,
    )


def header_safe(text: str) -> str:
    """One line, whatever the input: no control, line separator or bidi control survives."""
    return opaque_headers.header_text(text)


def render_text(mail: Mail) -> str:
    template = _environment().get_template(f"{mail.kind}.{mail.language}.txt")
    return template.render(number=mail.number, **mail.context)


def subject_line(mail: Mail) -> tuple[str, str]:
    """Our tag, and the subject text (someone else's words in it) kept apart for the header."""
    pattern = SUBJECTS[mail.kind][mail.language]
    return f"[#{mail.number}]" if mail.number else "", pattern.format(subject=header_safe(mail.subject))


def render(mail: Mail) -> EmailMessage:
    """The mail as MIME. Text typed by others (name, subject) goes only into the opaque
    headers of ``mail.opaque_headers``; ids from inbound mail only when they are plain ids."""
    config = settings()
    text = render_text(mail)
    message = EmailMessage(policy=opaque_headers.COMPOSE_POLICY)
    message["From"] = config.mail_from
    message["To"] = (mail.to_name, mail.to)
    message["Reply-To"] = mail.reply_to or tokens.reply_address(mail.number)
    message["Subject"] = subject_line(mail)
    message["Date"] = formatdate(localtime=False, usegmt=True)
    # A mail about no ticket (a notice on mailroom mail) gets a plain id of our domain.
    own_id = tokens.new_message_id(mail.number) if mail.number else make_msgid(domain=config.reply_domain)
    message["Message-ID"] = own_id
    [in_reply_to] = opaque_headers.message_ids([mail.in_reply_to]) or [None]
    if in_reply_to:
        message["In-Reply-To"] = f"<{in_reply_to}>"
    references = [f"<{ref}>" for ref in opaque_headers.message_ids(mail.references)] + [own_id]
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
        subject=str(message["Subject"]),
        paragraphs=[p for p in text.split("\n\n") if p.strip()],
    )
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    return message


