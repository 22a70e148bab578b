"""Machine mail (DESIGN §3): auto-replies, lists, bounces and loops are recognised."""

from __future__ import annotations

from email.message import Message
from pathlib import Path

import pytest

from chalicelib.mail.machine import automatic_reason, bounced_message_ids, is_bounce
from chalicelib.mail.parsing import parse_mail

FIXTURES = Path(__file__).parent / "fixtures"
PEOPLE = ["gmail_pl.eml", "gmail_en.eml", "thunderbird_pl.eml", "thunderbird_pl_inline.eml",
          "thunderbird_en.eml", "outlook_pl.eml", "outlook_en.eml", "apple_mail_en.eml",
          "apple_mail_pl.eml", "dnia_napisal_pl.eml", "plain_quote.eml", "html_only.eml",
          "attachments.eml"]


def fixture(name: str) -> Message:
    return parse_mail((FIXTURES / name).read_bytes()).headers


def headers(text: str, body: str = "hello\n") -> Message:
    raw = text.strip() + "\n\n" + body
    return parse_mail(raw.replace("\n", "\r\n").encode()).headers


@pytest.mark.parametrize("name", PEOPLE)
def test_mail_from_people_is_not_automatic(name: str) -> None:
    msg = fixture(name)
    assert automatic_reason(msg) is None
    assert not is_bounce(msg)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("auto_reply.eml", "Auto-Submitted: auto-replied"),
        ("mailing_list.eml", "Precedence: list"),
        ("bounce.eml", "sent by a mailer daemon"),  # the deciding evidence comes first
    ],
)
def test_machine_fixtures(name: str, reason: str) -> None:
    assert automatic_reason(fixture(name)) == reason


@pytest.mark.parametrize(
    "extra",
    [
        "Auto-Submitted: auto-generated",
        "Auto-Submitted: auto-replied; owner-email=x@example.com",
        "Precedence: bulk",
        "Precedence: JUNK",
        "Precedence: auto_reply",
        "X-Autoreply: yes",
        "X-Autorespond: yes",
        "X-Auto-Response-Suppress: All",
        "List-Id: <news.example.com>",
        "List-Unsubscribe: <mailto:leave@example.com>",
        "Return-Path: <>",
        "X-Helpdesk-Loop: 2023-000123-4",
    ],
)
def test_each_machine_header(extra: str) -> None:
    msg = headers(f"From: someone@example.com\nSubject: s\n{extra}")
    assert automatic_reason(msg)


@pytest.mark.parametrize(
    "sender",
    ["MAILER-DAEMON@mx.example.net", "Mail Delivery System <Mailer-Daemon@mx.example.net>",
     "postmaster@example.com", "Postmaster <POSTMASTER@example.com>", "MAILER-DAEMON"],
)
def test_daemon_senders(sender: str) -> None:
    msg = headers(f"From: {sender}\nSubject: Returned mail")
    assert automatic_reason(msg) == "sent by a mailer daemon"
    assert is_bounce(msg)


@pytest.mark.parametrize(
    "extra",
    ["Auto-Submitted: no", "Precedence: first-class", "Return-Path: <jan@example.com>",
     "From: Postmaster General <jan@example.com>", "From: daemon-mailer@example.com"],
)
def test_near_misses_are_people(extra: str) -> None:
    first = "" if extra.startswith("From:") else "From: jan@example.com\n"
    assert automatic_reason(headers(f"{first}Subject: s\n{extra}")) is None


def test_own_loop_header_name_is_configurable() -> None:
    msg = headers("From: a@example.com\nX-Our-Loop: 1")
    assert automatic_reason(msg) is None
    assert automatic_reason(msg, loop_header="X-Our-Loop") == "X-Our-Loop header"


def test_read_receipt_is_automatic_but_not_a_bounce() -> None:
    msg = headers('From: jan@example.com\nMIME-Version: 1.0\nContent-Type: multipart/report; '
                  'report-type=disposition-notification; boundary="b"',
                  "--b\nContent-Type: text/plain\n\nRead.\n--b--\n")
    assert automatic_reason(msg) == "delivery or read report"
    assert not is_bounce(msg)


def test_bounce_fixture_names_the_bounced_message() -> None:
    msg = fixture("bounce.eml")
    assert is_bounce(msg)
    assert bounced_message_ids(msg) == ["0102018c1a2b3c4d-2222@eu-west-1.amazonses.com"]


def test_bounce_with_returned_headers_only_and_references() -> None:
    msg = headers(
        'From: mx@example.net\nIn-Reply-To: <ours-2@example.com>\nMIME-Version: 1.0\n'
        'Content-Type: multipart/report; report-type="delivery-status"; boundary="b"',
        "--b\nContent-Type: text/plain\n\nFailed.\n"
        "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\n"
        "Final-Recipient: rfc822; x@y\nAction: failed\nStatus: 5.0.0\n"
        "--b\nContent-Type: text/rfc822-headers\n\nFrom: helpdesk@example.com\n"
        "Message-ID:\n <ours-1@example.com>\nSubject: s\n--b--\n")
    assert is_bounce(msg)
    assert bounced_message_ids(msg) == ["ours-1@example.com", "ours-2@example.com"]


def test_plain_text_bounce_quoting_the_original() -> None:
    msg = headers("From: MAILER-DAEMON@old.example.net\nSubject: failure notice",
                  "Sorry, no mailbox here.\n\n--- Below this line is a copy of the message.\n\n"
                  "Message-ID: <ours-3@example.com>\nSubject: [#2023-000136-5]\n")
    assert bounced_message_ids(msg) == ["ours-3@example.com"]


def test_bounced_ids_of_garbage_is_empty() -> None:
    msg = headers("From: MAILER-DAEMON@x\nContent-Type: multipart/report; boundary=\"b\"",
                  "--b\nContent-Type: message/rfc822\n\n\x00\x01 not headers\n--b--\n")
    assert bounced_message_ids(msg) == []
