"""After a merge, mail that names the duplicate (token, references or subject tag, each alone) lands in the target."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.core.tables import ThreadEntry, Ticket
from tests.fixtures import CONSULTANT, CUSTOMER, post_json, submit
from tests.mail.test_inbound import deliver, mail

DESK = "pomoc@support.example.com"


@pytest.fixture
def merged(client, consultant, mailbox) -> dict[str, Any]:
    """B merged into A, A answered and closed; B's acknowledgement is what the customer replies to."""
    a = submit(client, email=CUSTOMER, subject="Pierwsze").json_body["number"]
    b = submit(client, email=CUSTOMER, subject="Drugie").json_body["number"]
    [ack] = [m for m in mailbox() if m["subject"].startswith(f"[#{b}] Przyjęliśmy")]
    post_json(client, f"/consultant/tickets/{a}/claim", {}, consultant)
    assert post_json(client, f"/consultant/tickets/{b}/merge", {"into": a}, consultant).status_code == 200
    post_json(client, f"/consultant/tickets/{a}/close", {}, consultant)
    assert Ticket.get(a).status == "closed"
    return {"a": a, "b": b, "reply_to": ack["headers"]["Reply-To"], "message_id": ack["headers"]["Message-ID"]}


def last_message(number: str) -> str:
    return [e.body for e in ThreadEntry.query(number) if e.kind == "message"][-1]


def test_the_duplicates_token_alone_leads_to_the_target_and_reopens_it(client, merged):
    deliver(client, mail(CUSTOMER, merged["reply_to"], "Pytanie", "Przez token."), CUSTOMER, [merged["reply_to"]])
    target = Ticket.get(merged["a"])
    assert last_message(merged["a"]) == "Przez token."
    assert target.status == "open" and target.assignee_email == CONSULTANT
    assert Ticket.get(merged["b"]).status == "merged"


def test_a_reference_to_the_duplicates_mail_alone_leads_to_the_target(client, merged):
    raw = mail(CUSTOMER, DESK, "Pytanie", "Przez referencję.", In_Reply_To=merged["message_id"])
    deliver(client, raw, CUSTOMER, [DESK])
    assert last_message(merged["a"]) == "Przez referencję." and Ticket.get(merged["a"]).status == "open"


def test_the_duplicates_subject_tag_alone_leads_to_the_target(client, merged):
    deliver(client, mail(CUSTOMER, DESK, f"Re: [#{merged['b']}] Drugie", "Przez tag."), CUSTOMER, [DESK])
    assert last_message(merged["a"]) == "Przez tag." and Ticket.get(merged["a"]).status == "open"


def test_a_stranger_with_the_duplicates_tag_still_opens_a_ticket_of_his_own(client, merged):
    deliver(client, mail("obcy@example.net", DESK, f"[#{merged['b']}] hej", "Obcy."), "obcy@example.net", [DESK])
    assert Ticket.get(merged["a"]).status == "closed"
    assert len(list(Ticket.by_requester.query("obcy@example.net"))) == 1


def test_an_auto_reply_to_the_duplicate_is_recorded_on_the_target_without_reopening(client, merged):
    raw = mail(CUSTOMER, merged["reply_to"], "Out of office", "Away", Auto_Submitted="auto-replied")
    deliver(client, raw, CUSTOMER, [merged["reply_to"]])
    assert Ticket.get(merged["a"]).status == "closed"
    assert [e.action for e in ThreadEntry.query(merged["a"])][-1] == "automatic_mail"
