"""Addresses (issue 10 item 5, issue 11 point 4): one canonical form for storing and matching, an
ASCII form for sending, and an address is never taken from a display name."""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP

import pytest

from chalicelib.mail.addresses import (
    needs_smtputf8,
    normalize_address,
    outgoing_address,
    parse_addresses,
    same_address,
)
from chalicelib.mail.parsing import parse_mail

WIRE = SMTP.clone(max_line_length=998)


def mail_from(value: str) -> bytes:
    return f"From: {value}\r\nTo: pomoc@example.com\r\nSubject: s\r\n\r\nhi\r\n".encode()


@pytest.mark.parametrize("written", ["ania@xn--w-uga1v8h.pl", "ania@żółw.pl", "Ania@ŻÓŁW.PL", "ANIA@XN--W-UGA1V8H.PL",
                                     " <ania@żółw.pl.> "])
def test_one_stored_form_for_a_unicode_domain(written: str) -> None:
    assert normalize_address(written) == "ania@żółw.pl"


def test_parsed_senders_with_either_form_are_the_same_requester() -> None:
    alabel = parse_mail(mail_from("Ania Nowak <ania@xn--w-uga1v8h.pl>")).sender
    ulabel = parse_mail(mail_from("Ania Nowak <ania@żółw.pl>")).sender  # raw UTF-8 (SMTPUTF8)
    assert alabel == ulabel == "ania@żółw.pl"


def test_every_parsed_address_is_canonical() -> None:
    raw = ("From: Ania <Ania@XN--W-UGA1V8H.PL>\r\nTo: Pomoc <POMOC@Example.COM>, x@xn--n3h.net\r\n"
           "Cc: Kasia <kasia@ŻÓŁW.pl>\r\nSubject: s\r\n\r\nhi\r\n").encode()
    mail = parse_mail(raw)
    assert mail.sender == "ania@żółw.pl"
    assert mail.recipients == ["pomoc@example.com", "x@☃.net", "kasia@żółw.pl"]


def test_case_and_ascii_domains() -> None:
    assert normalize_address("Jan.Kowalski@Firma.PL") == "jan.kowalski@firma.pl"
    assert normalize_address("MAILER-DAEMON") == "mailer-daemon"
    assert normalize_address("") == ""
    assert same_address("Ania@XN--W-UGA1V8H.pl", "ania@żółw.pl")
    assert not same_address(None, "ania@żółw.pl")
    assert not same_address("ania@żółw.pl", "ania@zolw.pl")


def test_outgoing_form_is_ascii_and_never_encoded_by_the_mail_library() -> None:
    assert outgoing_address("ania@żółw.pl") == "ania@xn--w-uga1v8h.pl"
    assert outgoing_address("Jan@Example.com") == "jan@example.com"
    message = EmailMessage()
    message["To"] = Address(display_name="Ania Nowak", addr_spec=outgoing_address("ania@żółw.pl"))
    message.set_content("x")
    wire = message.as_bytes(policy=WIRE)
    assert b"To: Ania Nowak <ania@xn--w-uga1v8h.pl>" in wire
    assert b"=?utf-8?" not in wire


def test_the_unicode_domain_itself_would_be_mangled() -> None:
    """Why outgoing_address exists: the library RFC 2047-encodes a Unicode domain."""
    message = EmailMessage()
    message["To"] = Address(display_name="", addr_spec="ania@żółw.pl")
    message.set_content("x")
    assert b"ania@=?utf-8?" in message.as_bytes(policy=WIRE)


def test_smtputf8_local_parts_are_noted() -> None:
    assert needs_smtputf8("żaneta@firma.pl")
    assert not needs_smtputf8("ania@żółw.pl")
    assert outgoing_address("Żaneta@ŻÓŁW.pl") == "żaneta@xn--w-uga1v8h.pl"


def test_domains_idna_refuses_still_have_one_form() -> None:
    assert normalize_address("x@XN--N3H.net") == normalize_address("x@☃.net") == "x@☃.net"
    assert outgoing_address("x@☃.net") == "x@xn--n3h.net"
    with pytest.raises(ValueError):
        outgoing_address("x@" + "ż" * 300 + ".pl")


@pytest.mark.parametrize(
    "from_header",
    [
        "anna@example.org <attacker@evil.example>",
        '"anna@example.org" <attacker@evil.example>',
        '"anna@example.org" <attacker@evil.example',
        "anna@example.org attacker@evil.example",
        "=?utf-8?q?anna=40example=2Eorg?= <attacker@evil.example>",
        '"Anna <anna@example.org>" <attacker@evil.example>',
        '"Anna <anna@example.org>" attacker@evil.example',
        "anna@example.org (anna@example.org) <attacker@evil.example>",
    ],
)
def test_an_address_in_the_display_name_is_text(from_header: str) -> None:
    mail = parse_mail(mail_from(from_header))
    assert mail.sender == "attacker@evil.example"
    assert "attacker" not in mail.sender_name


def test_encoded_words_never_become_addresses() -> None:
    assert parse_mail(mail_from("<=?utf-8?q?anna=40example.org?=>")).sender is None
    assert parse_addresses(["=?utf-8?q?x?= <=?utf-8?q?a=40b.pl?=>"]) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"Kowalski, Jan" <jan@example.com>, Ewa <ewa@example.com>',
         [("Kowalski, Jan", "jan@example.com"), ("Ewa", "ewa@example.com")]),
        ("undisclosed-recipients:;", []),
        ("Zespół: a@x.pl, B@Y.pl;", [("", "a@x.pl"), ("", "b@y.pl")]),
        ("jan@x.pl (Jan Kowalski)", [("Jan Kowalski", "jan@x.pl")]),
        ('"Jan \\"JK\\" Kowalski" <jan@x.pl>', [('Jan "JK" Kowalski', "jan@x.pl")]),
        ("<<jan@example.com>>", [("", "jan@example.com")]),
        ("Jan <jan@x.pl> trailing text", [("Jan", "jan@x.pl")]),
        ("not an address at all", []),
    ],
)
def test_address_lists(value: str, expected: list[tuple[str, str]]) -> None:
    assert parse_addresses([value]) == expected


def test_address_lists_are_bounded() -> None:
    many = ", ".join(f"u{n}@example.com" for n in range(5_000))
    found = parse_addresses([many])
    assert 0 < len(found) <= 200
    assert parse_addresses(["x" * 100_000 + "@example.com"]) == []  # longer than any address
