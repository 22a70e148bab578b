"""Point 1: header and body injection through encoded words, line separators and bidi controls.

The attack: a subject such as ``Pytanie =?utf-8?q?=0D=0AReply-To:_billing@attacker.example...?=``
passed the CR/LF check (it has none) and the mail library decoded the encoded word into the
header it wrote: the acknowledgement carried the attacker's Reply-To, extra headers and body.
The same in the name produced a Bcc. Every field that reaches a mail is fed every variant
here, and the raw bytes SES was handed are checked.
"""

from __future__ import annotations

import base64
from email.header import decode_header, make_header

import pytest

from chalicelib.core.tables import Ticket
from chalicelib.mail import mime, send, tokens
from chalicelib.mail.message import Mail
from tests.fixtures import CONSULTANT, CUSTOMER, post_json, submit
from tests.security.helpers import (
    SUPPORT,
    assert_wire_clean,
    header_names,
    inbound,
    parsed,
    raw_mail,
    sent_mail,
    unfolded_headers,
)

ATTACK_SUBJECT = (
    "Pytanie =?utf-8?q?=0D=0AReply-To:_billing@attacker.example=0D=0AX-Injected:_1=0D=0A=0D=0APlease_pay?="
)
_BCC_B64 = base64.b64encode(b"\r\nBcc: victim@example.com").decode()
# Raw separators: validation refuses them in one-line fields; the composer must survive them anyway.
SEPARATORS = {
    "cr": "Eve\rBcc: victim@example.com",
    "lf": "Eve\nBcc: victim@example.com",
    "crlf": "Eve\r\nBcc: victim@example.com",
    "fold": "Eve\r\n Bcc: victim@example.com",
    "nel": "Eve\x85Bcc: victim@example.com",
    "line_separator": "Eve\u2028Bcc: victim@example.com",
    "paragraph_separator": "Eve\u2029Bcc: victim@example.com",
    "bidi_override": "Eve\u202emoc.elpmaxe@mitciv",
}
# Plain ASCII that a mail library would decode into separators: must stay text.
ENCODED = {
    "encoded_q": ATTACK_SUBJECT,
    "encoded_b": f"Eve =?utf-8?b?{_BCC_B64}?=",
    "encoded_adjacent": "=?utf-8?q?Eve=0D?= =?utf-8?q?=0ABcc:_victim@example.com?=",
    "encoded_quoted": '"=?utf-8?q?Eve=0D=0ABcc:_victim@example.com?="',
    "encoded_bidi": "Eve =?utf-8?q?=E2=80=AEmoc.elpmaxe@mitciv?=",
}
ACK_HEADERS = ["From", "To", "Reply-To", "Subject", "Date", "Message-ID", "References", "X-Helpdesk-Loop",
               "Auto-Submitted", "X-Auto-Response-Suppress", "MIME-Version", "Content-Type"]
REPLY_HEADERS = ["From", "To", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
                 "X-Helpdesk-Loop", "MIME-Version", "Content-Type"]
THREADED_ACK_HEADERS = ACK_HEADERS[:6] + ["In-Reply-To"] + ACK_HEADERS[6:]
_DANGEROUS = ("\r", "\n", "\x85", "\u2028", "\u2029", "\u202e")


def assert_one_clean_mail(raw: bytes, *, to: str, number: str | None, headers: list[str]) -> None:
    """The mail has exactly our headers, to the one recipient, with the ticket's reply
    address (``number``) or else the desk's own."""
    assert_wire_clean(raw)
    assert header_names(raw) == headers
    message = parsed(raw)
    assert [a.addr_spec for a in message["To"].addresses] == [to]
    assert "Bcc" not in message and "X-Injected" not in message
    assert all(not any(c in str(value) for c in _DANGEROUS) for value in message.values())
    if number:
        assert tokens.ticket_of_address(message["Reply-To"]) == number
    else:
        assert message["Reply-To"] == SUPPORT
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]


def _decoded_subject(raw: bytes) -> str:
    return str(parsed(raw)["Subject"])


def _decoded_display_name(raw: bytes) -> str:
    """RFC 2047 decoding of the To phrase (whitespace between adjacent encoded words dropped)."""
    [to] = [line for line in unfolded_headers(raw) if line.startswith("To: ")]
    return str(make_header(decode_header(to[4:].rpartition(" <")[0])))


@pytest.mark.parametrize("field", ["name", "subject", "company"])
def test_encoded_words_in_one_line_form_fields_stay_text(client, aws_calls, field):
    for n, (variant, value) in enumerate(ENCODED.items()):
        aws_calls.clear()
        email = f"anna.{field}.{n}@example.org"
        response = submit(client, email=email, **{field: value})
        assert response.status_code == 201, (variant, response.body)
        number = response.json_body["number"]
        [(destination, raw)] = sent_mail(aws_calls)
        assert destination == [email]
        assert_one_clean_mail(raw, to=email, number=number, headers=ACK_HEADERS)
        assert b"=?utf-8?q?=0D" not in raw.partition(b"\r\n\r\n")[0].lower()
        if field == "subject":  # shown to the customer as typed, not decoded
            assert _decoded_subject(raw) == f"[#{number}] Przyjęliśmy zgłoszenie: {value}"
        if field == "name":
            assert _decoded_display_name(raw) == value


@pytest.mark.parametrize("field", ["name", "subject", "company", "phone"])
def test_separators_and_bidi_in_one_line_form_fields_are_refused(client, aws_calls, field):
    for variant, value in SEPARATORS.items():
        aws_calls.clear()
        response = submit(client, **{field: value})
        assert response.status_code == 400, variant
        assert set(response.json_body["errors"]) == {field}
        assert sent_mail(aws_calls) == []
        assert aws_calls.of("dynamodb") == []


def test_phone_takes_no_encoded_word(client, aws_calls):
    for value in ENCODED.values():
        assert submit(client, phone=value).status_code == 400


def test_description_reaches_the_body_only(client, aws_calls):
    accepted = {k: v for k, v in {**SEPARATORS, **ENCODED}.items() if k != "nel"}
    for n, (variant, value) in enumerate(accepted.items()):
        aws_calls.clear()
        email = f"opis.{n}@example.org"
        response = submit(client, email=email, description=f"Opis\r\n\r\n{value}\r\n\r\nKoniec")
        assert response.status_code == 201, (variant, response.body)
        [(_, raw)] = sent_mail(aws_calls)
        assert_one_clean_mail(raw, to=email, number=response.json_body["number"], headers=ACK_HEADERS)
    assert submit(client, description="Opis\x85Bcc: victim@example.com").status_code == 400


@pytest.mark.parametrize("variant", [*SEPARATORS, *ENCODED])
def test_composer_neutralises_every_variant_in_name_and_subject(stack, aws_calls, variant):
    """Names and subjects also come from inbound mail and stored tickets, past any form check."""
    value = {**SEPARATORS, **ENCODED}[variant]
    number = "2026-000001-5"
    mail = Mail(
        kind="acknowledgement", number=number, to="anna@example.org", to_name=value, subject=value,
        language="pl", context={"name": value, "request_type": value, "product": value, "subject": value,
                                "description": value},
        in_reply_to=value, references=[value, "ok.id@example.org"],
    )
    aws_calls.clear()
    send.send(mail)
    [(destination, raw)] = sent_mail(aws_calls)
    assert destination == ["anna@example.org"]
    headers = ACK_HEADERS[:6] + ["References"] + ACK_HEADERS[7:]
    assert_one_clean_mail(raw, to="anna@example.org", number=number, headers=headers)
    references = str(parsed(raw)["References"]).split()
    assert references[0] == "<ok.id@example.org>" and len(references) == 2  # the attacker's "id" dropped
    if variant in ENCODED:
        assert _decoded_subject(raw) == f"[#{number}] Przyjęliśmy zgłoszenie: {mime.header_safe(value)}"
        assert mime.header_safe(value) == value.strip()  # nothing to neutralise: the text itself


def test_inbound_mail_with_encoded_subject_and_name_opens_a_ticket_with_a_clean_ack(client, aws_calls):
    raw = raw_mail(
        [("From", "=?utf-8?q?Eve=0D=0ABcc:_victim@example.com?= <eve@example.net>"), ("To", SUPPORT),
         ("Subject", "=?utf-8?q?Pytanie=0D=0AReply-To:_billing@attacker.example=0D=0A=0D=0APlease_pay?=")],
        "Treść",
    )
    aws_calls.clear()
    inbound(client, raw, "eve@example.net", [SUPPORT])
    [ticket] = Ticket.by_requester.query("eve@example.net")
    assert ticket.subject == "Pytanie Reply-To: billing@attacker.example Please pay"
    assert not any(c in ticket.requester_name for c in _DANGEROUS)
    [(destination, ack)] = sent_mail(aws_calls)
    assert destination == ["eve@example.net"]
    assert_one_clean_mail(ack, to="eve@example.net", number=ticket.number, headers=THREADED_ACK_HEADERS)


def test_reply_bodies_reach_mail_bodies_only(client, consultant, customer, aws_calls):
    number = submit(client, email=CUSTOMER).json_body["number"]
    body = "Odpowiedź\r\n\r\nBcc: victim@example.com\u2028Reply-To: x@attacker.example\r\n.\r\n" + ATTACK_SUBJECT
    aws_calls.clear()
    assert post_json(client, f"/consultant/tickets/{number}/claim", {}, consultant).status_code == 200
    assert post_json(client, f"/consultant/tickets/{number}/replies", {"body": body}, consultant).status_code == 200
    [(destination, reply)] = sent_mail(aws_calls)
    assert destination == [CUSTOMER]
    assert_one_clean_mail(reply, to=CUSTOMER, number=number, headers=REPLY_HEADERS)
    aws_calls.clear()
    assert post_json(client, f"/me/tickets/{number}/replies", {"body": body}, customer).status_code == 200
    [(destination, notice)] = sent_mail(aws_calls)
    assert destination == [CONSULTANT]
    assert_one_clean_mail(notice, to=CONSULTANT, number=None, headers=ACK_HEADERS)
