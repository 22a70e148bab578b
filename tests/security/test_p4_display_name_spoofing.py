"""Point 4: display-name spoofing.

The attack: ``From: anna@example.org <attacker@evil.example>`` was recorded as Anna and
matched to her ticket. The address is the identity; a display name is text. Reading the
address out of the header is mail parsing's part; here: matching compares plain addresses
only, and a display name that holds an address is never shown as the sender's name.
"""

from __future__ import annotations

import pytest

from chalicelib.core.tables import ThreadEntry, Ticket
from chalicelib.mail import matching
from tests.fixtures import post_json, submit
from tests.security.helpers import SUPPORT, inbound, raw_mail

ANNA = "anna@example.org"
ATTACKER = "attacker@evil.example"


@pytest.fixture
def annas_ticket(client, consultant):
    number = submit(client, email=ANNA).json_body["number"]
    post_json(client, f"/consultant/tickets/{number}/close", {}, consultant)
    return number


def _spoof(client, number: str, from_header: str) -> None:
    raw = raw_mail([("From", from_header), ("To", SUPPORT), ("Subject", f"Re: [#{number}] Zmiana konta")],
                   "Proszę przelewać na nowy rachunek.")
    inbound(client, raw, ATTACKER, [SUPPORT])


def _annas_messages(number: str) -> list[str]:
    return [e.body for e in ThreadEntry.query(number, consistent_read=True) if e.kind == "message"]


def test_quoted_address_as_display_name_is_text(client, annas_ticket, consultant):
    _spoof(client, annas_ticket, f'"{ANNA}" <{ATTACKER}>')
    assert Ticket.get(annas_ticket, consistent_read=True).status == "closed"
    assert "Proszę przelewać na nowy rachunek." not in _annas_messages(annas_ticket)
    [opened] = Ticket.by_requester.query(ATTACKER)
    # The desk never shows Anna's address as this sender's name.
    assert (opened.requester_email, opened.requester_name) == (ATTACKER, ATTACKER)
    view = client.http.get(f"/consultant/tickets/{opened.number}", headers=consultant).json_body
    assert view["requester"] == {"email": ATTACKER, "name": ATTACKER, "phone": None, "company": None}


@pytest.mark.xfail(reason="reading the address from this header is mail parsing's part of point 4 "
                          "(the parsing split); until it lands the parser takes Anna's address", strict=False)
def test_unquoted_address_as_display_name_is_text(client, annas_ticket):
    _spoof(client, annas_ticket, f"{ANNA} <{ATTACKER}>")
    assert Ticket.get(annas_ticket, consistent_read=True).status == "closed"
    assert "Proszę przelewać na nowy rachunek." not in _annas_messages(annas_ticket)
    assert [t.requester_email for t in Ticket.by_requester.query(ATTACKER)] == [ATTACKER]


def test_matching_compares_plain_addresses_only():
    def requester_of(number: str) -> str:
        return ANNA

    for sender in (f"{ANNA} <{ATTACKER}>", f'"{ANNA}" <{ATTACKER}>', f"Anna <{ANNA}>", f"{ANNA}\n", "anna"):
        found = matching.match(sender=sender, recipients=[], referenced_ids=[],
                               subject="Re: [#2026-000001-5]", ticket_of_reference=lambda _: None,
                               requester_of=requester_of, sender_authenticated=True)
        assert found is None if sender.strip() != ANNA else found is not None, sender
    assert matching.sender_identity(" Anna@Example.org ") == ANNA


def test_display_names_holding_an_address_are_replaced_by_the_sender_address():
    assert matching.display_name("anna@example.org", ATTACKER) == ATTACKER
    assert matching.display_name("Anna Nowak (anna\uff20example.org)", ATTACKER) == ATTACKER
    assert matching.display_name("  Anna   Nowak ", ATTACKER) == "Anna Nowak"
    assert matching.display_name("", ATTACKER) == ATTACKER
