"""parse_mail on client-shaped fixtures and on broken input: it never raises but UnparsableMail."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from chalicelib.mail.parsing import UnparsableMail, html_to_text, parse_mail

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize(
    ("name", "sender", "sender_name", "subject"),
    [
        ("gmail_pl.eml", "anna.nowak@gmail.com", "Anna Nowak",
         "Re: [#2023-000123-4] Błąd drukarki E-05"),
        ("gmail_en.eml", "john.smith@gmail.com", "John Smith",
         "Re: [#2023-000124-1] Printer error E-05"),
        ("thunderbird_pl.eml", "jan.kowalski@firma.pl", "Jan Kowalski",
         "Re: [#2023-000125-9] Sterownik drukarki nie działa"),
        ("thunderbird_pl_inline.eml", "jan.kowalski@firma.pl", "Jan Kowalski",
         "Re: [#2023-000125-9] Sterownik drukarki"),
        ("thunderbird_en.eml", "john.smith@example.org", "John Smith",
         "Re: [#2023-000126-7] Driver problem"),
        ("outlook_pl.eml", "l.wisniewski@hurtownia.pl", "Łukasz Wiśniewski",
         "RE: [#2023-000127-5] Błąd logowania"),
        ("outlook_en.eml", "mary.jones@contoso.example", "Mary Jones",
         "RE: [#2023-000128-3] Login problem"),
        ("apple_mail_en.eml", "john@icloud.example", "John Appleseed",
         "Re: [#2023-000129-0] Wi-Fi in room 12"),
        ("apple_mail_pl.eml", "jan.kowalski@icloud.example", "Jan Kowalski",
         "Re: [#2023-000130-8] Wi-Fi w pokoju 12 nie działa"),
        ("dnia_napisal_pl.eml", "m.zielinska@onet.example", "Małgorzata Zielińska",
         "Re: [#2023-000131-6] Faktura korygująca"),
        ("plain_quote.eml", "ewa@example.net", "", "Re: [#2023-000132-4] Monitor"),
        ("html_only.eml", "piotr.zalewski@example.pl", "Piotr Zalewski",
         "Re: [#2023-000133-2] VPN"),
    ],
)
def test_client_mail_headers(name: str, sender: str, sender_name: str, subject: str) -> None:
    mail = parse_mail(load(name))
    assert (mail.sender, mail.sender_name, mail.subject) == (sender, sender_name, subject)
    assert mail.date is not None and mail.date.tzinfo is not None
    assert mail.text and "\r" not in mail.text


def test_gmail_pl_ids_recipients_and_qp_body() -> None:
    mail = parse_mail(load("gmail_pl.eml"))
    assert mail.recipients == ["helpdesk+20230001234.3f9a0b1c2d3e4f5a6b7c@example.com"]
    assert mail.message_id == "CAF3xq+Yh2k=7YpB0sXw1t@mail.gmail.com"
    assert mail.in_reply_to == ["0102018c1a2b3c4d-aaaa@eu-west-1.amazonses.com"]
    assert mail.references == ["0102018c1a2b3c4d-aaaa@eu-west-1.amazonses.com",
                               "ticket-2023-000123-4@helpdesk.example.com"]
    assert mail.date == datetime(2023, 5, 4, 11, 2, 37, tzinfo=timezone(timedelta(hours=2)))
    assert "restart nie pomógł, drukarka dalej pokazuje błąd E-05" in mail.text  # QP soft break
    assert "<div" not in mail.text  # the plain part wins over the HTML one


def test_recipients_from_to_and_cc_deduplicated() -> None:
    mail = parse_mail(load("gmail_en.eml"))
    assert mail.recipients == ["helpdesk@example.com", "jane.smith@example.org"]


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("outlook_pl.eml", "Z poważaniem\nŁukasz Wiśniewski"),  # windows-1250, quoted-printable
        ("thunderbird_pl.eml", "Dziękuję, po aktualizacji"),  # ISO-8859-2, 8bit
        ("dnia_napisal_pl.eml", "Małgorzata Zielińska"),  # ISO-8859-2, base64
        ("gmail_en.eml", "the restart did not help"),  # base64
    ],
)
def test_bodies_in_any_charset_and_encoding(name: str, words: str) -> None:
    assert words in parse_mail(load(name)).text


def test_html_only_mail_becomes_readable_text() -> None:
    text = parse_mail(load("html_only.eml")).text
    assert text.startswith("Dzień dobry,\n\nnadal mam problem z VPN & pocztą:\nVPN się rozłącza\n")
    assert "Piotr <IT>" in text
    assert "> Czy problem nadal występuje?" in text  # blockquote -> quote marks
    for markup in ("<", "alert", "color:red", "Ignored title", "&amp;", "&nbsp;"):
        assert markup not in text.replace("Piotr <IT>", "").replace("<helpdesk@", "")


def test_html_to_text_details() -> None:
    html = ("<p>One<br>Two</p><p>Three &euro;</p><pre>  keep\n  this</pre>"
            "<table><tr><td>a</td><td>b</td></tr></table><![if !supportLists]>x<![endif]>")
    assert html_to_text(html) == "One\nTwo\n\nThree €\n\n  keep\n  this\na b\nx"
    assert html_to_text('<p class="MsoNormal">a</p><p class="MsoNormal">b</p>') == "a\nb"


def test_attachments_pdf_inline_image_and_attached_message() -> None:
    mail = parse_mail(load("attachments.eml"))
    assert [(a.filename, a.content_type) for a in mail.attachments] == [
        ("zrzut.png", "image/png"),
        ("faktura-łódź.pdf", "application/pdf"),  # RFC 2231 name
        ("message.eml", "message/rfc822"),
    ]
    png, pdf, eml = (a.content for a in mail.attachments)
    assert png.startswith(b"\x89PNG") and pdf.startswith(b"%PDF-1.4")
    assert b"Subject: Faktura 05/2023" in eml
    assert mail.text == "W załączniku faktura, a tu zrzut ekranu:\n[image: zrzut.png]"


@pytest.mark.parametrize(
    "raw", [b"", b"  \r\n\r\n ", b"just some text\nwith lines\n", b"\x00\x01\x02" * 100],
)
def test_nothing_usable_is_unparsable(raw: bytes) -> None:
    with pytest.raises(UnparsableMail):
        parse_mail(raw)


def test_garbage_file_is_unparsable() -> None:
    with pytest.raises(UnparsableMail):
        parse_mail(load("garbage.eml"))


def test_not_bytes_is_unparsable() -> None:
    with pytest.raises(UnparsableMail):
        parse_mail("From: a@b.pl\n\nhi")  # type: ignore[arg-type]


def mail_with(headers: str, body: bytes = b"hello\n") -> bytes:
    return headers.strip().replace("\n", "\r\n").encode() + b"\r\n\r\n" + body


@pytest.mark.parametrize(
    ("charset", "body", "expected"),
    [
        ("x-unknown", "Zażółć gęślą".encode("cp1250"), "Zażółć gęślą"),
        ("iso-8859-1", "Zażółć gęślą".encode(), "Zażółć gęślą"),  # mislabelled UTF-8
        ("iso-8859-2", "Pośpiech, źle".encode("cp1250"), "Pośpiech, źle"),  # it is cp1250
        ("windows-1250", "Łódź".encode("cp1250"), "Łódź"),
        ("utf-8", b"ok \xff\xfe broken", "ok \ufffd\ufffd broken"),
        ("", "Łódź".encode(), "Łódź"),
        ('"rot13"', b"plain", "plain"),
    ],
)
def test_any_declared_charset(charset: str, body: bytes, expected: str) -> None:
    raw = mail_with(f"From: a@b.pl\nSubject: x\nContent-Type: text/plain; charset={charset}\n"
                    "Content-Transfer-Encoding: 8bit", body)
    assert parse_mail(raw).text == expected


def test_raw_8bit_and_broken_encoded_words_in_headers() -> None:
    raw = (b"From: =?utf-8?q?Jan_Kowalsk?= <jan@example.com>\r\n"
           + "Subject: Zgłoszenie =?x-unknown?q?=B3=F3d=BC?= =?utf-8?b?broken\r\n".encode()
           + b"\r\nhi\r\n")
    mail = parse_mail(raw)
    assert mail.sender_name == "Jan Kowalsk"
    assert mail.subject.startswith("Zgłoszenie ")


@pytest.mark.parametrize(
    ("from_header", "sender"),
    [
        ("Jan Kowalski jan@example.com", "jan@example.com"),
        ("Jan Kowalski <Jan@Example.com", "jan@example.com"),
        ("<<jan@example.com>>", "jan@example.com"),
        ('"Kowalski, Jan" <jan@example.com>, other@example.com', "jan@example.com"),
        ("MAILER-DAEMON (Mail Delivery System)", "mailer-daemon"),
        ("?? ;;; ::", None),
        ("", None),
    ],
)
def test_malformed_from(from_header: str, sender: str | None) -> None:
    assert parse_mail(mail_with(f"From: {from_header}\nSubject: s")).sender == sender


def test_missing_headers_give_empty_values() -> None:
    mail = parse_mail(mail_with("To: helpdesk@example.com"))
    assert (mail.sender, mail.subject, mail.date, mail.message_id) == (None, "", None, "")
    assert (mail.in_reply_to, mail.references, mail.attachments) == ([], [], [])


def test_dates_and_ids_tolerate_bad_syntax() -> None:
    mail = parse_mail(mail_with(
        "From: a@b.pl\nDate: not a date\nDate: Thu, 04 May 2023 10:15:00 -0000\n"
        "Message-ID: abc@host\nReferences: <one@x>\n <two@x>,<two@x>\nIn-Reply-To: junk"))
    assert mail.date == datetime(2023, 5, 4, 10, 15, tzinfo=UTC)
    assert mail.message_id == "abc@host"
    assert (mail.references, mail.in_reply_to) == (["one@x", "two@x"], [])


def test_header_only_and_broken_multipart() -> None:
    assert parse_mail(b"From: a@b.pl\r\nSubject: only headers\r\n").text == ""
    raw = mail_with('From: a@b.pl\nContent-Type: multipart/mixed; boundary="missing"',
                    b"no boundary here\r\n")
    assert parse_mail(raw).text == "no boundary here"


def test_stray_line_before_headers() -> None:
    mail = parse_mail(b"\xef\xbb\xbfjunk line\r\nFrom: a@b.pl\r\nSubject: s\r\n\r\nhi\r\n")
    assert (mail.sender, mail.subject, mail.text) == ("a@b.pl", "s", "hi")


def test_attachment_filenames_are_never_paths() -> None:
    raw = mail_with('From: a@b.pl\nContent-Type: application/octet-stream\n'
                    'Content-Disposition: attachment; filename="..\\\\..\\\\evil/../x.exe"', b"MZ")
    assert parse_mail(raw).attachments[0].filename == "x.exe"


def test_mutated_mail_only_ever_raises_unparsable() -> None:
    """Cheap fuzzing: corrupt the fixtures at random; parsing must never crash."""
    sources = [p.read_bytes() for p in sorted(FIXTURES.glob("*.eml"))]
    rnd = random.Random(20230504)
    tokens = [b"\r\n", b":", b"<", b">", b"=?", b"?=", b"--", b"\x00", b"=?utf-8?b?", b'"',
              b"charset=x-unknown", b"boundary=", b"\r\n\r\n", b";"]
    for _ in range(400):
        data = bytearray(rnd.choice(sources))
        for _ in range(rnd.randint(1, 12)):
            pos = rnd.randrange(len(data))
            roll = rnd.random()
            if roll < 0.4:
                data[pos] = rnd.randrange(256)
            elif roll < 0.7:
                data[pos:pos] = rnd.choice(tokens)
            else:
                del data[pos:pos + rnd.randint(1, 40)]
        try:
            mail = parse_mail(bytes(data))
        except UnparsableMail:
            continue
        assert isinstance(mail.text, str) and isinstance(mail.subject, str)


def test_inline_text_file_is_listed_and_is_the_body_when_alone() -> None:
    raw = mail_with('From: a@b.pl\nContent-Type: text/plain; name="notes.txt"', b"hello file\r\n")
    mail = parse_mail(raw)
    assert mail.text == "hello file"
    assert [a.filename for a in mail.attachments] == ["notes.txt"]
