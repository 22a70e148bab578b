"""Issue 10 item 11 (the inbox's side): a mail with no From to a ticket's signed address is kept
on the ticket for consultants, but never reopens it and is never answered."""

from __future__ import annotations

import pytest

from chalicelib.core.tables import ThreadEntry, Ticket
from tests.mail.eml import load
from tests.mail.inbound import deliver


@pytest.mark.parametrize("name", ["no_from_to_token_en", "no_from_to_token_pl"])
def test_a_mail_without_sender_to_a_token_is_kept_and_does_not_reopen(client, closed_ticket, mailbox, name):
    number, to = closed_ticket["number"], closed_ticket["reply_to"]
    sent = len(mailbox())
    deliver(client, load(name, reply_to=to), "", [to])
    assert Ticket.get(number).status == "closed"
    assert all(e.sender for e in ThreadEntry.query(number) if e.kind == "message")  # no message by nobody
    [kept] = [e for e in ThreadEntry.query(number) if e.action == "automatic_mail"]
    assert kept.internal and kept.raw_key.startswith("inbound/") and kept.detail.startswith("no sender address")
    assert len(mailbox()) == sent  # no notice, no acknowledgement


def test_a_mail_without_sender_to_the_desk_goes_to_the_mailroom(client, consultant, mailbox):
    deliver(client, load("no_from_to_token_en"), "", ["pomoc@support.example.com"])
    box = client.http.get("/consultant/mailroom/unparsed", headers=consultant).json_body
    assert [(m["detail"], m["subject"]) for m in box["mail"]] == [("no sender address", "Re: Status")]
