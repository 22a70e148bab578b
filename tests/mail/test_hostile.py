"""Every hostile mail of issue 10 (fixtures/hostile and the generated ones) as the parser and the
machine-mail check see it: who sent it, what kind of mail it is, and that its text is whole.
Where each must end in the product is in fixtures/hostile/README.md (the e2e run checks that)."""

from __future__ import annotations

from functools import lru_cache

import pytest

from chalicelib.mail.addresses import outgoing_address
from chalicelib.mail.machine import classify
from chalicelib.mail.parsing import ParsedMail, parse_mail
from tests.mail.hostile import FOLDER, GENERATED, SAMPLE, mails

REQUESTER = SAMPLE["REQUESTER"]


@lru_cache(maxsize=1)
def parsed() -> dict[str, ParsedMail]:
    return {name: parse_mail(raw) for name, raw in mails().items()}


# name: (sender, kind), where the kind decides the route (person: ticket; others: event or mailroom)
EXPECTED = {
    "01_reply_200kb_log.eml": (REQUESTER, "person"),
    "01_single_line_1mb.eml": ("eksport@hurtownia-kolos.pl", "person"),
    "01_new_mail_435kb.eml": (REQUESTER, "person"),
    "02_same_message_id_a.eml": ("biuro@hurtownia-kolos.pl", "person"),
    "02_same_message_id_b.eml": ("magazyn@hurtownia-kolos.pl", "person"),
    "03_attachments_3000.eml": ("eksport@hurtownia-kolos.pl", "person"),
    "04_nested_multipart_2000.eml": ("nested@evil.example", "person"),
    "05_idn_reply_alabel_pl.eml": ("ania@żółw.pl", "person"),
    "05_idn_new_unicode_pl.eml": ("ania@żółw.pl", "person"),
    "06_consultant_answers_notice_pl.eml": (SAMPLE["CONSULTANT"], "person"),
    "07_ooo_outlook_pl_subject_only.eml": (REQUESTER, "auto_reply"),
    "07_ooo_outlook_en_exchange_header.eml": (REQUESTER, "auto_reply"),
    "07_ooo_webmail_pl_nieobecnosc.eml": (REQUESTER, "auto_reply"),
    "07_absence_question_pl.eml": (REQUESTER, "person"),
    "08_list_headers_person_reply_en.eml": (REQUESTER, "bulk_or_list"),
    "08_list_headers_auto_submitted_en.eml": (REQUESTER, "auto_reply"),
    "09_utf8_declared_cp1250_pl.eml": ("l.sliwinski@hurtownia-kolos.pl", "person"),
    "09_undeclared_iso8859_2_pl.eml": ("l.sliwinski@hurtownia-kolos.pl", "person"),
    "09_iso8859_2_label_cp1250_bytes_pl.eml": ("t.kakol@hurtownia-kolos.pl", "person"),
    "09_double_encoded_utf8_pl.eml": ("formularz@hurtownia-kolos.pl", "person"),
    "10_outlook_fw_pl.eml": (REQUESTER, "person"),
    "10_outlook_fw_en.eml": (REQUESTER, "person"),
    "10_pasted_log_en.eml": (REQUESTER, "person"),
    "10_quoted_error_pl.eml": (REQUESTER, "person"),
    "11_nul_bytes_pl.eml": ("raporty@hurtownia-kolos.pl", "person"),
    "11_delay_dsn_gmail.eml": ("mailer-daemon@googlemail.com", "delay"),
    "11_delay_postfix_text.eml": ("mailer-daemon@mail.hurtownia-kolos.pl", "delay"),
    "11_no_from_to_token.eml": (None, "no_sender"),
    "11_display_name_spoof.eml": ("attacker@evil.example", "person"),
    "11_adversarial_headers.eml": (None, "no_sender"),
    "11_adversarial_html.eml": ("html@evil.example", "person"),
}


def test_every_hostile_mail_is_listed_here_and_in_the_readme() -> None:
    readme = (FOLDER / "README.md").read_text()
    assert set(EXPECTED) == set(mails())
    assert all(f"`{name}`" in readme for name in EXPECTED)
    assert set(GENERATED) <= set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sender_and_kind(name: str) -> None:
    mail = parsed()[name]
    sender, kind = EXPECTED[name]
    assert (mail.sender, classify(mail.headers).kind) == (sender, kind)
    assert "{{" not in mail.subject + mail.full_body  # every placeholder was filled


def test_long_texts_are_whole() -> None:
    mails_ = parsed()
    log = mails_["01_reply_200kb_log.eml"]
    assert len(log.full_body) > 200_000 and "Please send us the whole log" not in log.body
    assert log.body.endswith("Mark") and "row 2599" in log.body
    line = mails_["01_single_line_1mb.eml"].full_body
    assert len(line) == 1_048_576 and "\n" not in line
    big = mails_["01_new_mail_435kb.eml"]
    assert len(big.full_body) > 400_000 and "Pracownik 2399" in big.full_body and big.subject.startswith("Rozbieżności")


def test_same_message_id_different_mail() -> None:
    first, second = parsed()["02_same_message_id_a.eml"], parsed()["02_same_message_id_b.eml"]
    assert first.message_id == second.message_id == "20260511101500.KMC308@scanner.local"
    assert first.full_body != second.full_body and first.attachments[0].filename != second.attachments[0].filename


def test_thousands_of_attachments_and_deep_nesting() -> None:
    many = parsed()["03_attachments_3000.eml"]
    assert len(many.attachments) == 3_000 and many.full_body == "W załączeniu pliki eksportu."
    nested = parsed()["04_nested_multipart_2000.eml"]
    assert "body not readable: headers only" in nested.notes and "Deep inside." in nested.full_body


def test_internationalised_sender_gets_an_ascii_reply_address() -> None:
    assert outgoing_address(parsed()["05_idn_new_unicode_pl.eml"].sender or "") == "ania@xn--w-uga1v8h.pl"


def test_list_headers_on_a_token_reply() -> None:
    verdict = classify(parsed()["08_list_headers_person_reply_en.eml"].headers)
    assert verdict.reason_for(signed_token=True) is None and verdict.reason_for(signed_token=False)
    auto = classify(parsed()["08_list_headers_auto_submitted_en.eml"].headers)
    assert auto.reason_for(signed_token=True) == "Auto-Submitted: auto-replied"


def test_spoofed_display_name_is_text() -> None:
    mail = parsed()["11_display_name_spoof.eml"]
    assert mail.sender_name == REQUESTER and mail.sender == "attacker@evil.example"


def test_adversarial_mail_still_reads() -> None:
    headers_ = parsed()["11_adversarial_headers.eml"]
    assert headers_.full_body.startswith("On xxx") and headers_.references == ["x@y"]
    assert parsed()["11_adversarial_html.eml"].full_body.startswith("Hello\n\n<a <a")
