"""Machine mail (DESIGN §3): auto-replies, lists, bounces and loops are recognised."""

from __future__ import annotations

from email.message import Message
from pathlib import Path

import pytest

from chalicelib.mail.machine import automatic_reason, bounced_message_ids, classify, is_bounce, is_delay
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


# Issue 10 item 7: out-of-office replies that carry no automatic header at all.
@pytest.mark.parametrize(
    "subject",
    [
        "Automatyczna odpowiedź: Re: [#2026-000001-3] Błąd wydruku",
        "Odpowiedź automatyczna: Błąd wydruku",
        "Out of Office: Re: [#2026-000001-3] Printer error",
        "Automatic reply: RE: Printer error",
        "[External] Automatic reply: Printer error",
        "Autoreply: Printer error",
        "Auto-Reply: Printer error",
        "Abwesenheitsnotiz: AW: Druckerfehler",
        "Automatische Antwort: Druckerfehler",
        "Réponse automatique : Erreur",
        "Nieobecność: Re: [#2026-000001-3] Błąd wydruku",
        "Poza biurem: RE: Błąd wydruku",
        "Autoreply [#2026-000001-3] Błąd wydruku",
    ],
)
def test_out_of_office_by_subject(subject: str) -> None:
    msg = headers(f"From: anna@example.com\nSubject: {subject}\nIn-Reply-To: <ours@example.com>")
    assert classify(msg).kind == "auto_reply"
    assert automatic_reason(msg, signed_token=True)


@pytest.mark.parametrize(
    "subject",
    [
        "Nieobecność: jak wprowadzić urlop bezpłatny?",  # a fair question for a payroll product
        "Automatyczna odpowiedź nie działa w module kadr",
        "Re: [#2026-000001-3] Automatic reply settings",
        "Urlop macierzyński a lista płac",
        "Out of office hours support?",
    ],
)
def test_subjects_that_only_look_automatic(subject: str) -> None:
    assert automatic_reason(headers(f"From: anna@example.com\nSubject: {subject}")) is None


@pytest.mark.parametrize(
    ("extra", "kind"),
    [
        ("X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent", "auto_reply"),
        ("X-MS-Exchange-Generated-Message-Source: Transport Rule Agent", "auto_generated"),
        ("X-Autoreply: yes", "auto_reply"),
        ("X-Autorespond: Jestem na urlopie", "auto_reply"),
        ("Auto-Submitted: auto-generated", "auto_generated"),
    ],
)
def test_automatic_headers_name_their_kind(extra: str, kind: str) -> None:
    msg = headers(f"From: anna@example.com\nSubject: Re: x\n{extra}")
    assert classify(msg).kind == kind
    assert automatic_reason(msg, signed_token=True)


@pytest.mark.parametrize("value", ["DR, RN, NRN, OOF", "OOF, AutoReply", "OOF, DR, RN, NRN", "None"])
def test_auto_response_suppress_is_a_request_not_evidence(value: str) -> None:
    """Exchange adds "OOF, DR, RN, NRN" to ordinary mail that passed a list rule."""
    assert automatic_reason(headers(f"From: anna@example.com\nSubject: s\nX-Auto-Response-Suppress: {value}")) is None


# Issue 10 item 8: list headers on a person's reply to a ticket's signed address.
LIST_HEADERS = ("List-Unsubscribe: <https://sales.example/u/1>\nList-Id: Sales <sales.example>\n"
                "Precedence: bulk")


@pytest.mark.parametrize(
    "extra",
    [LIST_HEADERS, "Precedence: list", "Precedence: bulk", "Precedence: junk",
     "List-Unsubscribe: <mailto:u@example.com>", "List-Id: <news.example.com>",
     "X-Auto-Response-Suppress: All"],
)
def test_list_headers_alone_do_not_make_a_token_reply_automatic(extra: str) -> None:
    msg = headers(f"From: mark@contoso.example\nSubject: Re: [#2026-000001-3] Export\n{extra}")
    verdict = classify(msg)
    assert verdict.kind == "bulk_or_list"
    assert verdict.reason_for(signed_token=True) is None
    assert automatic_reason(msg, signed_token=True) is None
    assert automatic_reason(msg)  # elsewhere (a new mail, a reference, a subject tag) they still count


@pytest.mark.parametrize("extra", ["Auto-Submitted: auto-replied", "X-Autoreply: yes", "X-Helpdesk-Loop: dev",
                                   "Return-Path: <>"])
def test_real_automatic_evidence_beside_list_headers_still_counts(extra: str) -> None:
    msg = headers(f"From: mark@contoso.example\nSubject: Re: x\n{LIST_HEADERS}\n{extra}")
    verdict = classify(msg)
    assert verdict.kind != "bulk_or_list"
    assert verdict.reason_for(signed_token=True) == verdict.reasons[0]
    assert "List-Id header" in verdict.reasons  # weak evidence is still reported, after the strong


def test_people_are_people() -> None:
    verdict = classify(fixture("gmail_pl.eml"))
    assert (verdict.kind, verdict.reasons, verdict.automatic) == ("person", (), False)
    assert verdict.reason_for(signed_token=False) is None


# Issue 10 item 11: a delay notice is not a delivery failure; a mail without From is kept quietly.
DELAY_REPORT = ("--b\nContent-Type: text/plain\n\nStill trying.\n"
                "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\n"
                "Final-Recipient: rfc822; x@y\nAction: {action}\nStatus: 4.4.1\n"
                "--b\nContent-Type: text/rfc822-headers\n\nMessage-ID: <ours-9@example.com>\n--b--\n")


@pytest.mark.parametrize(("action", "kind"), [("delayed", "delay"), ("failed", "bounce"),
                                              ("delivered", "report"), ("relayed", "report")])
def test_delivery_reports_by_action(action: str, kind: str) -> None:
    msg = headers('From: MAILER-DAEMON@mx.example.net\nSubject: Delivery Status Notification\nMIME-Version: 1.0\n'
                  'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
                  DELAY_REPORT.format(action=action))
    assert classify(msg).kind == kind
    assert is_bounce(msg) == (kind == "bounce")
    assert is_delay(msg) == (kind == "delay")
    assert bounced_message_ids(msg) == ["ours-9@example.com"]


@pytest.mark.parametrize("subject", ["Delivery Status Notification (Delay)", "Delayed Mail (still being retried)",
                                     "Warning: could not send message for past 4 hours",
                                     "Opóźnione dostarczanie: [#2026-000001-3]", "Delivery delayed: Re: x"])
def test_delay_notices_without_a_machine_readable_report(subject: str) -> None:
    msg = headers(f"From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nSubject: {subject}")
    assert classify(msg).kind == "delay"
    assert not is_bounce(msg)
    assert automatic_reason(msg) == "delivery delay notice"


@pytest.mark.parametrize("name", ["11_delay_dsn_gmail.eml", "11_delay_postfix_text.eml"])
def test_delay_fixtures_are_delays(name: str) -> None:
    msg = parse_mail((FIXTURES / "hostile" / name).read_bytes()).headers
    assert (classify(msg).kind, is_bounce(msg), is_delay(msg)) == ("delay", False, True)


def test_no_sender_is_kept_quietly() -> None:
    msg = headers("To: helpdesk+20260000013.abc@example.com\nSubject: Re: [#2026-000001-3] x")
    verdict = classify(msg)
    assert verdict.kind == "no_sender"
    assert automatic_reason(msg, signed_token=True) == "no sender address"
