"""Issue 10 item 1: long text never loses a mail.

A body over the inline bound is kept whole in S3; the thread entry holds a bounded excerpt and a
pointer, and consultants open the whole text through a short link. A 1 MB single-line reply and
a 435 KB new mail land (before the fix both exceeded DynamoDB's 400 KB item limit and vanished).
"""

from __future__ import annotations

import urllib.request
from urllib.parse import quote

from chalicelib.core.tables import ThreadEntry, Ticket
from tests.fixtures import CONSULTANT, CUSTOMER
from tests.mail.eml import load, stdlib_text
from tests.mail.inbound import deliver, mail

INLINE_BYTES = 32_000  # README: "Inbound mail limits"


def last_message(number: str) -> ThreadEntry:
    return [e for e in ThreadEntry.query(number, consistent_read=True) if e.kind == "message"][-1]


def whole_text(client, number: str, entry_id: str, consultant) -> tuple[dict, str]:
    link = client.http.get(f"/consultant/tickets/{number}/text?entry={quote(entry_id)}", headers=consultant)
    assert link.status_code == 200, link.body
    with urllib.request.urlopen(link.json_body["url"]) as response:
        assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
        return link.json_body, response.read().decode("utf-8")


def test_a_one_megabyte_single_line_reply_lands_and_opens_whole(client, closed_ticket, consultant, mailbox):
    number, to = closed_ticket["number"], closed_ticket["reply_to"]
    raw = load("long_log_reply_pl", reply_to=to)
    deliver(client, raw, CUSTOMER, [to])
    assert Ticket.get(number).status == "open"  # the reply reopened the ticket
    entry = last_message(number)
    assert entry.body.startswith("2026-11-25 10:15:00 BŁĄD zapis dokumentu nie powiódł się")
    assert len(entry.body.encode()) <= INLINE_BYTES and len(entry.full_body.encode()) <= INLINE_BYTES
    assert entry.text_size == 1_048_576
    detail = client.http.get(f"/consultant/tickets/{number}", headers=consultant).json_body
    [view] = [e for e in detail["thread"] if e["id"] == entry.entry_id]
    assert (view["truncated"], view["text_size"]) == (True, 1_048_576)
    link, text = whole_text(client, number, entry.entry_id, consultant)
    assert text == stdlib_text(raw) and len(text.encode()) == 1_048_576
    assert link["size"] == 1_048_576
    notice = mailbox()[-1]
    assert notice["to"] == [CONSULTANT] and len(notice["text"].encode()) < 2 * INLINE_BYTES


def test_a_435_kb_new_mail_opens_a_ticket_and_is_acknowledged(client, consultant, mailbox):
    raw = load("long_new_mail_en")
    assert len(raw) == 445_344
    deliver(client, raw, "john.smith@example.net", ["pomoc@support.example.com"])
    [ticket] = Ticket.by_requester.query("john.smith@example.net")
    entry = last_message(ticket.number)
    assert entry.body.startswith("Hello,\n\nthe payroll export fails every night.")
    assert len(entry.body.encode()) <= INLINE_BYTES and entry.text_size > 400_000
    _, text = whole_text(client, ticket.number, entry.entry_id, consultant)
    assert text == stdlib_text(raw).strip()
    assert mailbox()[-1]["to"] == ["john.smith@example.net"]  # the acknowledgement


def test_short_text_stays_inline_and_has_no_link(client, closed_ticket, consultant):
    number, to = closed_ticket["number"], closed_ticket["reply_to"]
    deliver(client, mail(CUSTOMER, to, "Re: x", "Krótko."), CUSTOMER, [to])
    entry = last_message(number)
    assert (entry.body, entry.full_body, entry.text_key, entry.text_size) == ("Krótko.", "Krótko.", None, None)
    answer = client.http.get(f"/consultant/tickets/{number}/text?entry={quote(entry.entry_id)}", headers=consultant)
    assert answer.status_code == 404


def test_the_text_link_is_for_consultants_and_for_entries_of_that_ticket(client, closed_ticket, consultant,
                                                                          customer):
    number, to = closed_ticket["number"], closed_ticket["reply_to"]
    deliver(client, load("long_log_reply_pl", reply_to=to), CUSTOMER, [to])
    entry = last_message(number)
    path = f"/consultant/tickets/{number}/text?entry={quote(entry.entry_id)}"
    assert client.http.get(path, headers=customer).status_code == 403
    assert client.http.get(f"/consultant/tickets/{number}/text", headers=consultant).status_code == 400
    other = deliver_elsewhere(client)
    assert client.http.get(f"/consultant/tickets/{other}/text?entry={quote(entry.entry_id)}",
                           headers=consultant).status_code == 404


def deliver_elsewhere(client) -> str:
    deliver(client, mail("inny@example.org", "pomoc@support.example.com", "Inna sprawa", "Tekst."),
            "inny@example.org", ["pomoc@support.example.com"])
    return next(iter(Ticket.by_requester.query("inny@example.org"))).number


def test_huge_header_values_are_bounded_and_the_mail_lands(client, closed_ticket, consultant):
    number, to = closed_ticket["number"], closed_ticket["reply_to"]
    # Written by hand: the standard library takes a minute to fold a subject this long.
    raw = (f"From: {CUSTOMER}\r\nTo: {to}\r\nSubject: Re:" + "\r\n bardzo dlugi temat" * 20_000
           + "\r\nMessage-ID: <" + "x" * 5_000 + "@example.org>\r\nContent-Type: text/plain; charset=utf-8"
           + "\r\n\r\nTreść.\r\n").encode()
    deliver(client, raw, CUSTOMER, [to])
    entry = last_message(number)
    assert (entry.body, len(entry.subject), entry.message_id) == ("Treść.", 998, None)
    long_sender = "a" * 300 + "@example.org"
    deliver(client, mail(long_sender, "pomoc@support.example.com", "Hej", "Tekst."), long_sender,
            ["pomoc@support.example.com"])
    box = client.http.get("/consultant/mailroom/unparsed", headers=consultant).json_body
    assert [m["detail"] for m in box["mail"]] == ["no sender address"]
