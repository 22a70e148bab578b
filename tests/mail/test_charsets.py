"""Charsets (issue 10 item 9): Polish text comes out right whatever the mail claims, and NUL bytes
(item 11) leave words apart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.mail.charsets import decode_text, polish_score, repair_mojibake
from chalicelib.mail.parsing import parse_mail

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
ROOT = Path(__file__).resolve().parents[2]
POLISH = "Dzień dobry, błąd przy zamykaniu listy płac. Zażółć gęślą jaźń. Księgowość, Śliwiński, Źródło, Ącki."
NO_C1 = "Dzień dobry, mamy błąd przy zamykaniu miesiąca, proszę o pomoc. Tomasz Kąkol"  # no ś ź Ś Ź


def mail(charset: str | None, body: bytes, cte: str = "8bit") -> bytes:
    declared = f"; charset={charset}" if charset else ""
    return (f"From: a@b.pl\r\nSubject: x\r\nContent-Type: text/plain{declared}\r\n"
            f"Content-Transfer-Encoding: {cte}\r\n\r\n").encode() + body


@pytest.mark.parametrize(
    ("charset", "body", "expected"),
    [
        ("utf-8", POLISH.encode("cp1250"), POLISH),  # declared UTF-8, written in windows-1250
        ("UTF-8", NO_C1.encode("cp1250"), NO_C1),
        ("iso-8859-2", NO_C1.encode("cp1250"), NO_C1),  # mislabelled, and no C1 byte to give it away
        ("iso-8859-2", POLISH.encode("cp1250"), POLISH),
        ("windows-1250", NO_C1.encode("iso-8859-2"), NO_C1),  # the other way round
        (None, NO_C1.encode("iso-8859-2"), NO_C1),  # undeclared ISO-8859-2
        (None, POLISH.encode("cp1250"), POLISH),  # undeclared windows-1250
        ("iso-8859-1", NO_C1.encode("cp1250"), NO_C1),  # a Western label on Polish bytes
        ("us-ascii", NO_C1.encode("iso-8859-2"), NO_C1),
        ("x-unknown", NO_C1.encode("iso-8859-2"), NO_C1),
        ("utf-8", POLISH.encode().decode("latin-1").encode(), POLISH),  # UTF-8 encoded twice
        ("utf-8", POLISH.encode().decode("cp1250", "replace").encode(), POLISH.replace("Ł", "Ł")),
    ],
)
def test_polish_comes_out_right(charset: str | None, body: bytes, expected: str) -> None:
    assert parse_mail(mail(charset, body)).text == expected


@pytest.mark.parametrize(
    ("charset", "text", "codec"),
    [
        ("iso-8859-2", "Děkuji, škola žije a Šárka taky.", "iso-8859-2"),  # Czech stays Czech
        ("iso-8859-1", "Grüße aus München, España, café", "latin-1"),
        ("windows-1252", "l’été, “quotes”", "cp1252"),
        ("koi8-r", "Привет, программа не работает", "koi8-r"),
    ],
)
def test_other_languages_in_their_declared_charset_are_left_alone(charset: str, text: str, codec: str) -> None:
    assert parse_mail(mail(charset, text.encode(codec))).text == text


def test_a_mislabelled_non_polish_text_is_detected() -> None:
    text = "Привет, у меня не работает программа расчёта зарплаты, помогите пожалуйста, очень срочно."
    decoded = decode_text(text.encode("koi8-r"), "utf-8")
    assert (decoded.text, decoded.guessed) == (text, True)


def test_broken_utf8_stays_utf8() -> None:
    assert parse_mail(mail("utf-8", b"ok \xff\xfe broken")).text == "ok \ufffd\ufffd broken"
    assert parse_mail(mail("utf-8", "Zażółć gęślą ".encode() + b"\xc5" + " jaźń.".encode())).text == \
        "Zażółć gęślą \ufffd jaźń."


def test_undeclared_utf16() -> None:
    assert parse_mail(mail(None, "Dzień dobry, błąd".encode("utf-16-le"))).text == "Dzień dobry, błąd"


def test_guesses_are_noted() -> None:
    parsed = parse_mail(mail("utf-8", POLISH.encode("cp1250")))
    assert parsed.notes == ("text/plain declared utf-8, read as cp1250",)
    assert parse_mail(mail("utf-8", POLISH.encode())).notes == ()


def test_mojibake_repair_leaves_people_who_quote_mojibake_alone() -> None:
    assert repair_mojibake("BĹ‚Ä…d") == "Błąd"
    assert repair_mojibake("Błąd: widzę Ä… zamiast ą") == "Błąd: widzę Ä… zamiast ą"
    assert repair_mojibake("Ärger über Äpfel") == "Ärger über Äpfel"


def test_polish_score() -> None:
    assert polish_score("Zażółć gęślą jaźń") == 9
    assert polish_score("bł±d") == -1  # a symbol wedged between letters
    assert polish_score("błšd") == -1  # a Czech letter in a Polish word
    assert polish_score("plain ascii") == 0


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("09_utf8_declared_cp1250_pl.eml", "Księgowość prosi o szybką pomoc"),
        ("09_undeclared_iso8859_2_pl.eml", "uprawnień do źródła danych"),
        ("09_iso8859_2_label_cp1250_bytes_pl.eml", "błąd przy zamykaniu miesiąca"),
        ("09_double_encoded_utf8_pl.eml", "Łukasz Śliwiński"),
    ],
)
def test_charset_fixtures(name: str, words: str) -> None:
    parsed = parse_mail((HOSTILE / name).read_bytes())
    assert words in parsed.text
    assert "\ufffd" not in parsed.text + parsed.subject + parsed.sender_name
    assert "ł" in parsed.subject or "ń" in parsed.subject


def test_charset_normalizer_is_imported_only_on_the_fallback_path() -> None:
    code = ("import sys; from chalicelib.mail.parsing import parse_mail; "
            "parse_mail(b'From: a@b.pl\\r\\nContent-Type: text/plain; charset=utf-8\\r\\n\\r\\n'"
            " + 'Zażółć'.encode('cp1250')); print('charset_normalizer' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# Issue 10 item 11: NUL bytes.
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Dzień\x00dobry", "Dzień dobry"),
        ("Dzień\x00\x00\x00dobry", "Dzień dobry"),
        ("koniec.\x00\nNowa linia", "koniec.\nNowa linia"),
        ("\x00początek i koniec\x00", "początek i koniec"),
        ("Kod: E-17\x00\x00", "Kod: E-17"),
    ],
)
def test_nul_bytes_go_without_gluing_words(body: str, expected: str) -> None:
    parsed = parse_mail(mail("utf-8", body.encode()))
    assert parsed.text == expected
    assert "NUL bytes removed" in parsed.notes


def test_nul_in_subject_and_name() -> None:
    raw = "From: Jan\x00Kowalski <jan@x.pl>\r\nSubject: Błąd\x00wydruku\x00\r\n\r\nhi\r\n".encode()
    parsed = parse_mail(raw)
    assert (parsed.subject, parsed.sender_name) == ("Błąd wydruku", "Jan Kowalski")


def test_nul_fixture() -> None:
    assert parse_mail((HOSTILE / "11_nul_bytes_pl.eml").read_bytes()).text.startswith(
        "Dzień dobry,\n\neksport deklaracji zakończył się błędem.")
