"""The hostile mails of issue 10 (and issue 11 points 4 and 8): the written ones in
fixtures/hostile/*.eml, the large ones generated here rather than committed as megabytes.

Fixtures carry placeholders that only a running desk knows: {{REPLY_ADDRESS}} (a ticket's signed
reply address), {{NUMBER}} (its number), {{OUR_MESSAGE_ID}} (a Message-ID we sent for it, without
brackets), {{REQUESTER}} (its requester), {{DESK_ADDRESS}} (the desk's inbound address) and
{{CONSULTANT}} (a consultant's address). `mails(values)` fills them in.

To write them all for a run over SMTP:
    python -m tests.mail.hostile OUT_DIR REPLY_ADDRESS=... NUMBER=... OUR_MESSAGE_ID=...
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Callable
from pathlib import Path

FOLDER = Path(__file__).parent / "fixtures" / "hostile"
SAMPLE = {
    "REPLY_ADDRESS": "helpdesk+20260000013.0123456789abcdef0123@reply.example.com",
    "NUMBER": "2026-000001-3",
    "OUR_MESSAGE_ID": "0102019a1b2c3d4e-0001@eu-west-1.amazonses.com",
    "REQUESTER": "a.zielinska@hurtownia-kolos.pl",
    "DESK_ADDRESS": "pomoc@example.com",
    "CONSULTANT": "konsultant@example.com",
}
_LOG_LINE = "2026-05-11 14:{m:02d}:{s:02d} ERROR [payroll-export] job 4411 row {n}: field NIP empty, skipped\n"


def fill(raw: bytes, values: dict[str, str]) -> bytes:
    for key, value in values.items():
        raw = raw.replace(b"{{%s}}" % key.encode(), value.encode())
    return raw


def _crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode()


def reply_200kb_log() -> bytes:
    """Item 1: a Thunderbird reply with about 200 KB of pasted log, then the usual quote."""
    log = "".join(_LOG_LINE.format(m=n // 60 % 60, s=n % 60, n=n) for n in range(2600))
    return _crlf(
        "Message-ID: <long-log-0001@contoso.example>\nDate: Tue, 12 May 2026 14:10:00 +0200\n"
        "MIME-Version: 1.0\nUser-Agent: Mozilla Thunderbird\nFrom: Mark Taylor <{{REQUESTER}}>\n"
        "To: Support <{{REPLY_ADDRESS}}>\nSubject: Re: [#{{NUMBER}}] Payroll export fails\n"
        "In-Reply-To: <{{OUR_MESSAGE_ID}}>\nReferences: <{{OUR_MESSAGE_ID}}>\n"
        "Content-Type: text/plain; charset=UTF-8; format=flowed\nContent-Transfer-Encoding: 8bit\n\n"
        f"Hi,\n\nthe whole log of last night's export:\n\n{log}\nMark\n\n"
        "On 11/05/2026 15:40, Support wrote:\n> Please send us the whole log.\n")


def single_line_1mb() -> bytes:
    """Item 1: a new mail whose text is one line of 1 MB (base64, so every SMTP line stays short)."""
    line = ("Dane eksportu: " + "0123456789;ABCDEFGHIJ;" * 47_700)[:1_048_576]
    body = base64.encodebytes(line.encode()).decode()
    return _crlf(
        "Message-ID: <one-line-0001@hurtownia-kolos.pl>\nDate: Tue, 12 May 2026 14:20:00 +0200\n"
        "From: Eksport Kadry <eksport@hurtownia-kolos.pl>\nTo: {{DESK_ADDRESS}}\n"
        "Subject: Eksport danych (jedna linia)\nMIME-Version: 1.0\n"
        f"Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: base64\n\n{body}")


def new_mail_435kb() -> bytes:
    """Item 1: a new Outlook mail of 435 KB of Polish text (quoted-printable)."""
    import quopri

    paragraph = ("Pracownik {n}: wynagrodzenie zasadnicze 6 500,00 zł, dodatek stażowy 650,00 zł, "
                 "potrącenia komornicze 0,00 zł, składki ZUS naliczone poprawnie, podatek zaliczkowy błędny.\n")
    text = "Dzień dobry,\n\nponiżej zestawienie rozbieżności za kwiecień:\n\n" + "".join(
        paragraph.format(n=n) for n in range(2_400))
    body = quopri.encodestring(text.encode("cp1250")).decode("ascii")
    return _crlf(
        "From: =?windows-1250?Q?Anna_Zieli=F1ska?= <{{REQUESTER}}>\nTo: Pomoc techniczna <{{DESK_ADDRESS}}>\n"
        "Subject: =?windows-1250?Q?Rozbie=BFno=9Cci_listy_p=B3ac_za_kwiecie=F1?=\n"
        "Date: Tue, 12 May 2026 12:30:00 +0000\n"
        "Message-ID: <DB9PR07MB1111BIG7777@DB9PR07MB1111.eurprd07.prod.outlook.com>\n"
        "Content-Type: text/plain; charset=\"windows-1250\"\nContent-Transfer-Encoding: quoted-printable\n"
        f"MIME-Version: 1.0\n\n{body}")


def attachments_3000() -> bytes:
    """Item 3: one mail with 3,000 tiny attachments."""
    parts = "".join(
        f"--b3000\nContent-Type: text/plain; name=\"plik-{n:04d}.txt\"\n"
        f"Content-Disposition: attachment; filename=\"plik-{n:04d}.txt\"\n\nwiersz {n}\n" for n in range(3_000))
    return _crlf(
        "Message-ID: <many-files-0001@hurtownia-kolos.pl>\nDate: Tue, 12 May 2026 14:30:00 +0200\n"
        "From: Eksport Kadry <eksport@hurtownia-kolos.pl>\nTo: {{DESK_ADDRESS}}\nSubject: Pliki eksportu\n"
        "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b3000\"\n\n"
        "--b3000\nContent-Type: text/plain; charset=UTF-8\n\nW załączeniu pliki eksportu.\n"
        f"{parts}--b3000--\n")


def nested_multipart(depth: int = 2_000) -> bytes:
    """Item 4's stress: multiparts nested 2,000 deep (deeper than the parser's recursion)."""
    opening = "".join(f"--n{i}\nContent-Type: multipart/mixed; boundary=\"n{i + 1}\"\n\n" for i in range(depth))
    closing = "".join(f"--n{i}--\n" for i in reversed(range(depth + 1)))
    return _crlf(
        "Message-ID: <nested-0001@evil.example>\nDate: Tue, 12 May 2026 14:40:00 +0200\n"
        "From: Nested <nested@evil.example>\nTo: {{DESK_ADDRESS}}\nSubject: Nested parts\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=\"n0\"\n\n"
        f"{opening}--n{depth}\nContent-Type: text/plain\n\nDeep inside.\n{closing}")


def adversarial_headers() -> bytes:
    """Issue 11 point 8: header and body shapes that make naive patterns backtrack."""
    return _crlf(
        "Message-ID: <adversarial-0001@evil.example>\nDate: Tue, 12 May 2026 14:50:00 +0200\n"
        f"From: {'a' * 60_000} <attacker@evil.example>\nTo: {{{{DESK_ADDRESS}}}}\n"
        f"Subject: {'=?a?q?' * 20_000}\nReferences: {'<x@y> ' * 20_000}\nMIME-Version: 1.0\n"
        f"Content-Type: multipart/mixed; boundary=\"b\"; x=\"{';' * 200_000}\"\n\n"
        f"--b\nContent-Type: text/plain\n\nOn {'x' * 60_000}\n{('From: ' + ' ' * 5_000 + 'x' + chr(10)) * 20}"
        f"{'> ' * 30_000}\n--b--\n")


def adversarial_html() -> bytes:
    """Issue 11 point 8: an HTML-only mail of unclosed tags (the stdlib HTML parser took minutes)."""
    return _crlf(
        "Message-ID: <adversarial-html-0001@evil.example>\nDate: Tue, 12 May 2026 14:55:00 +0200\n"
        "From: Html <html@evil.example>\nTo: {{DESK_ADDRESS}}\nSubject: Unclosed tags\nMIME-Version: 1.0\n"
        "Content-Type: text/html; charset=UTF-8\n\n<p>Hello</p>" + "<a " * 150_000 + "\n")


GENERATED: dict[str, Callable[[], bytes]] = {
    "01_reply_200kb_log.eml": reply_200kb_log,
    "01_single_line_1mb.eml": single_line_1mb,
    "01_new_mail_435kb.eml": new_mail_435kb,
    "03_attachments_3000.eml": attachments_3000,
    "04_nested_multipart_2000.eml": nested_multipart,
    "11_adversarial_headers.eml": adversarial_headers,
    "11_adversarial_html.eml": adversarial_html,
}


def written() -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(FOLDER.glob("*.eml"))}


def mails(values: dict[str, str] | None = None) -> dict[str, bytes]:
    """Every hostile mail by file name, placeholders filled in (SAMPLE values by default)."""
    values = {**SAMPLE, **(values or {})}
    raw = {**written(), **{name: make() for name, make in GENERATED.items()}}
    return {name: fill(data, values) for name, data in sorted(raw.items())}


def main(arguments: list[str]) -> None:
    out = Path(arguments[0])
    out.mkdir(parents=True, exist_ok=True)
    values = dict(argument.split("=", 1) for argument in arguments[1:])
    for name, data in mails(values).items():
        (out / name).write_bytes(data)
        print(f"{out / name}: {len(data):,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
