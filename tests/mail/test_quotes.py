"""strip_quotes keeps exactly what the person wrote, for each mail client we meet."""

from __future__ import annotations

from pathlib import Path

import pytest

from chalicelib.mail.parsing import parse_mail
from chalicelib.mail.quotes import strip_quotes

FIXTURES = Path(__file__).parent / "fixtures"

CLIENTS = [
    ("gmail_pl.eml",
     "Dzień dobry,\n\nrestart nie pomógł, drukarka dalej pokazuje błąd E-05 i nic nie drukuje "
     "od rana.\n\nPozdrawiam\nAnna Nowak",
     "proszę wyłączyć drukarkę"),
    ("gmail_en.eml",
     "Hi,\n\nthe restart did not help, the printer still shows error E-05.\n\n"
     "Best regards,\nJohn Smith",
     "switch the printer off"),
    ("thunderbird_pl.eml",
     "Dziękuję, po aktualizacji sterownika wszystko działa.\n\n-- \nJan Kowalski\n"
     "Dział księgowości",
     "najnowszy sterownik"),
    ("thunderbird_pl_inline.eml",
     "Tak, od wczoraj.\n\nNie, na innym komputerze też nie działa.\n\nJan",
     "czy problem występuje"),
    ("thunderbird_en.eml", "Thanks, the new driver fixed it.\n\nJohn", "newest driver"),
    ("outlook_pl.eml",
     "Dzień dobry,\n\nw załączeniu przesyłam zrzut ekranu błędu.\n\nZ poważaniem\n"
     "Łukasz Wiśniewski\nSpecjalista ds. zakupów",
     "Wiadomość oryginalna"),
    ("outlook_en.eml",
     "Hello,\n\nI still cannot log in, the account seems locked.\n\nRegards,\nMary Jones",
     "try to log in again"),
    ("apple_mail_en.eml", "Thanks, that fixed it.\n\nJohn\n\nSent from my iPhone",
     "forget the network"),
    ("apple_mail_pl.eml", "Dziękuję, działa.\n\nJan", "zapomnieć sieć"),
    ("dnia_napisal_pl.eml",
     "Dzień dobry,\nproszę o fakturę korygującą.\n\nMałgorzata Zielińska",
     "wysłana pocztą"),

    ("html_only.eml",
     "Dzień dobry,\n\nnadal mam problem z VPN & pocztą:\nVPN się rozłącza\n"
     "Outlook pyta o hasło\nPozdrawiam\nPiotr <IT>",
     "nadal występuje"),
]


# What we sent before: "> " quotes of it go even without a reply header above them.
OURS = {"plain_quote.eml": ["Czy monitor działa po zmianie kabla?\n\nZespół wsparcia"]}


@pytest.mark.parametrize(("name", "new_text", "quoted"), [
    *CLIENTS,
    ("plain_quote.eml", "Proszę o zamknięcie zgłoszenia, problem rozwiązany.\n\nEwa", "po zmianie kabla"),
])
def test_client_reply_keeps_only_new_text(name: str, new_text: str, quoted: str) -> None:
    text = parse_mail((FIXTURES / name).read_bytes()).text
    assert quoted in text
    stripped = strip_quotes(text, ours=OURS.get(name, ()))
    assert stripped == new_text
    assert quoted not in stripped


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Outlook PL with the underscore separator instead of "Wiadomość oryginalna".
        ("Nowa treść\n\n________________________________\nOd: Helpdesk <h@example.com>\n"
         "Wysłano: czwartek, 4 maja 2023 10:15\nDo: Anna\nTemat: x\n\nstara", "Nowa treść"),
        # Outlook web: "Od/Data/Do/Temat", bold markers, no separator line.
        ("Nowa\n\n*Od:* Helpdesk <h@example.com>\n*Data:* 4 maja 2023 10:15\n*Do:* Anna\n"
         "*Temat:* x\n\nstara", "Nowa"),
        # Outlook EN "-----Original Message-----".
        ("New\n\n-----Original Message-----\nFrom: a@b.c\nSent: Thursday\nTo: x\nSubject: y\n\nold",
         "New"),
        # Gmail PL wrapped before the address.
        ("Nowe\n\nczw., 4 maj 2023 o 10:15 Jan Kowalski\n<jan.kowalski@example.com> napisał(a):\n\n"
         "> stare", "Nowe"),
        # Thunderbird PL, older form, bottom-posted.
        ("W dniu 04.05.2023 10:15, Jan Kowalski napisał:\n> stare\n\nNowe", "Nowe"),
        # Webmail "Dnia", straight after the text.
        ("Nowe\nDnia 4 maja 2023 10:15 Jan <jan@example.com> napisał(a):\n> stare", "Nowe"),
        # Older Gmail form.
        ("Nowe\n\n2013-05-04 10:15 GMT+02:00 Jan Kowalski <jan@example.com>:\n> stare", "Nowe"),
        # Nested quotes and a quoted attribution inside.
        ("Nowe\n\n> On 4 May 2023, at 10:15, J <j@example.com> wrote:\n>> old\n> older", "Nowe"),
        # Windows line endings.
        ("Nowe\r\n\r\nW dniu 4.05.2023 o 10:15, Jan pisze:\r\n> stare\r\n", "Nowe"),
        # Indentation and the signature separator stay as written; the ends are trimmed; a quote
        # without a reply header above it is not known to be history, so it stays.
        ("\n  Nowe\n  wcięcie\n\n-- \nAnna\n\n> stare", "Nowe\n  wcięcie\n\n-- \nAnna\n\n> stare"),
    ],
)
def test_other_quote_shapes(text: str, expected: str) -> None:
    assert strip_quotes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Proszę o zmianę.\nDo: jutra\nTemat: drukarka\nDzięki",  # one field is not a block
        "Hi,\nOn the other hand, as John wrote:\nwe need X.\nThanks",  # no date: not an attribution
        "Od poniedziałku nie działa.\nW dniu awarii nikt nie pisze:\nproszę o pomoc",
        "Patrz niżej\n\n---------- Forwarded message ---------\nFrom: X <x@y.pl>\n"
        "Date: Thu, 4 May 2023\nSubject: s\nTo: me\n\n> forwarded quote\nbody",  # forwards stay
        "Begin forwarded message:\n\n> From: X <x@y.pl>\n> Subject: s\n> Date: 4 May 2023",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert strip_quotes(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "> all quoted\n> nothing new",
        "On Thu, May 4, 2023 at 10:15 AM J <j@example.com> wrote:\n> only history",
        "-----Wiadomość oryginalna-----\nOd: a\nWysłano: b\nDo: c\nTemat: d\n\nstara",
    ],
)
def test_nothing_new_keeps_the_whole_message(text: str) -> None:
    assert strip_quotes(text) == text


def test_empty_text() -> None:
    assert strip_quotes("") == ""
    assert strip_quotes(" \n\n ") == ""


def test_inline_answers_between_quotes_are_kept() -> None:
    text = ("On 5/4/23 10:15 AM, Helpdesk wrote:\n> Which model?\nHP 2055\n> Since when?\n"
            "Since Monday.\n\nOn 5/3/23 9:00 AM, Anna wrote:\n>> older")
    assert strip_quotes(text) == "HP 2055\nSince Monday."


# Long lines that look like the start of a quote header (backtracking bait); bench/inbound.py times them.
HOSTILE_TEXTS = [
    "On " + "x" * 60_000,
    ("On " + "x" * 700 + "\n") * 200,
    ("On " + "x" * 480 + "\n") * 400,
    "From: " + " " * 50_000 + "x\nSent: y",
    ("Dnia 1 " + "x " * 240 + "\n") * 300,
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_long_lines_are_kept_whole(text: str) -> None:
    # None of them is a quote header; how long they take is measured by `make bench`
    # (bench/inbound.py, the same texts), not asserted here.
    assert strip_quotes(text) == text.strip()


# Issue 10 item 10: quote stripping never hides the customer's own text.
HOSTILE = FIXTURES / "hostile"


@pytest.mark.parametrize(
    ("name", "kept", "gone"),
    [
        ("10_outlook_fw_pl.eml", ["przesyłam komunikat", "Od: Biuro Rachunkowe", "KodFormularza, wiersz 14",
                                  "Jolanta Rachmistrz"], []),
        ("10_outlook_fw_en.eml", ["see below", "-----Original Message-----", "element <IBAN> in record 27"], []),
        ("10_pasted_log_en.eml", ["Date: Mon, 11 May 2026 14:02:12", "To: kadry@contoso.example",
                                  "550 5.7.1 Relaying denied", "Best regards,\nMark"],
         ["please send us the log"]),
        ("10_quoted_error_pl.eml", ["> Błąd 0x80070005: Odmowa dostępu", "> Operacja została przerwana.",
                                    "Co mamy z tym zrobić?", "Tomasz Kąkol"],
         ["proszę opisać, co dokładnie"]),
    ],
)
def test_customer_text_is_never_stripped(name: str, kept: list[str], gone: list[str]) -> None:
    mail = parse_mail((HOSTILE / name).read_bytes())
    for words in kept:
        assert words in mail.body
    for words in gone:
        assert words in mail.full_body and words not in mail.body


def test_parsed_mail_has_the_whole_text_and_the_new_text() -> None:
    mail = parse_mail((FIXTURES / "gmail_pl.eml").read_bytes())
    assert "proszę wyłączyć drukarkę" in mail.full_body
    assert "proszę wyłączyć drukarkę" not in mail.body
    assert mail.body == strip_quotes(mail.full_body) and mail.text == mail.full_body


@pytest.mark.parametrize(
    "text",
    [
        # A pasted mail log: header-like lines inside the customer's text.
        "Log:\n2026-05-11 INFO sending\nDate: Mon, 11 May 2026\nTo: kadry@x.pl\nSubject: Lista\n2026-05-11 ERROR 550",
        "Log:\n2026-05-11 INFO sending\nFrom: robot@x.pl\nDate: Mon, 11 May 2026\nTo: k@x.pl\nSubject: L\nERROR 550",
        # An error message quoted by the customer, no reply header above it.
        "Dostaję błąd:\n\n> Błąd 0x80070005: Odmowa dostępu\n\nCo robić?",
        "Dostaję błąd:\n> Error 42",
        # An attribution-like sentence without a date is prose.
        "Wczoraj o 10:15 kolega napisał:\n> Restart nie pomaga\nCo dalej?",
        # Forwards, by marker or by subject below.
        "Zobaczcie:\n\n-------- Przekazana wiadomość --------\nTemat: Błąd\nData: 11.05.2026\nOd: X\n\ntreść",
    ],
)
def test_more_text_that_stays(text: str) -> None:
    assert strip_quotes(text) == text


@pytest.mark.parametrize("subject", ["FW: Faktura", "Fwd: Faktura", "PD: Faktura", "Fw: RE: Faktura", "WG: Rechnung"])
def test_a_forward_by_subject_keeps_everything(subject: str) -> None:
    text = "Proszę zobaczyć.\n\n-----Original Message-----\nFrom: a@b.pl\nSent: Monday\nTo: c\nSubject: d\n\nTreść"
    assert strip_quotes(text, subject=subject) == text
    assert strip_quotes(text, subject="RE: FW: Faktura") == "Proszę zobaczyć."


def test_our_own_quoted_mail_goes_without_a_header() -> None:
    ours = ["Dzień dobry,\n\nproszę zrestartować serwer licencji i spróbować ponownie\nza kilka minut.\n\n"
            "Konsultant Demo\nPomoc techniczna"]
    text = ("Nadal nie działa.\n\n> Dzień dobry,\n>\n> proszę zrestartować serwer licencji i spróbować\n"
            "> ponownie za kilka minut.\n>\n> Konsultant Demo")
    assert strip_quotes(text, ours=ours) == "Nadal nie działa."
    error = "Nadal nie działa:\n\n> Błąd 17: licencja wygasła\n\nCo robić?"
    assert strip_quotes(error, ours=ours) == error  # not ours: stays


def test_an_outlook_block_under_text_counts_with_our_tag() -> None:
    text = "Nowe\nFrom: Pomoc <p@x.pl>\nSent: Monday\nTo: Anna\nSubject: RE: [#2026-000001-3] Błąd\nstare"
    assert strip_quotes(text) == "Nowe"
