"""Issue 10 item 2: "processed once" means the same delivery, not the same Message-ID header.

SNS redelivers the same notification (same SES receipt), a sender's server may hand SES the same
mail twice (new receipt, same content): both are processed once. Scanners and broken mailers reuse
Message-IDs for different mails: each of those is kept.
"""

from __future__ import annotations

from chalicelib.core.tables import ThreadEntry, Ticket
from tests.fixtures import CUSTOMER
from tests.mail.inbound import deliver, mail

REUSED_ID = "<reused-by-a-scanner@mailer.example.org>"


def bodies(number: str) -> list[str]:
    return [e.body for e in ThreadEntry.query(number) if e.kind == "message"]


def test_two_different_replies_with_one_message_id_are_both_kept(client, closed_ticket):
    to = closed_ticket["reply_to"]
    deliver(client, mail(CUSTOMER, to, "Re: x", "Pierwsza wiadomość.", message_id=REUSED_ID), CUSTOMER, [to])
    deliver(client, mail(CUSTOMER, to, "Re: x", "Druga, inna wiadomość.", message_id=REUSED_ID), CUSTOMER, [to])
    assert bodies(closed_ticket["number"])[-2:] == ["Pierwsza wiadomość.", "Druga, inna wiadomość."]


def test_two_different_new_mails_with_one_message_id_open_two_tickets(client):
    for text in ("Drukarka nie drukuje.", "Skaner nie skanuje."):
        raw = mail("firma@example.net", "pomoc@support.example.com", "Problem", text, message_id=REUSED_ID)
        deliver(client, raw, "firma@example.net", ["pomoc@support.example.com"])
    tickets = list(Ticket.by_requester.query("firma@example.net"))
    assert sorted(bodies(t.number)[0] for t in tickets) == ["Drukarka nie drukuje.", "Skaner nie skanuje."]


def test_the_same_mail_handed_over_again_with_relay_headers_is_processed_once(client, closed_ticket, mailbox):
    to = closed_ticket["reply_to"]
    raw = mail(CUSTOMER, to, "Re: x", "Tylko raz.", message_id="<once@example.org>")
    deliver(client, raw, CUSTOMER, [to])
    sent = len(mailbox())
    # The sender's server timed out and sent it again: a new SES receipt, another Received line on top.
    again = b"Received: from mx2.example.org by inbound-smtp; Tue, 1 Dec 2026 10:00:00 +0000\r\n" + raw
    deliver(client, again, CUSTOMER, [to])
    assert bodies(closed_ticket["number"]).count("Tylko raz.") == 1
    assert len(mailbox()) == sent  # no second notice to the consultant


def test_a_redelivered_notification_is_processed_once(client, closed_ticket):
    to = closed_ticket["reply_to"]
    event = deliver(client, mail(CUSTOMER, to, "Re: x", "Raz."), CUSTOMER, [to])
    client.lambda_.invoke("inbound_mail", event)  # SNS: at least once
    assert bodies(closed_ticket["number"]).count("Raz.") == 1


def test_mail_without_message_id_is_told_apart_by_its_content(client, closed_ticket):
    to = closed_ticket["reply_to"]
    for text in ("Bez identyfikatora 1.", "Bez identyfikatora 2."):
        raw = mail(CUSTOMER, to, "Re: x", text)
        raw = b"\r\n".join(line for line in raw.split(b"\r\n") if not line.startswith(b"Message-ID:"))
        deliver(client, raw, CUSTOMER, [to])
        deliver(client, raw, CUSTOMER, [to])  # and each one handed over twice
    assert bodies(closed_ticket["number"])[-2:] == ["Bez identyfikatora 1.", "Bez identyfikatora 2."]


def test_unparsable_mail_redelivered_is_kept_once(client, consultant):
    event = deliver(client, b"\x00\x01 not a mail", "x@example.org", ["pomoc@support.example.com"])
    client.lambda_.invoke("inbound_mail", event)
    box = client.http.get("/consultant/mailroom/unparsed", headers=consultant).json_body
    assert len(box["mail"]) == 1
