"""matching.match on its own (DESIGN §3): a genuine token, then references, then the subject
tag, the last two only from the ticket's requester. The lookups are dicts; tokens are signed
with a fixed test key instead of the one in SSM."""

from __future__ import annotations

import pytest

from chalicelib.core import parameters
from chalicelib.mail import tokens
from chalicelib.mail.matching import Match, match, subject_numbers

ANNA_TICKET, BOLEK_TICKET = "2026-000123-8", "2026-000456-7"
REQUESTERS = {ANNA_TICKET: "anna@example.org", BOLEK_TICKET: "bolek@example.net"}
# Message-IDs we sent or received, as the thread index maps them to tickets.
REFERENCES = {"0102018c1a2b3c4d-aaaa@eu-central-1.amazonses.com": ANNA_TICKET,
              "CAF3xq+Yh2k@mail.gmail.com": BOLEK_TICKET}


@pytest.fixture(autouse=True)
def signing_key(monkeypatch):
    monkeypatch.setattr(parameters, "get", lambda name: {parameters.REPLY_TOKEN_KEY: "test-key"}[name])


def matched(sender: str = "anna@example.org", recipients: tuple[str, ...] = ("pomoc@support.example.com",),
            references: tuple[str, ...] = (), subject: str = "Pytanie") -> Match | None:
    return match(sender=sender, recipients=recipients, referenced_ids=references, subject=subject,
                 ticket_of_reference=REFERENCES.get, requester_of=REQUESTERS.get, sender_authenticated=True)


def test_a_genuine_token_names_the_ticket_whoever_writes():
    address = tokens.reply_address(ANNA_TICKET)
    assert address.startswith("pomoc+20260001238.") and address.endswith("@support.example.com")
    assert matched(recipients=(address,)) == Match(ANNA_TICKET, "token")
    # A forward from a colleague still carries the token: it is the ticket's own address.
    assert matched(sender="kolega@example.org", recipients=(address,)) == Match(ANNA_TICKET, "token")


def test_a_forged_or_foreign_token_is_no_evidence():
    genuine = tokens.reply_address(ANNA_TICKET)
    forged = genuine.replace("20260001238", "20260004567")  # Bolek's digits, Anna's signature
    assert matched(sender="bolek@example.net", recipients=(forged,)) is None
    other_domain = genuine.replace("@support.example.com", "@example.com")
    assert matched(recipients=(other_domain,)) is None
    assert matched(recipients=("pomoc+20260001238.0123456789abcdef0123@support.example.com",)) is None


def test_a_token_for_a_ticket_that_does_not_exist_is_ignored():
    assert matched(recipients=(tokens.reply_address("2026-000999-7"),)) is None


def test_a_reference_counts_only_from_the_requester():
    sent_to_anna = ("0102018c1a2b3c4d-aaaa@eu-central-1.amazonses.com",)
    assert matched(references=sent_to_anna) == Match(ANNA_TICKET, "reference")
    assert matched(sender="ANNA@Example.org", references=sent_to_anna) == Match(ANNA_TICKET, "reference")
    assert matched(sender="obcy@example.com", references=sent_to_anna) is None


def test_our_own_message_id_is_a_reference_without_a_lookup():
    own = tokens.new_message_id(BOLEK_TICKET).strip("<>")
    assert own.startswith("t20260004567.") and own.endswith("@support.example.com")
    assert matched(sender="bolek@example.net", references=(own,)) == Match(BOLEK_TICKET, "reference")
    assert matched(sender="anna@example.org", references=(own,)) is None


def test_the_first_reference_that_fits_wins():
    references = ("unknown@example.com", "CAF3xq+Yh2k@mail.gmail.com",
                  "0102018c1a2b3c4d-aaaa@eu-central-1.amazonses.com")
    assert matched(sender="bolek@example.net", references=references) == Match(BOLEK_TICKET, "reference")


def test_the_subject_tag_counts_only_from_the_requester():
    assert matched(subject="Re: [#2026-000123-8] Pytanie") == Match(ANNA_TICKET, "subject")
    assert matched(subject="Re: [# 2026 000123 8 ] Pytanie") == Match(ANNA_TICKET, "subject")
    assert matched(sender="obcy@example.com", subject="Re: [#2026-000123-8] Pytanie") is None


def test_a_tag_with_a_wrong_check_digit_is_no_evidence():
    assert subject_numbers("[#2026-000123-8] [#2026-000123-9] [#2026-000456-7]") == [ANNA_TICKET, BOLEK_TICKET]
    assert matched(subject="Re: [#2026-000123-9] Pytanie") is None


def test_stronger_evidence_wins():
    token = tokens.reply_address(ANNA_TICKET)
    bolek_reference = ("CAF3xq+Yh2k@mail.gmail.com",)
    assert matched(sender="bolek@example.net", recipients=(token,), references=bolek_reference,
                   subject="[#2026-000456-7]") == Match(ANNA_TICKET, "token")
    assert matched(sender="bolek@example.net", references=bolek_reference,
                   subject="[#2026-000123-8]") == Match(BOLEK_TICKET, "reference")


def test_nothing_that_fits_opens_a_new_ticket():
    assert matched(sender="nowy@example.com") is None


@pytest.mark.parametrize(("region", "expected"), [
    ("eu-central-1", "0102018c1a2b3c4d-5e6f@eu-central-1.amazonses.com"),
    ("eu-west-1", "0102018c1a2b3c4d-5e6f@eu-west-1.amazonses.com"),
    ("us-east-1", "0102018c1a2b3c4d-5e6f@email.amazonses.com"),
])
def test_the_id_ses_returns_is_stored_as_the_message_id_ses_gave_the_mail(region, expected, monkeypatch):
    from chalicelib.core.config import settings

    monkeypatch.setenv("AWS_DEFAULT_REGION", region)
    settings.cache_clear()
    try:
        assert tokens.ses_message_id("0102018c1a2b3c4d-5e6f") == expected
    finally:
        monkeypatch.undo()
        settings.cache_clear()
